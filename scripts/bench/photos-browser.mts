/**
 * CLI: npm run bench:photos:browser [-- --build] [--timeout 600]
 * The photo studio in headless Chromium (Debian's /usr/bin/chromium) on the built app served by
 * `wrangler dev`, driven like a person: open a 512×512 and a 2048×1536 photo (a held-out Train400
 * picture scaled up, with σ = 25 noise), denoise it with the shipped denoiser, and run 10 steps of
 * style transfer (random features; the working size is 256 or 512 px whatever the photo's size).
 * Per backend: WASM SIMD + threads (the reference), WASM on one thread, the CPU backend, and WebGPU
 * when an adapter exists. Latency is the app's own figure; peak memory is the rise in the resident
 * memory of all Chromium processes over the idle page, sampled every 100 ms.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startLocalStack } from '../lib/local-stack.mjs';
import { TRAIN400_DIR } from '../pretrain/jobs.mts';
import { BROWSER_BACKENDS, withBenchBrowser, type BackendConfig } from './lib/browser-backends.mts';
import { fmt, markdownTable } from './lib/table.mts';
import { writeResults } from './lib/results.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		build: { type: 'boolean', default: false },
		timeout: { type: 'string', default: '600' },
		out: { type: 'string', default: 'bench/results' }
	}
});
const TIMEOUT_MS = Number(values.timeout) * 1000;

/** The ratios are taken against WASM with threads, the app's default where it can run. */
const REFERENCE = 'WASM SIMD + threads';
const SIZES = [
	[512, 512],
	[2048, 1536]
] as const;

interface Measure {
	/** The app's own time for the whole job (s), or why there is none. */
	seconds?: number;
	error?: string;
	/** Rise of Chromium's resident memory over the idle page (MiB). */
	peakMiB?: number;
}
type Results = Record<string, Record<string, Measure>>;

/** Resident memory of every Chromium process, in KiB. */
function chromiumRssKiB(): number {
	try {
		const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
		return out
			.split('\n')
			.map(Number)
			.filter((n) => Number.isFinite(n))
			.reduce((s, n) => s + n, 0);
	} catch {
		return NaN;
	}
}

/** Runs `job` while sampling Chromium's memory; returns the job's result and the peak rise. */
async function withPeak<T>(job: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
	const base = chromiumRssKiB();
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, chromiumRssKiB())), 100);
	try {
		const value = await job();
		return { value, peakMiB: (peak - base) / 1024 };
	} finally {
		clearInterval(timer);
	}
}

/** A held-out Train400 picture (test_001 is never trained on) scaled to w×h, σ = 25 noise. */
async function noisyPhoto(w: number, h: number): Promise<Buffer> {
	const { data } = await sharp(join(TRAIN400_DIR, 'test_001.png'))
		.resize(w, h, { fit: 'cover' })
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	let s = 12345;
	const gauss = () => {
		// Box–Muller on a small LCG: the same noise every run.
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		const u = 1 - s / 2 ** 32;
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * s) / 2 ** 32);
	};
	const out = Buffer.alloc(data.length);
	for (let i = 0; i < data.length; i++)
		out[i] = Math.max(0, Math.min(255, data[i]! + 25 * gauss()));
	return sharp(out, { raw: { width: w, height: h, channels: 3 } })
		.png()
		.toBuffer();
}

/** The number after `prefix` in the done line ("… in 3.2 s" → 3.2). */
async function doneSeconds(page: Page, selector: string, re: RegExp): Promise<number> {
	const done = page.locator(selector);
	const error = page.getByTestId('error');
	await Promise.race([
		done.waitFor({ timeout: TIMEOUT_MS }),
		error.waitFor({ timeout: TIMEOUT_MS })
	]);
	if (await error.count()) throw new Error((await error.innerText()).split('\n')[0]);
	const text = await done.innerText();
	const m = re.exec(text);
	if (!m) throw new Error(`unexpected done line: ${text}`);
	return Number(m[1]);
}

type Task = { tool: 'denoise' | 'stylize'; w: number; h: number };
const TASKS: Task[] = SIZES.flatMap(([w, h]) => [
	{ tool: 'denoise' as const, w, h },
	{ tool: 'stylize' as const, w, h }
]);
/** Style transfer's working size: it optimises every pixel, so big photos are scaled down. */
const styleSide = (w: number) => (w <= 512 ? 256 : 512);
const taskName = (t: Task) =>
	t.tool === 'denoise'
		? `denoise ${t.w}×${t.h}`
		: `stylize ${t.w}×${t.h} (${styleSide(t.w)} px, 10 steps)`;

/**
 * One task in a fresh browser profile, so each peak is measured from the same idle page with
 * the photo open (memory a previous task took is not handed back to the OS, and would hide it).
 */
async function measureTask(url: string, cfg: BackendConfig, task: Task): Promise<Measure | string> {
	return withBenchBrowser(cfg, TIMEOUT_MS, async (page) => {
		await page.goto(`${url}/photos${cfg.query}`);
		if (cfg.webgpu) {
			const adapter = await page.evaluate(async () => {
				const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
				return Boolean(await gpu?.requestAdapter().catch(() => null));
			});
			if (!adapter) return 'no WebGPU adapter in this Chromium';
		}
		const { w, h } = task;
		await page.getByTestId('file-input').setInputFiles({
			name: `photo-${w}.png`,
			mimeType: 'image/png',
			buffer: await noisyPhoto(w, h)
		});
		await page
			.getByTestId('photo-info')
			.filter({ hasText: `${w} × ${h}` })
			.waitFor();
		if (task.tool === 'stylize') {
			await page.getByTestId('tab-stylize').click();
			await page.getByTestId('style-size').selectOption(String(styleSide(w)));
			await page.getByTestId('style-iterations').fill('10');
		}
		await page.waitForTimeout(1000);
		try {
			const r = await withPeak(async () => {
				if (task.tool === 'stylize') {
					await page.getByTestId('stylize').click();
					return doneSeconds(page, '[data-testid="done"][data-where="style"]', /in ([\d.]+) s/);
				}
				await page.getByTestId('denoise').click();
				// A device without WebGPU or WASM is asked first; this benchmark stays on it.
				const stay = page.getByTestId('offer-cpu');
				if (await stay.isVisible().catch(() => false)) await stay.click();
				return doneSeconds(page, '[data-testid="done"]:not([data-where])', /in ([\d.]+) s/);
			});
			return { seconds: r.value, peakMiB: r.peakMiB };
		} catch (err) {
			return { error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
		}
	});
}

if (values.build) {
	log('building the app…');
	const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (b.status !== 0) process.exit(b.status ?? 1);
}
const server = await startLocalStack();
log(`wrangler dev at ${server.url}`);
const results: Results = {};
const skipped: Record<string, string> = {};
try {
	for (const cfg of BROWSER_BACKENDS) {
		for (const task of TASKS) {
			const r = await measureTask(server.url, cfg, task).catch((e: unknown) => ({
				error: e instanceof Error ? e.message.split('\n')[0] : String(e)
			}));
			if (typeof r === 'string') {
				skipped[cfg.label] = r;
				break;
			}
			(results[cfg.label] ??= {})[taskName(task)] = r;
			log(`${cfg.label} · ${taskName(task)}: ${JSON.stringify(r)}`);
		}
	}
} finally {
	await server.stop();
}

const ref = results[REFERENCE] ?? {};
const tasks = TASKS.map(taskName);
const rows = Object.entries(results).flatMap(([label, r]) =>
	tasks.map((task) => {
		const m = r[task];
		const base = ref[task]?.seconds;
		return [
			label,
			task,
			m?.seconds !== undefined ? fmt(m.seconds, 2) : (m?.error ?? '–'),
			m?.seconds !== undefined && base ? (m.seconds / base).toFixed(2) : '–',
			m?.peakMiB !== undefined ? fmt(m.peakMiB, 0) : '–'
		];
	})
);
console.log(
	`\nPhoto studio in headless Chromium; ${cpus().length} cores, load average ${(loadavg()[0] ?? NaN).toFixed(1)} at the end\n`
);
console.log(
	markdownTable(['Backend', 'Task', 'Seconds', `÷ ${REFERENCE}`, 'Peak RSS rise (MiB)'], rows)
);
for (const [label, why] of Object.entries(skipped)) console.log(`${label}: skipped (${why})`);
await writeResults(values.out ?? 'bench/results', 'photos-browser', { results, skipped });

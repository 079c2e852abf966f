/**
 * CLI: npm run bench:browser [-- --seconds 8] [--models dense-ae,conv-ae,vae,dcgan] [--build]
 * Training throughput in headless Chromium (Debian's /usr/bin/chromium) through the app's own
 * "Measure training speed" diagnostics, on the built app served by `wrangler dev`:
 * WASM SIMD + threads, WASM SIMD on one thread, the CPU backend, and WebGPU when an adapter exists
 * (headless Chromium only has SwiftShader's software adapter, reported as such). The reference is
 * the single-threaded WASM SIMD run of the same session, so the ratios show what threads (and the
 * other backends) buy on this machine. Writes bench/results/<date>-<host>-browser.json.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { startLocalStack } from '../lib/local-stack.mjs';
import { BROWSER_BACKENDS, withBenchBrowser, type BackendConfig } from './lib/browser-backends.mts';
import { fmt, markdownTable } from './lib/table.mts';
import { writeResults } from './lib/results.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		seconds: { type: 'string', default: '8' },
		models: { type: 'string', default: 'dense-ae,conv-ae,vae,dcgan' },
		build: { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' }
	}
});
const seconds = Number(values.seconds);
const models = (values.models ?? '').split(',').filter(Boolean);

/** The first is the reference the ratios are taken against. */
const CONFIGS = BROWSER_BACKENDS;

interface Row {
	kind: string;
	samplesPerSec: number;
	peakBytes: number;
	leakFree: boolean;
	backend: string;
	threads: number;
}

if (values.build) {
	log('building the app…');
	const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (b.status !== 0) process.exit(b.status ?? 1);
}

const server = await startLocalStack();
log(`wrangler dev at ${server.url}`);

/** Runs the settings page's speed test in a fresh browser profile with one configuration. */
async function measure(
	cfg: BackendConfig
): Promise<{ rows: Row[]; detail: string } | { error: string }> {
	// The CPU backend and a software WebGPU adapter take many seconds per DCGAN step.
	return withBenchBrowser(cfg, 60_000 + models.length * (seconds + 300) * 1000, async (page) => {
		const sep = cfg.query ? '&' : '?';
		await page.goto(`${server.url}/settings${cfg.query}${sep}benchSeconds=${seconds}`);
		const detail = page.getByTestId('backend-detail');
		await page.waitForFunction(
			() =>
				!/starting/i.test(
					document.querySelector('[data-testid=backend-detail]')?.textContent ?? 'starting'
				)
		);
		const text = await detail.innerText();
		if (cfg.webgpu && !/WebGPU/.test(text)) return { error: `no WebGPU adapter (${text})` };
		await page.getByTestId('speed-test').click();
		const table = page.locator('[data-testid=speed-result][data-done=true]');
		const error = page.locator('.speed [role=alert]');
		await Promise.race([table.waitFor(), error.waitFor()]);
		if (await error.count()) return { error: await error.innerText() };
		const rows = JSON.parse((await table.getAttribute('data-json')) ?? '[]') as Row[];
		return { rows, detail: text };
	});
}

const results: Record<string, { rows: Row[]; detail: string } | { error: string }> = {};
try {
	for (const cfg of CONFIGS) {
		log(`${cfg.label}: ${models.length} models × ${seconds} s…`);
		results[cfg.label] = await measure({ ...cfg }).catch((e: unknown) => ({
			error: e instanceof Error ? e.message.split('\n')[0]! : String(e)
		}));
		const r = results[cfg.label]!;
		log('error' in r ? `  skipped: ${r.error}` : `  ${r.detail}`);
	}
} finally {
	await server.stop();
}

const reference = results[CONFIGS[0]!.label];
const refRate = (kind: string) =>
	reference && 'rows' in reference
		? reference.rows.find((r) => r.kind === kind)?.samplesPerSec
		: undefined;
const header = ['Backend', ...models.flatMap((m) => [`${m} samples/s`, `÷ WASM 1 thread`])];
const table = markdownTable(
	header,
	CONFIGS.map((cfg) => {
		const r = results[cfg.label]!;
		if ('error' in r) return [cfg.label, ...models.flatMap(() => ['skipped', '–'])];
		return [
			`${cfg.label} (${r.detail.replace(/\s+/g, ' ').slice(0, 60)})`,
			...models.flatMap((m) => {
				const row = r.rows.find((x) => x.kind === m);
				const ref = refRate(m);
				return row
					? [fmt(row.samplesPerSec, 1), ref ? (row.samplesPerSec / ref).toFixed(2) : '–']
					: ['–', '–'];
			})
		];
	})
);
const load = loadavg()[0] ?? NaN;
console.log(
	`\nTraining throughput in headless Chromium, batch 64, ${seconds} s per model after 2 warm-up steps; ${cpus().length} cores, load average ${load.toFixed(1)} at the end\n`
);
console.log(table);
const skipped = Object.entries(results).filter(([, r]) => 'error' in r);
for (const [label, r] of skipped)
	console.log(`\n${label}: skipped — ${'error' in r ? r.error : ''}`);
const leaks = Object.entries(results).flatMap(([label, r]) =>
	'rows' in r ? r.rows.filter((x) => !x.leakFree).map((x) => `${label}/${x.kind}`) : []
);
console.log(
	leaks.length
		? `\nTensor count grew during: ${leaks.join(', ')}`
		: '\nNo tensor growth in any run.'
);
writeResults(values.out ?? 'bench/results', 'browser', { seconds, results });

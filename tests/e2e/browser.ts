// Launches Debian's Chromium through playwright-core with a fresh profile, as a person's browser.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/lib/chromium.mjs';

export { CHROMIUM };

export interface LaunchOptions {
	/** Expose the (software) WebGPU adapter headless Chromium has. */
	webgpu?: boolean;
	viewport?: { width: number; height: number };
	locale?: string;
	/** Reuse a profile folder (e.g. to reopen the same browser); a fresh one otherwise. */
	userDataDir?: string;
}

export interface Session {
	context: BrowserContext;
	page: Page;
	userDataDir: string;
	/** Errors the page threw or logged; tests assert this stays empty. */
	pageErrors: string[];
	close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/** Starts Chromium with a fresh user-data-dir and opens one page. */
export async function launch(opts: LaunchOptions = {}): Promise<Session> {
	const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'latent-lab-chromium-'));
	const args = [...CHROMIUM_FLAGS, opts.webgpu ? '--enable-unsafe-webgpu' : '--disable-gpu'];
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		args,
		viewport: opts.viewport ?? { width: 1280, height: 800 },
		locale: opts.locale ?? 'en-US',
		serviceWorkers: 'allow'
	});
	// Two shared cores run the app, the Worker and wasm threads at once: be patient, not flaky.
	context.setDefaultTimeout(90_000);
	const page = context.pages()[0] ?? (await context.newPage());
	const pageErrors: string[] = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	return {
		context,
		page,
		userDataDir,
		pageErrors,
		async close({ keepProfile = false } = {}) {
			await context.close();
			if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
		}
	};
}

/**
 * Waits until the training page's phase is one of `want` (polling its `data-phase`); a run that
 * fails throws with the page's message instead of waiting out the time-out.
 */
export async function waitForPhase(
	page: Page,
	want: string[],
	timeoutMs = 180_000
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const p = await page.getByTestId('phase').getAttribute('data-phase');
		if (p && want.includes(p)) return p;
		if (p === 'error') throw new Error(await page.getByTestId('phase').innerText());
		await page.waitForTimeout(250);
	}
	throw new Error(`phase never became ${want.join('/')}`);
}

/** Waits until the job of the section `id` (explore, uses) is done; throws with its message if it failed. */
export async function waitForJob(page: Page, id: string, timeoutMs = 150_000): Promise<void> {
	const status = page.getByTestId(`${id}-status`);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const phase = await status.getAttribute('data-phase');
		if (phase === 'done') return;
		if (phase === 'error') throw new Error(await page.getByRole('alert').first().innerText());
		await page.waitForTimeout(300);
	}
	throw new Error(`${id} never finished`);
}

/** Where screenshots and other artifacts go (kept by CI as test artifacts). */
export function artifactPath(name: string): string {
	const dir = join('test-results', 'screenshots');
	mkdirSync(dir, { recursive: true });
	return join(dir, name);
}

/**
 * Clicks `button` as a person would and measures, in the page, the milliseconds from that click
 * to the moment `doneSelector` matches (Infinity after 30 s), so the figure leaves out the test
 * driver's round trips (hundreds of ms on a loaded two-core machine).
 */
export async function msFromClickUntil(
	page: Page,
	button: Locator,
	doneSelector: string
): Promise<number> {
	await page.evaluate(() => {
		const w = window as unknown as { clickedAt?: number };
		w.clickedAt = undefined;
		addEventListener('click', () => (w.clickedAt = performance.now()), {
			capture: true,
			once: true
		});
	});
	await button.click();
	return page.evaluate(
		(selector) =>
			new Promise<number>((resolve) => {
				const w = window as unknown as { clickedAt?: number };
				const observer = new MutationObserver(() => check());
				// Never: the test's bound fails with Infinity instead of a 4-minute time-out.
				const giveUp = setTimeout(() => finish(Infinity), 30_000);
				const finish = (ms: number) => {
					observer.disconnect();
					clearTimeout(giveUp);
					resolve(ms);
				};
				const check = () => {
					if (w.clickedAt !== undefined && document.querySelector(selector))
						finish(performance.now() - w.clickedAt);
				};
				observer.observe(document, { subtree: true, childList: true, attributes: true });
				check();
			}),
		doneSelector
	);
}

/**
 * Opens the photo studio at `url` (on WASM), opens one of the bundled paintings as the photo and
 * switches to the Stylize tab, as a person would.
 */
export async function stylizeTabWithPainting(
	page: Page,
	url: string,
	painting: string
): Promise<void> {
	await page.goto(`${url}/photos?backend=wasm`);
	await page
		.getByTestId('file-input')
		.setInputFiles(join(process.cwd(), 'static', 'styles', painting));
	await page.getByTestId('photo-info').waitFor();
	await page.getByTestId('tab-stylize').click();
}

/**
 * How a result compares with its photo in the studio's before/after view, both drawn at 16×16:
 * the Pearson correlation of their luma (coarse light and dark kept) and the mean RGB distance
 * per pixel (colours moved).
 */
export async function beforeAfterStats(page: Page): Promise<{ r: number; shift: number }> {
	return page.evaluate(() => {
		const small = (id: string) => {
			const src = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`)!;
			const c = document.createElement('canvas');
			c.width = 16;
			c.height = 16;
			const ctx = c.getContext('2d')!;
			ctx.drawImage(src, 0, 0, 16, 16);
			return ctx.getImageData(0, 0, 16, 16).data;
		};
		const a = small('before');
		const b = small('after');
		const luma = (d: Uint8ClampedArray, i: number) =>
			0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
		const xs: number[] = [];
		const ys: number[] = [];
		let shift = 0;
		for (let i = 0; i < a.length; i += 4) {
			xs.push(luma(a, i));
			ys.push(luma(b, i));
			shift += Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!, a[i + 2]! - b[i + 2]!);
		}
		const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
		const mx = mean(xs);
		const my = mean(ys);
		let sxy = 0;
		let sxx = 0;
		let syy = 0;
		xs.forEach((x, k) => {
			sxy += (x - mx) * (ys[k]! - my);
			sxx += (x - mx) ** 2;
			syy += (ys[k]! - my) ** 2;
		});
		return { r: sxy / Math.sqrt(sxx * syy), shift: shift / xs.length };
	});
}

/**
 * Waits until the service worker has installed and controls the page already open, reloading as
 * needed (the worker does not claim clients on install, on purpose).
 */
export async function untilControlled(s: Session): Promise<void> {
	// `ready` never settles when registration fails (e.g. a 404 for the script): bound the wait.
	const ready = await s.page.evaluate(
		() =>
			new Promise<boolean>((resolve) => {
				const giveUp = setTimeout(() => resolve(false), 60_000);
				void navigator.serviceWorker.ready.then(() => {
					clearTimeout(giveUp);
					resolve(true);
				});
			})
	);
	if (!ready) throw new Error(`no service worker registered from ${s.page.url()}`);
	for (let i = 0; i < 60; i++) {
		if (await s.page.evaluate(() => Boolean(navigator.serviceWorker.controller))) return;
		await s.page.reload();
		await s.page.waitForTimeout(500);
	}
	throw new Error('service worker never took control');
}

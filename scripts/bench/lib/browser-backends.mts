/** The tfjs backends the browser benchmarks compare, and a fresh headless Chromium per run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../lib/chromium.mjs';

export interface BackendConfig {
	label: string;
	/** The app's query string that forces this backend. */
	query: string;
	webgpu?: boolean;
}

/** Every backend the app offers, as `?backend=` forces them. */
export const BROWSER_BACKENDS: readonly BackendConfig[] = [
	{ label: 'WASM SIMD, 1 thread', query: '?backend=wasm&threads=1' },
	{ label: 'WASM SIMD + threads', query: '?backend=wasm' },
	{ label: 'CPU (JS)', query: '?backend=cpu' },
	{ label: 'WebGPU', query: '?backend=webgpu', webgpu: true }
];

/** Runs `fn` in headless Chromium with a throw-away profile; the browser is closed afterwards. */
export async function withBenchBrowser<T>(
	cfg: BackendConfig,
	timeoutMs: number,
	fn: (page: Page, context: BrowserContext) => Promise<T>
): Promise<T> {
	const profile = mkdtempSync(join(tmpdir(), 'latent-lab-bench-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [...CHROMIUM_FLAGS, cfg.webgpu ? '--enable-unsafe-webgpu' : '--disable-gpu']
	});
	try {
		context.setDefaultTimeout(timeoutMs);
		const page = context.pages()[0] ?? (await context.newPage());
		return await fn(page, context);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

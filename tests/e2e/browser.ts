// Launches Debian's Chromium through playwright-core with a fresh profile, as a person's browser.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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

/** Where screenshots and other artifacts go (kept by CI as test artifacts). */
export function artifactPath(name: string): string {
	const dir = join('test-results', 'screenshots');
	mkdirSync(dir, { recursive: true });
	return join(dir, name);
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

import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

/** Opens settings, runs the diagnostics matMul and returns what it reported. */
async function selfTest(s: Session, query = '') {
	await s.page.goto(`${base}/settings${query}`);
	await s.page.getByTestId('self-test').click();
	const result = s.page.getByTestId('self-test-result');
	await result.waitFor({ timeout: 120_000 });
	return {
		backend: await result.getAttribute('data-backend'),
		threads: Number(await result.getAttribute('data-threads')),
		maxError: Number(await result.getAttribute('data-max-error')),
		detail: await s.page.getByTestId('backend-detail').innerText()
	};
}

describe('compute backends in the production build', () => {
	it('is cross-origin isolated and runs the threaded SIMD WASM build in the production bundle', async () => {
		session = await launch();
		const wasmFiles: string[] = [];
		session.page.on('request', (r) => {
			if (r.url().endsWith('.wasm')) wasmFiles.push(r.url());
		});
		await session.page.goto(base);
		expect(await session.page.evaluate(() => crossOriginIsolated)).toBe(true);
		const r = await selfTest(session, '?backend=wasm');
		expect(r.backend).toBe('wasm');
		expect(r.maxError).toBeLessThan(1e-3);
		expect(r.detail).toMatch(/WASM · \d+ threads? · SIMD/);
		// Every logical core gets an XNNPACK thread (tfjs alone would halve it: 1 on 2 cores).
		const cores = await session.page.evaluate(() => navigator.hardwareConcurrency);
		expect(r.threads).toBe(Math.min(8, cores));
		// The threaded build loads and starts its pthread workers (blob workers) unminified-safe.
		expect(wasmFiles.some((u) => u.includes('threaded-simd'))).toBe(true);
		const blobWorkers = session.page.workers().filter((w) => w.url().startsWith('blob:'));
		expect(blobWorkers.length).toBeGreaterThan(0);
		expect(session.pageErrors).toEqual([]);
	});

	it('measures training speed of the four default models on WASM without leaking tensors', async () => {
		session = await launch();
		await session.page.goto(`${base}/settings?backend=wasm&benchSeconds=1`);
		await session.page.getByTestId('speed-test').click();
		const table = session.page.locator('[data-testid=speed-result][data-done=true]');
		await table.waitFor({ timeout: 240_000 });
		const rows = JSON.parse((await table.getAttribute('data-json')) ?? '[]') as {
			kind: string;
			samplesPerSec: number;
			steps: number;
			leakFree: boolean;
			backend: string;
		}[];
		expect(rows.map((r) => r.kind)).toEqual(['dense-ae', 'conv-ae', 'vae', 'dcgan']);
		for (const r of rows) {
			expect(r.backend).toBe('wasm');
			expect(r.steps).toBeGreaterThanOrEqual(3);
			expect(r.samplesPerSec).toBeGreaterThan(0);
			expect(r.leakFree, r.kind).toBe(true);
		}
		expect(await table.locator('tbody tr').count()).toBe(4);
		expect(session.pageErrors).toEqual([]);
	});

	it('chooses WebGPU automatically when an adapter exists, and says it is a software one', async () => {
		session = await launch({ webgpu: true });
		const r = await selfTest(session);
		expect(r.backend).toBe('webgpu');
		expect(r.maxError).toBeLessThan(1e-2);
		expect(r.detail).toContain('WebGPU');
		expect(r.detail).toContain('software adapter');
	});

	it('falls back from WebGPU to WASM with the reason shown', async () => {
		session = await launch();
		const r = await selfTest(session);
		expect(r.backend).toBe('wasm');
		expect(r.detail).toMatch(/WebGPU unavailable: /);
	});

	it('?backend=cpu forces the CPU backend', async () => {
		session = await launch({ webgpu: true });
		const r = await selfTest(session, '?backend=cpu');
		expect(r.backend).toBe('cpu');
		expect(r.maxError).toBeLessThan(1e-3);
		expect(r.detail).toContain('CPU');
	});
});

describe('shell', () => {
	it('renders the home page with the four labs and a friendly 404 for unknown pages', async () => {
		session = await launch();
		const res = await session.page.goto(base);
		expect(res?.status()).toBe(200);
		for (const name of ['Train', 'Photos', 'Generate', 'My models']) {
			await session.page.getByRole('heading', { name, level: 3 }).waitFor();
		}
		const missing = await session.page.goto(`${base}/no/such/page`);
		expect(missing?.status()).toBe(404);
		await session.page.getByTestId('error-page').waitFor();
		expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(
			'Page not found'
		);
	});

	it('speaks Korean to a Korean browser and switches language in settings', async () => {
		session = await launch({ locale: 'ko-KR' });
		await session.page.goto(base);
		await session.page.getByRole('heading', { name: '학습', level: 3 }).waitFor();
		expect(await session.page.evaluate(() => document.documentElement.lang)).toBe('ko');
		await session.page.goto(`${base}/settings`);
		await session.page.getByLabel('언어').selectOption('en');
		await session.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await session.page.goto(base);
		await session.page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
	});

	it('is keyboard navigable: Tab reaches the skip link and the lab cards', async () => {
		session = await launch();
		await session.page.goto(base);
		await session.page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
		await session.page.keyboard.press('Tab');
		expect(await session.page.evaluate(() => document.activeElement?.textContent)).toBe(
			'Skip to content'
		);
		const reached: string[] = [];
		for (let i = 0; i < 15; i++) {
			await session.page.keyboard.press('Tab');
			reached.push(
				await session.page.evaluate(() => document.activeElement?.getAttribute('href') ?? '')
			);
		}
		expect(reached).toContain('/photos');
		expect(reached).toContain('/settings');
	});
});

describe('layout', () => {
	it('takes phone and laptop screenshots and never overflows horizontally at 360 px', async () => {
		for (const [name, viewport] of [
			['home-375x812.png', { width: 375, height: 812 }],
			['home-1280x800.png', { width: 1280, height: 800 }]
		] as const) {
			session = await launch({ viewport });
			await session.page.goto(base);
			await session.page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
			await session.page.screenshot({ path: artifactPath(name), fullPage: true });
			await session.close();
			session = undefined;
		}
		session = await launch({ viewport: { width: 360, height: 740 } });
		for (const path of [
			'/',
			'/settings',
			'/train',
			'/photos',
			'/generate',
			'/models',
			'/nowhere'
		]) {
			await session.page.goto(base + path);
			await session.page.locator('main').waitFor();
			await session.page.waitForTimeout(200);
			const overflow = await session.page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
		await session.page.goto(`${base}/settings`);
		await session.page.getByTestId('backend-detail').waitFor();
		await session.page.screenshot({ path: artifactPath('settings-360.png'), fullPage: true });
	});
});

import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session, waitForPhase } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

describe('training in the browser', () => {
	it('trains a conv AE on WASM: chart and samples update, pause/step/resume, stop; the page stays responsive', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/train/conv-ae?backend=wasm&steps=100000&batchSize=32&seed=7`);
		expect(await page.locator('input[name="seed"]').inputValue()).toBe('7');
		await page.getByTestId('start').click();
		await waitForPhase(session.page, ['running']);
		// Several progress reports: the chart has points and the sample grid is drawn.
		await page.waitForFunction(
			() =>
				Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >=
				3,
			undefined,
			{ timeout: 120_000 }
		);
		const grid = page.getByTestId('sample-grid');
		await grid.waitFor();
		const before = await grid.evaluate((c: HTMLCanvasElement) => c.toDataURL());

		// The main thread answers while the worker trains: a click handler runs within 500 ms.
		const latency = await page.evaluate(async () => {
			const t0 = performance.now();
			await new Promise<void>((r) => requestAnimationFrame(() => r()));
			return performance.now() - t0;
		});
		expect(latency).toBeLessThan(500);

		await page.getByTestId('pause').click();
		await waitForPhase(session.page, ['paused']);
		const pausedAt = await page.getByTestId('progress').getAttribute('value');
		await page.waitForTimeout(1500);
		expect(await page.getByTestId('progress').getAttribute('value')).toBe(pausedAt);
		await page.getByTestId('step').click();
		await page.waitForFunction(
			(v) => document.querySelector('[data-testid="progress"]')?.getAttribute('value') !== v,
			pausedAt,
			{ timeout: 60_000 }
		);
		await page.getByTestId('resume').click();
		await waitForPhase(session.page, ['running']);
		await page.waitForFunction(
			(b) =>
				(document.querySelector('[data-testid="sample-grid"]') as HTMLCanvasElement).toDataURL() !==
				b,
			before,
			{ timeout: 120_000 }
		);
		await page.screenshot({ path: artifactPath('train-conv-ae.png'), fullPage: true });
		await page.getByTestId('stop').click();
		await waitForPhase(session.page, ['stopped']);
		expect(await page.getByTestId('backend-status').innerText()).toContain('WASM');
		expect(session.pageErrors).toEqual([]);
	});

	it('trains a conv AE on WebGPU (software adapter) for a few steps', async () => {
		session = await launch({ webgpu: true });
		const { page } = session;
		await page.goto(`${base}/train/conv-ae?steps=3&batchSize=8`);
		await page.getByTestId('start').click();
		await waitForPhase(session.page, ['done'], 240_000);
		expect(await page.getByTestId('backend-status').innerText()).toContain('WebGPU');
		expect(session.pageErrors).toEqual([]);
	});
});

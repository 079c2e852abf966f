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

		// A second run: none of the first run's samples stay on screen while it starts.
		await page.getByTestId('start').click();
		expect(await page.getByTestId('sample-grid').count()).toBe(0);
		await waitForPhase(session.page, ['running']);
		await page.getByTestId('stop').click();
		await waitForPhase(session.page, ['stopped']);
		expect(session.pageErrors).toEqual([]);
	});

	it('slows a GAN down when "Slow motion" is ticked before the run starts', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/train/gan?backend=wasm&steps=100000&batchSize=16`);
		await page.getByLabel('Slow motion').check();
		await page.getByTestId('start').click();
		await waitForPhase(session.page, ['running']);
		const step = async () =>
			Number(await page.getByTestId('progress').getAttribute('value')) * 100_000;
		const stepsIn = async (ms: number) => {
			const s0 = await step();
			await page.waitForTimeout(ms);
			return (await step()) - s0;
		};
		// 400 ms a step: at most 8 steps in 3 s; unticked, the same run goes several times faster.
		const slowed = await stepsIn(3000);
		await page.getByLabel('Slow motion').uncheck();
		await page.waitForTimeout(300);
		const full = await stepsIn(3000);
		console.log(`[train] GAN steps in 3 s: slow motion ${slowed}, full speed ${full}`);
		expect(slowed).toBeLessThanOrEqual(8);
		expect(full).toBeGreaterThan(2 * slowed + 4);
		await page.getByTestId('stop').click();
		await waitForPhase(session.page, ['stopped']);
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

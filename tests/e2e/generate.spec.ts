// The Generate page with the pretrained DCGAN, used like a person would: the seeded grid, the
// latent sliders (starting at the grid's first sample), the interpolation, new samples and the
// PNG download.
import { readFile } from 'node:fs/promises';
import { decode as decodePng } from 'fast-png';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

/** A canvas's grey levels (its red channel) and size; empty until it is drawn. */
async function pixels(
	page: Page,
	testid: string
): Promise<{ width: number; height: number; grey: number[] }> {
	return page.getByTestId(testid).evaluate((c: HTMLCanvasElement) => {
		const px = c.width ? c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data : undefined;
		const grey: number[] = [];
		if (px) for (let i = 0; i < px.length; i += 4) grey.push(px[i] ?? 0);
		return { width: c.width, height: c.height, grey };
	});
}

/** The 28×28 cell at column `col` of a grid canvas drawn with 1-pixel gaps. */
function cell(img: { width: number; grey: number[] }, col: number): number[] {
	const out: number[] = [];
	for (let y = 0; y < 28; y++) {
		for (let x = 0; x < 28; x++) out.push(img.grey[y * img.width + col * 29 + x] ?? 0);
	}
	return out;
}

function maxAbsDiff(a: number[], b: number[]): number {
	return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? 0))), 0);
}

function meanAbsDiff(a: number[], b: number[]): number {
	return a.reduce((s, v, i) => s + Math.abs(v - (b[i] ?? 0)), 0) / a.length;
}

const lit = (a: number[]) => a.filter((v) => v > 32).length;

describe('generate page', () => {
	it('samples a seeded grid, moves the latent sliders, interpolates and downloads the PNG', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/generate?model=w:dcgan-fashion`);

		// 64 samples, 8 × 8 cells of 28 px with 1-pixel gaps.
		await expect
			.poll(async () => (await pixels(page, 'generated-grid')).width, { timeout: 120_000 })
			.toBe(8 * 29 - 1);
		const grid = await pixels(page, 'generated-grid');
		const first = cell(grid, 0);
		expect(lit(first)).toBeGreaterThan(40);

		// The sliders start at the first sample: their image is that cell (one image decoded alone
		// may round a grey level differently from the same image in a batch of 64).
		await expect
			.poll(async () => (await pixels(page, 'slider-image')).width, { timeout: 60_000 })
			.toBe(28);
		const start = (await pixels(page, 'slider-image')).grey;
		expect(maxAbsDiff(start, first)).toBeLessThanOrEqual(2);

		// Moving z1 by +1.5 with the keyboard redraws the image from the new point.
		const z1 = page.getByRole('slider').first();
		await z1.focus();
		for (let i = 0; i < 15; i++) await z1.press('ArrowRight');
		await expect
			.poll(async () => meanAbsDiff((await pixels(page, 'slider-image')).grey, start), {
				timeout: 60_000
			})
			.toBeGreaterThan(1);

		// Interpolation from this seed to seed 5: 10 frames, the first is the grid's first sample.
		await page.getByTestId('interpolate').click();
		await expect
			.poll(async () => (await pixels(page, 'frames')).width, { timeout: 60_000 })
			.toBe(10 * 29 - 1);
		const frames = await pixels(page, 'frames');
		expect(maxAbsDiff(cell(frames, 0), first)).toBeLessThanOrEqual(2);
		expect(meanAbsDiff(cell(frames, 9), cell(frames, 0))).toBeGreaterThan(5);
		expect(lit(cell(frames, 5))).toBeGreaterThan(40);

		// New samples: the next seed, another grid.
		await page.getByTestId('new-samples').click();
		await expect.poll(() => page.getByLabel('Seed', { exact: true }).inputValue()).toBe('5');
		await expect
			.poll(async () => meanAbsDiff(cell(await pixels(page, 'generated-grid'), 0), first), {
				timeout: 60_000
			})
			.toBeGreaterThan(5);

		// The download is the grid as a PNG at its pixel size.
		const [dl] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Download PNG' }).click()
		]);
		expect(dl.suggestedFilename()).toBe('latent-lab-w-dcgan-fashion-seed5.png');
		const png = decodePng(await readFile((await dl.path()) as string));
		expect([png.width, png.height]).toEqual([8 * 29 - 1, 8 * 29 - 1]);
		await page.screenshot({ path: artifactPath('generate-dcgan.png') });

		// Another model: the DCGAN's walk goes with it, the VAE's grid comes.
		const dcganGrid = cell(await pixels(page, 'generated-grid'), 0);
		await page.getByTestId('generator').selectOption('w:vae-fashion');
		expect(await page.getByTestId('frames').count()).toBe(0);
		await expect
			.poll(async () => meanAbsDiff(cell(await pixels(page, 'generated-grid'), 0), dcganGrid), {
				timeout: 60_000
			})
			.toBeGreaterThan(5);
		expect(await page.getByTestId('frames').count()).toBe(0);
		expect(session.pageErrors).toEqual([]);
	});
});

// The training lab's views: latent scatter with the image under the pointer, interpolation,
// the GAN class histogram, and training on the user's own images (uploaded PNGs).
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session, waitForPhase } from './browser';
import { shapePng } from './shapes';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

/** No part of the page is wider than the viewport. */
async function overflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Sum of the red channel of a canvas (0 for an empty/black one). */
async function inkOf(page: Page, testid: string): Promise<number> {
	return page.getByTestId(testid).evaluate((c: HTMLCanvasElement) => {
		const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
		let s = 0;
		for (let i = 0; i < d.length; i += 4) s += d[i]!;
		return s;
	});
}

describe('training lab views', () => {
	it('dense AE: latent scatter (PCA) with the image under the pointer, and interpolation frames', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/train/dense-ae?backend=wasm&steps=40&batchSize=32&latentSize=8`);
		await page.getByTestId('start').click();
		await waitForPhase(page, ['done']);
		const scatter = page.getByTestId('latent-scatter');
		await scatter.waitFor();
		expect(await scatter.getAttribute('data-points')).toBe('1000');
		expect(await page.getByTestId('latent-caption').getAttribute('data-method')).toBe('pca');
		expect(await page.getByTestId('latent-caption').innerText()).toContain('step 40');

		// Hover: move over the scatter until a point is under the pointer; its image appears.
		const box = (await scatter.boundingBox())!;
		let found: { x: number; y: number } | undefined;
		for (let fy = 0.5; fy < 0.95 && !found; fy += 0.07) {
			for (let fx = 0.5; fx < 0.95 && !found; fx += 0.07) {
				for (const sx of [1, -1]) {
					const x = box.x + box.width * (sx > 0 ? fx : 1 - fx);
					const y = box.y + box.height * fy;
					await page.mouse.move(x, y);
					if (await page.getByTestId('latent-scatter-preview').count()) {
						found = { x, y };
						break;
					}
				}
			}
		}
		expect(found, 'no point under the pointer anywhere').toBeDefined();
		expect(await inkOf(page, 'latent-scatter-preview')).toBeGreaterThan(0);
		// It floats beside the pointer, inside the scatter.
		const tip = (await page.getByTestId('latent-scatter-tooltip').boundingBox())!;
		expect(Math.abs(tip.x + tip.width / 2 - found!.x)).toBeLessThan(120);
		expect(tip.y).toBeGreaterThanOrEqual(box.y - 1);
		expect(tip.y + tip.height).toBeLessThanOrEqual(box.y + box.height + 1);

		// Pick A with the mouse and B with the keyboard (arrow to the next point, Enter).
		await page.mouse.click(found!.x, found!.y);
		await page.getByTestId('latent-pick-0').waitFor();
		await scatter.focus();
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('Enter');
		const frames = page.getByTestId('latent-frames');
		await frames.waitFor();
		// 10 frames of 28 px with 1 px gaps.
		expect(await frames.evaluate((c: HTMLCanvasElement) => c.width)).toBe(10 * 29 - 1);
		expect(await inkOf(page, 'latent-frames')).toBeGreaterThan(0);

		// On demand, after training: the kept model encodes again.
		await page.getByTestId('latent-refresh').click();
		await expect
			.poll(() => page.getByTestId('latent-refresh').isEnabled(), { timeout: 30_000 })
			.toBe(true);
		expect(await scatter.getAttribute('data-points')).toBe('1000');
		await page.getByTestId('latent-random').click();
		await frames.waitFor();

		// Latent 8 has a 3-D view too: its first 3 principal axes, turned with a slider.
		const caption = page.getByTestId('latent-caption');
		const pixels = () => scatter.evaluate((c: HTMLCanvasElement) => c.toDataURL());
		const flat = await pixels();
		await page.getByTestId('latent-view-3d').check();
		await expect.poll(() => caption.getAttribute('data-view')).toBe('3d');
		expect(await caption.innerText()).toMatch(/PCA in 3-D \(\d+ % of the variance\)/);
		await expect.poll(pixels).not.toBe(flat);
		const turned0 = await pixels();
		await page.getByTestId('latent-turn').fill('120');
		await expect.poll(pixels).not.toBe(turned0);
		expect(await scatter.getAttribute('data-points')).toBe('1000');

		await page.screenshot({ path: artifactPath('lab-latent-1280.png'), fullPage: true });
		await page.setViewportSize({ width: 360, height: 800 });
		await page.waitForTimeout(300);
		expect(await overflow(page)).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('lab-latent-360.png'), fullPage: true });
		expect(session.pageErrors).toEqual([]);
	});

	it('GAN: the class histogram of generated samples is shown with a verdict', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/train/gan?backend=wasm&steps=20&batchSize=32`);
		await page.getByTestId('start').click();
		await waitForPhase(page, ['done']);
		const hist = page.getByTestId('class-histogram');
		await hist.waitFor();
		const counts = (await hist.locator('.count').allInnerTexts()).map(Number);
		expect(counts.length).toBe(10);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
		const covered = Number(await hist.getAttribute('data-covered'));
		expect(covered).toBeGreaterThanOrEqual(1);
		// Whatever the verdict, exactly one of the two messages is shown and it matches the data.
		const collapsed = (await hist.getAttribute('data-collapsed')) === 'true';
		expect(await page.getByTestId('collapse-warning').count()).toBe(collapsed ? 1 : 0);
		expect(await page.getByTestId('collapse-ok').count()).toBe(collapsed ? 0 : 1);
		await page.screenshot({ path: artifactPath('lab-gan-1280.png'), fullPage: true });
		expect(session.pageErrors).toEqual([]);
	});

	it('trains on uploaded PNGs (a damaged file is skipped with a reason); after a reload the set is kept and a resumed run trains on it', async () => {
		session = await launch({ viewport: { width: 360, height: 800 } });
		const { page } = session;
		await page.goto(`${base}/train/dense-ae?backend=wasm&steps=60&batchSize=8&latentSize=2`);
		const files = Array.from({ length: 24 }, (_, i) => ({
			name: `disc-${i}.png`,
			mimeType: 'image/png',
			buffer: shapePng('disc', 5 + (i % 8), 14 + (i % 5) * 3, 14 + ((i * 7) % 5) * 3)
		}));
		const broken = Buffer.concat([
			shapePng('disc', 9, 20, 20).subarray(0, 60),
			Buffer.alloc(40, 7)
		]);
		await page.getByTestId('images-input').setInputFiles([
			...files,
			// Two damaged files of one name (as a folder's .DS_Store in each class folder).
			{ name: 'broken.png', mimeType: 'image/png', buffer: broken },
			{ name: 'broken.png', mimeType: 'image/png', buffer: broken.subarray(0, 70) }
		]);
		const result = page.getByTestId('import-result');
		await result.waitFor();
		expect(await result.innerText()).toContain('24 of 26');
		const skipped = page.getByTestId('import-skipped').locator('li');
		expect(await skipped.allInnerTexts()).toEqual([
			expect.stringContaining('broken.png'),
			expect.stringContaining('broken.png')
		]);
		expect(await page.getByTestId('dataset-user').isChecked()).toBe(true);
		expect(await overflow(page)).toBeLessThanOrEqual(0);

		await page.getByTestId('start').click();
		await waitForPhase(page, ['done']);
		expect(page.url()).toContain('dataset=user');
		// The checkpoint's loss history: it fell on the user's images.
		const losses = await page.evaluate(
			() =>
				new Promise<number[]>((resolve, reject) => {
					const req = indexedDB.open('latent-lab');
					req.onerror = () => reject(req.error);
					req.onsuccess = () => {
						const tx = req.result.transaction('checkpoints');
						const all = tx.objectStore('checkpoints').getAll();
						all.onsuccess = () => {
							const cps = all.result as { step: number; losses: { series: { loss: number[] } } }[];
							cps.sort((a, b) => b.step - a.step);
							resolve(cps[0]?.losses.series.loss ?? []);
						};
					};
				})
		);
		expect(losses.length).toBeGreaterThanOrEqual(10);
		const head = losses.slice(0, 2).reduce((a, b) => a + b) / 2;
		const tail = losses.slice(-2).reduce((a, b) => a + b) / 2;
		expect(tail).toBeLessThan(head);
		// The scatter of the user's set: all 24 images, unlabelled.
		expect(await page.getByTestId('latent-scatter').getAttribute('data-points')).toBe('24');
		await page.screenshot({ path: artifactPath('lab-own-images-360.png'), fullPage: true });

		// After a reload the set is still stored and still chosen (from the link).
		await page.reload();
		await page.getByTestId('dataset-user').waitFor();
		expect(await page.getByTestId('dataset-user').isChecked()).toBe(true);

		// Resuming the saved model with a bigger step budget trains on the stored set again: its
		// scatter has the 24 user images, not the 1000 Fashion-MNIST probes.
		const modelId = await page.evaluate(
			() =>
				new Promise<string>((resolve, reject) => {
					const req = indexedDB.open('latent-lab');
					req.onerror = () => reject(req.error);
					req.onsuccess = () => {
						const all = req.result.transaction('models').objectStore('models').getAll();
						all.onsuccess = () => resolve((all.result as { id: string }[])[0]!.id);
					};
				})
		);
		await page.goto(`${base}/train/dense-ae?backend=wasm&steps=90&batchSize=8&resume=${modelId}`);
		await page.getByTestId('resume-training').click();
		await waitForPhase(page, ['done']);
		expect(await page.getByTestId('latent-caption').innerText()).toContain('step 90');
		expect(await page.getByTestId('latent-scatter').getAttribute('data-points')).toBe('24');
		expect(session.pageErrors).toEqual([]);
	});
});

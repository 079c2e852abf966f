// The person's own models in the photo studio, in real Chromium on WASM, as a person would use
// them: "Train a stylizer for this style" (start, stop — it saves —, reload, resume to the end,
// a fast pass with it, its library entry), and a denoising autoencoder trained in the lab.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { readFile } from 'node:fs/promises';
import {
	artifactPath,
	beforeAfterStats,
	launch,
	stylizeTabWithPainting,
	type Session
} from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

describe("the person's own models in the photo studio", () => {
	it('trains, stops and saves, resumes after a reload, saves on leaving the studio, then stylizes with it', async () => {
		session = await launch();
		const { page } = session;
		// The photo is The Great Wave; the style to learn, The Starry Night (the default choice).
		await stylizeTabWithPainting(page, base, 'great-wave.jpg');
		const panel = page.getByTestId('train-stylizer');
		await panel.locator('summary').click();
		await page.getByTestId('train-stylizer-name').fill('Wave in Starry Night');
		await page.getByTestId('train-stylizer-steps').fill('20');
		// A second photo to learn from (checked and decoded in the worker like any photo).
		await page
			.getByTestId('train-stylizer-more-photos')
			.setInputFiles(`${process.cwd()}/static/styles/the-shipwreck.jpg`);
		expect(await page.getByTestId('train-stylizer-more-count').textContent()).toBe('+ 1 photo');
		await page.getByTestId('train-stylizer-start').click();

		// Progress with the step count, then Stop: the run saves where it got to.
		const losses = page.getByTestId('train-stylizer-losses');
		await expect
			.poll(async () => (await losses.textContent()) ?? '', { timeout: 120_000 })
			.toMatch(/Step [3-9]:/);
		// The page stays usable while the worker trains.
		await page.getByTestId('tab-denoise').click();
		await page.getByTestId('tab-stylize').click();
		await page.getByTestId('train-stylizer-stop').click();
		const message = page.getByTestId('train-stylizer-message');
		await expect.poll(() => message.getAttribute('data-kind'), { timeout: 60_000 }).toBe('stopped');
		const stoppedAt = Number(
			/Stopped and saved at step (\d+) of 20/.exec((await message.textContent()) ?? '')?.[1]
		);
		expect(stoppedAt).toBeGreaterThanOrEqual(3);
		expect(stoppedAt).toBeLessThan(20);

		// A reload loses nothing: the run is offered for resuming at the step it stopped at.
		await page.reload();
		await page
			.getByTestId('file-input')
			.setInputFiles(`${process.cwd()}/static/styles/great-wave.jpg`);
		await page.getByTestId('photo-info').waitFor();
		await page.getByTestId('tab-stylize').click();
		await page.getByTestId('train-stylizer').locator('summary').click();
		const resume = page.getByTestId('train-stylizer-resume');
		expect(await resume.textContent()).toContain(
			`Resume “Wave in Starry Night” (step ${stoppedAt} of 20)`
		);
		await resume.click();
		const losses2 = page.getByTestId('train-stylizer-losses');
		const stepNow = async () =>
			Number(/Step (\d+):/.exec((await losses2.textContent()) ?? '')?.[1] ?? 0);
		await expect.poll(stepNow, { timeout: 120_000 }).toBeGreaterThanOrEqual(stoppedAt + 2);

		// Leaving the studio mid-run (in-app navigation) saves where it got to first.
		await page.getByRole('link', { name: 'My models' }).click();
		const row = page.getByTestId('model-row').filter({ hasText: 'Wave in Starry Night' });
		expect(await row.textContent()).toContain('Fast stylizer');
		// The save finishes a moment after the page has gone: look again until it shows.
		const savedStep = async () => {
			const text = (await row.getByTestId('model-step').textContent()) ?? '';
			return Number(/(\d+) steps/.exec(text)?.[1] ?? 0);
		};
		// (A reload right away would end the worker before it saves, as closing the tab would.)
		await expect
			.poll(
				async () => {
					await page.waitForTimeout(3000);
					await page.reload();
					return savedStep();
				},
				{ timeout: 30_000 }
			)
			.toBeGreaterThanOrEqual(stoppedAt + 2);
		const savedAt = await savedStep();
		expect(savedAt).toBeGreaterThanOrEqual(stoppedAt + 2);
		await row.getByTestId('use-photos').click();
		await page.waitForURL(/\/photos\?stylizer=/);
		await page
			.getByTestId('file-input')
			.setInputFiles(`${process.cwd()}/static/styles/great-wave.jpg`);
		await page.getByTestId('photo-info').waitFor();
		// The link opens the studio on this stylizer ("Fast"); training lives under "Optimise".
		expect(
			await page
				.getByTestId('stylizer')
				.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text)
		).toContain('Wave in Starry Night');
		await page.locator('input[name="method"][value="optimise"]').check();
		await page.getByTestId('train-stylizer').locator('summary').click();
		expect(await resume.textContent()).toContain(`(step ${savedAt} of 20)`);
		await resume.click();
		await expect.poll(() => message.getAttribute('data-kind'), { timeout: 180_000 }).toBe('done');
		expect(await message.textContent()).toMatch(/“Wave in Starry Night” is trained \(20 steps/);
		const preview = page.getByTestId('train-stylizer-preview');
		expect(await preview.getAttribute('data-step')).toBe('20');
		expect(await preview.isVisible()).toBe(true);
		await page.getByTestId('train-stylizer').screenshot({
			path: artifactPath('photos-train-stylizer.png')
		});

		// The new stylizer is offered (and chosen) under "Fast"; one pass with it changes the photo.
		await page.getByTestId('method-fast').check();
		const select = page.getByTestId('stylizer');
		const chosen = await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text);
		expect(chosen).toBe('Wave in Starry Night · yours, trained here (20 steps)');
		await page.getByTestId('stylize').click();
		const done = page.locator('[data-testid="done"][data-where="style"]');
		await done.waitFor({ timeout: 120_000 });
		expect(await done.textContent()).toContain('by Wave in Starry Night');
		const { shift } = await beforeAfterStats(page);
		expect(shift).toBeGreaterThan(5);

		expect(session.pageErrors).toEqual([]);
	});

	it('denoises a photo with a denoising autoencoder the person trained in the lab', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/train/conv-dae?backend=wasm&steps=30&batchSize=32&seed=2`);
		await page.getByTestId('start').click();
		await expect
			.poll(() => page.getByTestId('phase').getAttribute('data-phase'), { timeout: 240_000 })
			.toBe('done');

		await page.goto(`${base}/photos?backend=wasm`);
		// A 60×44 grey photo with noise: 3×2 overlapping 28-px tiles.
		const w = 60;
		const h = 44;
		const data = new Uint8ClampedArray(w * h * 4);
		for (let i = 0; i < w * h; i++) {
			const v = 40 + (((i % w) * 3 + ((i * 7919) % 23)) % 180);
			data.set([v, v, v, 255], i * 4);
		}
		await page.getByTestId('file-input').setInputFiles({
			name: 'grey.png',
			mimeType: 'image/png',
			buffer: Buffer.from(encodePng({ width: w, height: h, data, channels: 4, depth: 8 }))
		});
		await page.getByTestId('photo-info').waitFor();
		const select = page.getByTestId('model');
		const mine = select.locator('optgroup[label="Your denoising autoencoders"] option');
		expect(await mine.count()).toBe(1);
		await select.selectOption(await mine.first().getAttribute('value'));
		await page.getByTestId('my-denoiser-hint').waitFor();
		// The server has only the published denoisers: not offered for this one.
		expect(await page.getByTestId('on-server').isDisabled()).toBe(true);
		await page.getByTestId('denoise').click();
		const done = page.getByTestId('done');
		await done.waitFor({ timeout: 120_000 });
		expect(await done.textContent()).toMatch(/\b[1-9]\d* tiles?\b/);
		await page.screenshot({ path: artifactPath('photos-own-denoiser.png') });
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download').click()
		]);
		const png = decodePng(await readFile((await download.path())!));
		expect([png.width, png.height]).toEqual([w, h]);
		expect(session.pageErrors).toEqual([]);
	});
});

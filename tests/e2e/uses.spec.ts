import { afterEach, describe, expect, inject, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactPath, launch, type Session, waitForJob } from './browser';
import { shapePng, type Shape } from './shapes';
import type { Page } from 'playwright-core';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

const percent = async (page: Page, testid: string) =>
	Number.parseFloat(await page.getByTestId(testid).innerText());

describe('uses lab', () => {
	it('few labels (1 and 10 per class), find similar and compression produce results', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(
			`${base}/uses?backend=wasm&fewBudgets=1,10&fewTest=500&fewProbeSteps=150&fewTuneSteps=20&fewMapRows=1000&searchSubset=3000`
		);
		// Reached from the navigation too.
		await page.getByRole('navigation').getByRole('link', { name: 'Uses' }).waitFor();
		expect(await page.locator('input[name="few-budget-1"]').isChecked()).toBe(true);
		expect(await page.locator('input[name="few-budget-10"]').isChecked()).toBe(true);
		expect(await page.locator('input[name="few-budget-5"]').isChecked()).toBe(false);

		// Few-label: the chart fills with raw / PCA / frozen / code + UMAP map / fine-tuned curves.
		await page.locator('input[name="few-test"]').fill('500');
		expect(await page.locator('input[name="few-manifold"]').isChecked()).toBe(false);
		await page.getByLabel('Also join the code with its UMAP map').check();
		await page.getByTestId('few-run').click();
		await waitForJob(page, 'few');
		const chart = page.getByTestId('few-chart');
		const series = (await chart.getAttribute('data-series'))!.split('|');
		expect(series).toEqual([
			'Raw pixels',
			'PCA (32)',
			'Encoder (frozen)',
			'Encoder + UMAP map',
			'Encoder (fine-tuned)'
		]);
		expect(Number(await chart.getAttribute('data-points'))).toBe(10);
		expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
		const acc: Record<string, number> = {};
		for (const m of ['raw', 'pca', 'frozen', 'manifold', 'finetuned']) {
			for (const k of [1, 10]) acc[`${m}-${k}`] = await percent(page, `few-${m}-${k}`);
		}
		// Ten labels per class beat one, and everything beats the 10 % of guessing.
		expect(acc['raw-10']!).toBeGreaterThan(acc['raw-1']!);
		for (const v of Object.values(acc)) expect(v).toBeGreaterThan(15);

		// Find similar: build the index, pick an image, see both neighbour sets and the clusters.
		await page.getByTestId('similar-run').click();
		await waitForJob(page, 'similar');
		await page.getByTestId('similar-pick-0').click();
		await page.getByTestId('similar-answer').waitFor();
		for (const id of ['similar-latent', 'similar-pixel', 'similar-clusters']) {
			expect(
				await page.getByTestId(id).evaluate((c: HTMLCanvasElement) => c.width)
			).toBeGreaterThan(100);
		}
		const nmiText = await page.getByTestId('similar-nmi').innerText();
		expect(Number.parseFloat(nmiText.split(':').pop()!)).toBeGreaterThan(0.2);

		// Compression: AE code bytes next to the browser's JPEG and WebP, with PSNR / SSIM.
		await page.getByTestId('compress-run').click();
		await waitForJob(page, 'compress');
		const aeBytes = await page.getByTestId('compress-autoencoder-bytes').innerText();
		expect(aeBytes).toContain('32 bytes');
		await page.getByTestId('compress-jpeg').waitFor();
		await page.getByTestId('compress-webp').waitFor();
		const results = await page.getByTestId('compress-results').innerText();
		expect(results.match(/PSNR/g)?.length).toBe(3);

		await page.screenshot({ path: artifactPath('uses-1280.png'), fullPage: true });
		await page.setViewportSize({ width: 360, height: 800 });
		await page.waitForTimeout(400);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('uses-360.png'), fullPage: true });
		for (const id of ['few', 'similar', 'compress']) {
			await page
				.locator(`section[aria-labelledby="${id}-h"]`)
				.screenshot({ path: artifactPath(`uses-360-${id}.png`) });
		}
		// Cancel stops a longer few-label run (five budgets) while it maps the codes; Run is ready again.
		for (const b of ['5', '50', '100']) await page.locator(`input[name="few-budget-${b}"]`).check();
		await page.getByTestId('few-run').click();
		await page.getByText('Mapping the codes with UMAP').waitFor({ timeout: 60_000 });
		await page.getByTestId('eta').filter({ hasText: 'left' }).waitFor({ timeout: 60_000 });
		await page.getByTestId('few-cancel').click();
		await page.waitForFunction(
			() =>
				document.querySelector('[data-testid="few-status"]')?.getAttribute('data-phase') ===
				'cancelled'
		);
		expect(await page.getByTestId('few-run').isEnabled()).toBe(true);

		expect(session.pageErrors).toEqual([]);
		console.log('uses e2e', acc, nmiText, aeBytes);
	});

	it("few labels on the user's own images: a folder of class folders keeps its labels and is classified", async () => {
		// closet/{bar,disc,ring}/*.png, 16 each at varied sizes and places, and one loose file.
		const dir = await mkdtemp(join(tmpdir(), 'latent-own-'));
		const root = join(dir, 'closet');
		const shapes: Shape[] = ['bar', 'disc', 'ring'];
		for (const shape of shapes) {
			await mkdir(join(root, shape), { recursive: true });
			for (let i = 0; i < 16; i++) {
				const png = shapePng(shape, 9 + (i % 4), 18 + (i % 3) * 2, 18 + ((i * 5) % 3) * 2);
				await writeFile(join(root, shape, `${shape}-${i}.png`), png);
			}
		}
		await writeFile(join(root, 'loose.png'), shapePng('disc', 9, 20, 20));
		session = await launch({ viewport: { width: 360, height: 800 } });
		const { page } = session;
		await page.goto(`${base}/train/vae?backend=wasm&steps=20&batchSize=8`);
		await page.getByTestId('folder-input').setInputFiles(root);
		await page.getByTestId('import-result').waitFor();
		expect(await page.getByTestId('import-result').innerText()).toContain('48 of 49');
		expect(await page.getByTestId('import-skipped').innerText()).toContain('loose.png');
		expect(await page.getByTestId('import-classes').innerText()).toContain(
			'3 classes (bar, disc, ring)'
		);
		expect(await page.getByTestId('dataset-picker').innerText()).toContain('48 images, 3 classes');
		// A VAE trained on the set: its latent scatter is coloured by the folders, named in the legend.
		await page.getByTestId('start').click();
		const legend = page.getByRole('list', { name: 'Classes' });
		await legend.waitFor({ timeout: 120_000 });
		expect(await legend.locator('li').allInnerTexts()).toEqual(['bar', 'disc', 'ring']);
		await page.screenshot({ path: artifactPath('uses-own-import-360.png'), fullPage: true });

		await page.goto(
			`${base}/uses?backend=wasm&fewBudgets=1,5,50,0&fewProbeSteps=150&fewTuneSteps=10`
		);
		const picker = page.locator('select[name="few-dataset"]');
		await picker
			.locator('option', { hasText: '3 classes, 48 images' })
			.waitFor({ state: 'attached' });
		// That VAE is offered as the encoder (its mean is the code).
		const myVae = page.locator('input[name="ae"]').nth(2);
		await myVae.waitFor();
		await myVae.check();
		await picker.selectOption({
			label: (await picker.locator('option').nth(1).innerText()).trim()
		});
		expect(await page.getByTestId('few-data-note').innerText()).toContain(
			'A quarter of every class'
		);
		// The test-image count is Fashion-MNIST's; a user's set scores all its held-out images.
		expect(await page.locator('input[name="few-test"]').count()).toBe(0);
		expect(
			await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			)
		).toBeLessThanOrEqual(0);
		await page.getByTestId('few-run').click();
		await waitForJob(page, 'few');
		const chart = page.getByTestId('few-chart');
		expect((await chart.getAttribute('data-series'))!.split('|')).toEqual([
			'Raw pixels',
			'PCA (32)',
			'Encoder (frozen)',
			'Encoder (fine-tuned)'
		]);
		expect(Number(await chart.getAttribute('data-points'))).toBe(16);
		// 50 per class is more than the 12 training images a class has: all 36 are used, and said.
		expect(await page.getByTestId('few-row-5').innerText()).toBe('5');
		expect(await page.getByTestId('few-row-50').innerText()).toBe('50 (36 labels)');
		expect(await page.getByTestId('few-row-0').innerText()).toBe('all (36 labels)');
		// 12 of every 16 train, 4 are held out.
		expect(await page.getByTestId('few-section-done').innerText()).toContain(
			'code size 2; 3 classes, 36 training images, scored on 12 test images'
		);
		const acc: Record<string, number> = {};
		for (const m of ['raw', 'pca', 'frozen', 'finetuned']) {
			for (const k of [1, 5, 0]) acc[`${m}-${k}`] = await percent(page, `few-${m}-${k}`);
		}
		// Bars, discs and rings: with five labels per class and with all, pixels beat guessing (33 %).
		for (const k of [5, 0]) expect(acc[`raw-${k}`]!).toBeGreaterThan(50);
		await page
			.locator('section[aria-labelledby="few-h"]')
			.screenshot({ path: artifactPath('uses-own-360-few.png') });
		expect(session.pageErrors).toEqual([]);
		console.log('uses own e2e', acc);
		await rm(dir, { recursive: true, force: true });
	});
});

import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session, waitForJob } from './browser';
import type { Page } from 'playwright-core';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

async function number(page: Page, testid: string): Promise<number> {
	return Number.parseFloat(await page.getByTestId(testid).innerText());
}

describe('explore lab', () => {
	it('runs K-Means, PCA, anomaly detection and the manifold view on small subsets', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(
			`${base}/explore?backend=wasm&kmeansSubset=1000&pcaSubset=1000&anomalySteps=60&manifoldSteps=100`
		);
		expect(await page.locator('input[name="kmeans-subset"]').inputValue()).toBe('1000');

		// K-Means: metrics against the labels and ten centroid images.
		await page.getByTestId('kmeans-run').click();
		await waitForJob(page, 'kmeans');
		const nmi = await number(page, 'kmeans-nmi');
		const ari = await number(page, 'kmeans-ari');
		const acc = await number(page, 'kmeans-accuracy');
		expect(nmi).toBeGreaterThan(0.3);
		expect(nmi).toBeLessThanOrEqual(1);
		expect(ari).toBeGreaterThan(0.1);
		expect(acc).toBeGreaterThan(30);
		const centroids = page.getByTestId('kmeans-centroids');
		expect(await centroids.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(200);

		// N2D: the pretrained conv AE's codes in a UMAP embedding cluster the same images better.
		await page.getByTestId('kmeans-features').getByText('UMAP embedding (N2D').click();
		await page.getByTestId('kmeans-run').click();
		await waitForJob(page, 'kmeans');
		await page.getByText('Mean image of each cluster').waitFor();
		const n2d = await number(page, 'kmeans-nmi');
		console.log(`[explore] K-Means NMI on 1000 images: pixels ${nmi}, N2D ${n2d}`);
		expect(n2d).toBeGreaterThan(nmi);
		await page.getByTestId('kmeans-features').screenshot({ path: artifactPath('explore-n2d.png') });

		// PCA: curve, reconstructions and an MSE that falls when k grows.
		await page.getByTestId('pca-run').click();
		await waitForJob(page, 'pca');
		await page.getByTestId('pca-reconstructions').waitFor();
		expect(Number(await page.getByTestId('pca-curve').getAttribute('data-points'))).toBeGreaterThan(
			100
		);
		expect(Number(await page.getByTestId('pca-scatter').getAttribute('data-points'))).toBe(1500);
		const mseText = async () => (await page.getByTestId('pca-mse').innerText()).split(':').pop()!;
		const mse32 = Number.parseFloat(await mseText());
		const slider = page.getByTestId('pca-k');
		await slider.focus();
		await slider.fill('4');
		await page.waitForFunction(
			() => document.querySelector('[data-testid="pca-mse"]')?.textContent?.includes('k = 4'),
			undefined,
			{ timeout: 30_000 }
		);
		const mse4 = Number.parseFloat(await mseText());
		expect(mse32).toBeGreaterThan(0);
		expect(mse4).toBeGreaterThan(mse32);

		// Cancel stops a long anomaly run; the section is ready to run again.
		const stepsInput = page.locator('input[name="anomaly-steps"]');
		await stepsInput.fill('5000');
		await page.getByTestId('anomaly-run').click();
		await page.getByTestId('eta').filter({ hasText: 'left' }).waitFor({ timeout: 90_000 });
		// One job at a time (the sections share a worker): the others wait, and say why.
		expect(await page.getByTestId('kmeans-run').isDisabled()).toBe(true);
		expect(await page.getByTestId('pca-status').innerText()).toContain('Another job');
		await page.getByTestId('anomaly-cancel').click();
		await page.waitForFunction(
			() =>
				document.querySelector('[data-testid="anomaly-status"]')?.getAttribute('data-phase') ===
				'cancelled'
		);
		expect(await page.getByTestId('kmeans-run').isEnabled()).toBe(true);
		await stepsInput.fill('60');

		// Anomaly: an AUC in (0.5, 1] after a short run.
		await page.getByTestId('anomaly-run').click();
		await waitForJob(page, 'anomaly');
		const aucText = await page.getByTestId('anomaly-auc').innerText();
		const auc = Number.parseFloat(aucText.split(':').pop()!);
		expect(auc).toBeGreaterThan(0.5);
		expect(auc).toBeLessThanOrEqual(1);
		await page.getByTestId('anomaly-top').waitFor();

		// Manifold: PCA, the plain AE and the Isomap-regularised AE side by side, each with the
		// share of the flat sheet's neighbours it keeps.
		await page.getByTestId('manifold-run').click();
		await waitForJob(page, 'manifold');
		for (const id of ['manifold-pca', 'manifold-ae', 'manifold-grae'])
			expect(Number(await page.getByTestId(id).getAttribute('data-points'))).toBe(1500);
		const kept = async (id: string) =>
			Number(await page.getByTestId(`${id}-kept`).getAttribute('data-kept'));
		const [pcaKept, aeKept, graeKept] = [
			await kept('manifold-pca'),
			await kept('manifold-ae'),
			await kept('manifold-grae')
		];
		expect(graeKept).toBeGreaterThan(0.7);
		expect(graeKept).toBeGreaterThan(aeKept);
		expect(graeKept).toBeGreaterThan(pcaKept);
		expect(await page.getByTestId('manifold-grae-kept').innerText()).toMatch(/\d+ %/);
		await page.getByTestId('manifold-losses').scrollIntoViewIfNeeded();
		await page.screenshot({ path: artifactPath('explore-manifold.png') });

		// No horizontal overflow on a 360 px phone.
		await page.setViewportSize({ width: 360, height: 800 });
		await page.waitForTimeout(300);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('explore.png'), fullPage: true });

		// The run's settings are in the URL, so a link sets the form up again.
		const link = new URL(page.url());
		expect(link.searchParams.get('manifold')).toBe('swiss-roll');
		expect(link.searchParams.get('manifoldSeed')).toBe('1');
		link.searchParams.set('manifold', 's-curve');
		link.searchParams.set('manifoldSeed', '7');
		await page.goto(link.href);
		expect(await page.locator('select[name="manifold-kind"]').inputValue()).toBe('s-curve');
		expect(await page.locator('input[name="manifold-seed"]').inputValue()).toBe('7');
		expect(await page.locator('input[name="manifold-n"]').inputValue()).toBe('1500');
		expect(session.pageErrors).toEqual([]);
		console.log('explore e2e', { nmi, ari, acc, mse32, mse4, auc, pcaKept, aeKept, graeKept });
	});
});

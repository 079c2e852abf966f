import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session, waitForPhase } from './browser';

const base = inject('baseURL');
const sessions: Session[] = [];

afterEach(async () => {
	for (const s of sessions.splice(0)) await s.close();
});

async function open(opts: Parameters<typeof launch>[0] = {}): Promise<Session> {
	const s = await launch(opts);
	sessions.push(s);
	return s;
}

/** SHA-256 of the generated grid's pixels, once the grid is drawn and stays the same for 1 s. */
async function gridHash(s: Session, modelId: string): Promise<string> {
	await s.page.goto(`${base}/generate?model=m:${modelId}`);
	const canvas = s.page.getByTestId('generated-grid');
	await canvas.waitFor();
	const read = () =>
		canvas.evaluate(async (c: HTMLCanvasElement) => {
			if (!c.width) return '';
			const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
			if (!px || px.every((v, i) => i % 4 === 3 || v === 0)) return '';
			const d = await crypto.subtle.digest('SHA-256', px);
			return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
		});
	let last = '';
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		const h = await read();
		if (h && h === last) return h;
		last = h;
		await s.page.waitForTimeout(1000);
	}
	await s.page.screenshot({ path: artifactPath('generate-unsettled.png'), fullPage: true });
	const alert = await s.page.getByRole('alert').allInnerTexts();
	throw new Error(
		`the generated grid never settled (last: '${last}', page says: ${alert.join(' | ')})`
	);
}

describe('checkpoints and the model library', () => {
	it('trains, reloads, resumes from the checkpoint; lists, exports and re-imports the model', async () => {
		const s = await open();
		const { page } = s;
		await page.goto(`${base}/train/conv-ae?backend=wasm&steps=40&batchSize=16&seed=3`);
		await page.getByTestId('start').click();
		await waitForPhase(s.page, ['running']);
		await page.getByTestId('pause').click();
		await waitForPhase(s.page, ['paused']);
		// Pausing writes a checkpoint.
		const saved = page.getByTestId('saved');
		await saved.waitFor();
		const savedStep = Number(await saved.getAttribute('data-step'));
		expect(savedStep).toBeGreaterThan(0);

		await page.reload();
		const offer = page.getByTestId('resume-offer');
		await offer.waitFor();
		expect(await page.getByTestId('resume-training').innerText()).toContain(`step ${savedStep}`);
		await page.getByTestId('resume-training').click();
		await waitForPhase(s.page, ['done'], 240_000);
		// The chart holds the history from before the reload plus the new points.
		const points = Number(await page.getByTestId('loss-chart').getAttribute('data-points'));
		expect(points).toBe(8); // progress every 5 steps over 40 steps, across the reload

		await page.getByRole('link', { name: 'My models' }).first().click();
		const row = page.getByTestId('model-row').first();
		await row.waitFor();
		expect(await row.getByTestId('model-step').innerText()).toBe('40 steps');
		await page.screenshot({ path: artifactPath('models.png'), fullPage: true });

		const download = page.waitForEvent('download');
		await row.getByTestId('export').click();
		const file = await download;
		const dir = mkdtempSync(join(tmpdir(), 'latent-lab-export-'));
		const zipPath = join(dir, file.suggestedFilename());
		await file.saveAs(zipPath);
		const zip = readFileSync(zipPath);
		expect(zip.subarray(0, 2).toString()).toBe('PK');

		// A fresh browser profile imports the file and gets the same model.
		const other = await open();
		await other.page.goto(`${base}/models`);
		await other.page.getByTestId('storage').waitFor();
		await other.page.getByTestId('import-input').setInputFiles(zipPath);
		await other.page.getByTestId('models-notice').waitFor();
		const imported = other.page.getByTestId('model-row').first();
		await imported.waitFor();
		expect(await imported.getByTestId('model-step').innerText()).toBe('40 steps');

		// A damaged file is refused with a message and changes nothing.
		const bad = Buffer.from(zip);
		const mid = Math.floor(bad.length / 2);
		bad[mid] = (bad[mid] ?? 0) ^ 0xff;
		await other.page.getByTestId('import-input').setInputFiles({
			name: 'damaged.zip',
			mimeType: 'application/zip',
			buffer: bad
		});
		await other.page.getByTestId('models-error').waitFor();
		expect(await other.page.getByTestId('model-row').count()).toBe(1);
	});

	it('exports a model, deletes it (with undo), imports the zip (here and in a fresh profile): the same samples, pixel for pixel', async () => {
		const s = await open();
		const { page } = s;
		// A short DCGAN run on WASM to the end (the conv-transpose training kernels).
		await page.goto(`${base}/train/dcgan?backend=wasm&steps=3&batchSize=8&latentSize=16&seed=7`);
		await page.getByTestId('start').click();
		await waitForPhase(s.page, ['done'], 240_000);
		await page.getByTestId('sample-grid').waitFor();
		expect(await page.getByTestId('param-count').innerText()).toMatch(/parameters/);
		await page.goto(`${base}/models`);
		const row = page.getByTestId('model-row').first();
		await row.waitFor();
		const id = (await row.getAttribute('data-model-id')) ?? '';
		// "Generate" in My models opens this model's samples.
		expect(await row.getByTestId('use-generate').getAttribute('href')).toBe(
			`/generate?model=m:${id}`
		);
		const before = await gridHash(s, id);

		await page.goto(`${base}/models`);
		const download = page.waitForEvent('download');
		await page.getByTestId('export').first().click();
		const file = await download;
		const zipPath = join(mkdtempSync(join(tmpdir(), 'latent-lab-export-')), 'model.zip');
		await file.saveAs(zipPath);

		// Delete, then Undo: the same model is back.
		await page.getByTestId('delete').first().click();
		await page.getByTestId('undo-toast').waitFor();
		expect(await page.getByTestId('model-row').count()).toBe(0);
		await page.getByTestId('undo').click();
		await page.getByTestId('model-row').first().waitFor();
		expect(await page.getByTestId('model-row').count()).toBe(1);
		expect(await page.getByTestId('model-row').first().getAttribute('data-model-id')).toBe(id);

		// Deleted for good (past the undo window), then brought back from the file alone.
		await page.getByTestId('delete').first().click();
		await page.getByTestId('undo-toast').waitFor();
		await page.getByTestId('undo-toast').waitFor({ state: 'detached', timeout: 30_000 });
		expect(await page.getByTestId('model-row').count()).toBe(0);
		await page.getByTestId('import-input').setInputFiles(zipPath);
		await page.getByTestId('models-notice').waitFor();
		const imported = page.getByTestId('model-row').first();
		await imported.waitFor();
		const newId = (await imported.getAttribute('data-model-id')) ?? '';
		expect(newId).not.toBe('');
		expect(await gridHash(s, newId)).toBe(before);
		expect(s.pageErrors).toEqual([]);

		// A fresh browser profile, from the file alone, gives the same samples too.
		const other = await open();
		await other.page.goto(`${base}/models`);
		await other.page.getByTestId('storage').waitFor();
		await other.page.getByTestId('import-input').setInputFiles(zipPath);
		const row2 = other.page.getByTestId('model-row').first();
		await row2.waitFor();
		expect(await gridHash(other, (await row2.getAttribute('data-model-id')) ?? '')).toBe(before);
	});

	it('shares a model by link; a fresh browser imports it, gets the same samples, and keeps them offline', async () => {
		const s = await open();
		const { page } = s;
		await page.goto(`${base}/train/dcgan?backend=wasm&steps=2&batchSize=8&latentSize=16`);
		await page.getByTestId('start').click();
		await waitForPhase(s.page, ['done'], 240_000);
		await page.goto(`${base}/models`);
		const id = (await page.getByTestId('model-row').first().getAttribute('data-model-id')) ?? '';
		const samples = await gridHash(s, id);
		await page.goto(`${base}/models`);
		await page.getByTestId('share').first().click();
		await page.getByTestId('share-upload').click();
		const linkBox = page.getByTestId('share-link');
		await linkBox.waitFor();
		const link = await linkBox.inputValue();
		expect(link).toMatch(/\/m\/[A-Za-z0-9_-]{22}$/);

		const other = await open();
		await other.page.goto(link);
		await other.page.getByTestId('share-card').waitFor();
		expect(await other.page.getByTestId('share-name').innerText()).toContain('dcgan');
		await other.page.getByTestId('open-in-app').click();
		await other.page.getByTestId('model-row').first().waitFor({ timeout: 120_000 });
		expect(await other.page.getByTestId('model-row').count()).toBe(1);
		const otherId =
			(await other.page.getByTestId('model-row').first().getAttribute('data-model-id')) ?? '';
		expect(await gridHash(other, otherId)).toBe(samples);
		// The imported model lives on this device: offline, the app and its samples still open.
		await other.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await other.context.setOffline(true);
		expect(await gridHash(other, otherId)).toBe(samples);
		await other.context.setOffline(false);

		// Unsharing removes it: the link now shows the friendly "not available" page.
		await page.getByTestId('unshare').click();
		await page.getByTestId('share-upload').waitFor();
		const third = await open();
		await third.page.goto(link);
		await third.page.getByTestId('share-missing').waitFor();
	});
});

import { afterEach, describe, expect, inject, it } from 'vitest';
import { launch, untilControlled, type Session, waitForPhase } from './browser';
import { shapePng } from './shapes';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

describe('durability of checkpoints', () => {
	it('survives the tab closing during checkpoint writes, 20 times in a row', async () => {
		session = await launch();
		// The person's own images (stored on the device) rather than Fashion-MNIST: what is under
		// test is the checkpoint store, and each reopening then costs a second less.
		const url = `${base}/train/dense-ae?backend=wasm&steps=100000&batchSize=8&checkpointSeconds=0.2`;
		let page = session.page;
		await page.goto(url);
		await page.getByTestId('images-input').setInputFiles(
			Array.from({ length: 24 }, (_, i) => ({
				name: `disc-${i}.png`,
				mimeType: 'image/png',
				buffer: shapePng('disc', 5 + (i % 8), 14 + (i % 5) * 3, 14 + ((i * 7) % 5) * 3)
			}))
		);
		await page.getByTestId('import-result').waitFor();
		await page.getByTestId('start').click();
		await waitForPhase(session.page, ['running']);
		await page.getByTestId('saved').waitFor();
		// The link now names the stored set, so reopening it offers the run on that set.
		const reopen = page.url();
		expect(reopen).toContain('dataset=user');
		let lastStep = 0;
		for (let i = 0; i < 20; i++) {
			// Close abruptly while checkpoints are being written every 0.2 s, 300…700 ms after each
			// resume (137 ms apart, modulo 400).
			await page.waitForTimeout(300 + ((i * 137) % 400));
			await page.close({ runBeforeUnload: false });
			page = await session.context.newPage();
			session.page = page;
			await page.goto(reopen);
			await page.getByTestId('resume-training').waitFor();
			const offered = Number(
				/\d+/.exec(await page.getByTestId('resume-training').innerText())?.[0]
			);
			expect(offered, `round ${i}`).toBeGreaterThanOrEqual(lastStep);
			lastStep = offered;
			await page.getByTestId('resume-training').click();
			// Loading the latest checkpoint must succeed every time (a corrupt one shows 'error').
			await waitForPhase(session.page, ['running']);
		}
		expect(lastStep).toBeGreaterThan(0);
	});

	it('keeps training when the connection drops; a reload while offline resumes from the checkpoint', async () => {
		session = await launch();
		const { page, context } = session;
		const url = `${base}/train/conv-ae?backend=wasm&steps=100000&batchSize=32&checkpointSeconds=0.5`;
		await page.goto(url);
		await untilControlled(session);
		await page.getByTestId('start').click();
		await waitForPhase(session.page, ['running']);
		const savedStep = async () => Number(await page.getByTestId('saved').getAttribute('data-step'));
		await page.getByTestId('saved').waitFor();
		await context.setOffline(true);
		try {
			// Training needs nothing from the network once the data is in: checkpoints keep coming.
			const atDrop = await savedStep();
			await expect.poll(savedStep, { timeout: 60_000 }).toBeGreaterThan(atDrop + 20);
			// The app itself reloads from the service worker; the run is offered where it stopped.
			const beforeReload = await savedStep();
			await page.reload();
			const offer = page.getByTestId('resume-training');
			await offer.waitFor();
			const offered = Number(/\d+/.exec(await offer.innerText())?.[0]);
			expect(offered).toBeGreaterThanOrEqual(beforeReload);
			await offer.click();
			await waitForPhase(session.page, ['running']);
			await expect.poll(savedStep, { timeout: 60_000 }).toBeGreaterThan(offered);
			expect(session.pageErrors).toEqual([]);
		} finally {
			await context.setOffline(false);
		}
	});
});

// Pretrained weights are checked against the catalogue's sha256 in the browser: a tampered shard
// is refused with a clear message and not kept; the genuine file then loads and samples.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { launch, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

const SHARD = '/api/weights/dcgan-fashion/1/group1-shard1of1.bin';

async function gridPixels(s: Session): Promise<number> {
	return s.page.getByTestId('generated-grid').evaluate((c: HTMLCanvasElement) => {
		if (!c.width) return 0;
		const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
		let lit = 0;
		for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 0) > 0) lit++;
		return lit;
	});
}

describe('weights integrity', () => {
	it('refuses a tampered weight file, keeps no copy, then loads the genuine one', async () => {
		session = await launch();
		const { page, context } = session;
		let served = 0;
		await context.route(`**${SHARD}`, async (route) => {
			const res = await route.fetch();
			const body = Buffer.from(await res.body());
			body[1000] = (body[1000] ?? 0) ^ 0x40; // one flipped bit in a weight
			served++;
			await route.fulfill({ response: res, body });
		});
		await page.goto(`${base}/generate?model=w:dcgan-fashion`);
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toMatch(
			/dcgan-fashion v1: 'group1-shard1of1\.bin' failed its integrity check.*discarded, not used/
		);
		// Downloaded twice (once more past the HTTP cache), refused both times.
		expect(served).toBe(2);
		const cached = await page.evaluate(async (path) => {
			const names = await caches.keys();
			for (const n of names) if (await (await caches.open(n)).match(path)) return n;
			return null;
		}, SHARD);
		expect(cached).toBeNull();

		// The server's real file: the same page now samples (the failed load was not remembered).
		await context.unroute(`**${SHARD}`);
		await page.getByTestId('new-samples').click();
		await expect
			.poll(() => gridPixels(session as Session), { timeout: 120_000 })
			.toBeGreaterThan(1000);
		expect(await page.getByRole('alert').count()).toBe(0);
		expect(session.pageErrors).toEqual([]);
	});
});

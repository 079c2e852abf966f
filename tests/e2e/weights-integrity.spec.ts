// Pretrained weights are checked against the catalogue's sha256 in the browser: a tampered shard
// is refused with a clear message and not kept; the genuine file then loads and samples.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { launch, untilControlled, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

/** The published DCGAN's version and weight shard, whichever version the manifest lists. */
function publishedDcgan(): { version: string; shard: string } {
	const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8')) as {
		models: { name: string; version: string; files: { path: string }[] }[];
	};
	const entry = manifest.models.find((m) => m.name === 'dcgan-fashion');
	const bin = entry?.files.find((f) => f.path.endsWith('.bin'));
	if (!entry || !bin) throw new Error('weights/manifest.json lists no dcgan-fashion shard');
	return { version: entry.version, shard: `/api/weights/${bin.path}` };
}

const DCGAN = publishedDcgan();
const SHARD = DCGAN.shard;

async function gridPixels(s: Session): Promise<number> {
	return s.page.getByTestId('generated-grid').evaluate((c: HTMLCanvasElement) => {
		if (!c.width) return 0;
		const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
		let lit = 0;
		for (let i = 0; i < px.length; i += 4) if ((px[i] ?? 0) > 0) lit++;
		return lit;
	});
}

/** SHA-256 of the grid's pixels once drawn and unchanged for a second. */
async function settledGrid(s: Session): Promise<string> {
	const canvas = s.page.getByTestId('generated-grid');
	let last = '';
	for (let i = 0; i < 120; i++) {
		const h = await canvas.evaluate(async (c: HTMLCanvasElement) => {
			if (!c.width) return '';
			const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
			if (!px) return '';
			const d = await crypto.subtle.digest('SHA-256', px);
			return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
		});
		if (h && h === last) return h;
		last = h;
		await s.page.waitForTimeout(1000);
	}
	throw new Error('the grid never settled');
}

describe('weights integrity', () => {
	it('refuses a tampered weight file, keeps no copy, then loads the genuine one', async () => {
		session = await launch();
		const { page, context } = session;
		// Under the service worker (on a page that loads no weights, so nothing is cached yet).
		await page.goto(`${base}/settings`);
		await untilControlled(session);
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
			new RegExp(
				`dcgan-fashion v${DCGAN.version}: 'group1-shard1of1\\.bin' failed its integrity check.*discarded, not used`
			)
		);
		// Downloaded twice (once more past the HTTP cache), refused both times.
		expect(served).toBe(2);
		const cachedIn = () =>
			page.evaluate(async (path) => {
				const names = await caches.keys();
				for (const n of names) if (await (await caches.open(n)).match(path)) return n;
				return null;
			}, SHARD);
		expect(await cachedIn()).toBeNull();

		// The server's real file: the same page now samples (the failed load was not remembered).
		await context.unroute(`**${SHARD}`);
		await page.getByTestId('new-samples').click();
		await expect
			.poll(() => gridPixels(session as Session), { timeout: 120_000 })
			.toBeGreaterThan(1000);
		expect(await page.getByRole('alert').count()).toBe(0);
		// The verified file is the one kept for offline use.
		expect(await cachedIn()).toBe('latent-lab-heavy-v1');
		expect(session.pageErrors).toEqual([]);
	});

	it('verifies and samples pretrained weights offline, from the cached catalogue and files', async () => {
		session = await launch();
		const { page, context } = session;
		await page.goto(`${base}/generate?model=w:dcgan-fashion`);
		await untilControlled(session);
		await page.getByTestId('generated-grid').waitFor();
		const online = await settledGrid(session);
		await context.setOffline(true);
		try {
			await page.reload();
			await page.getByTestId('generated-grid').waitFor();
			expect(await settledGrid(session)).toBe(online);
			expect(await page.getByRole('alert').count()).toBe(0);
		} finally {
			await context.setOffline(false);
		}
	});
});

// The Photo studio in a real browser against `wrangler dev`: open photos the test makes itself
// (PNG, a rotated-EXIF JPEG, broken files), see them upright, and — when denoiser weights are
// published — denoise, compare before/after and download a full-size PNG.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { readFile } from 'node:fs/promises';
import { artifactPath, launch, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

const catalogue = (await (await fetch(`${base}/api/weights`)).json()) as {
	models: { name: string; kind: string }[];
};
const hasDenoiser = catalogue.models.some((m) => /denois/i.test(m.kind + m.name));

/** A noisy, textured RGB test card as PNG bytes. */
function noisyPng(w: number, h: number): Buffer {
	const data = new Uint8ClampedArray(w * h * 4);
	let s = 12345;
	for (let i = 0; i < w * h; i++) {
		s = (s * 1103515245 + 12345) >>> 0;
		const n = ((s >>> 24) - 128) / 6;
		const x = i % w;
		data.set([80 + x + n, 120 + n, 200 - x + n, 255], i * 4);
	}
	return Buffer.from(encodePng({ width: w, height: h, data, channels: 4, depth: 8 }));
}

/** A JPEG stored sideways: left half red, right half blue, tagged EXIF orientation 6 (turn 90° clockwise). */
function sidewaysJpeg(): Buffer {
	const w = 64;
	const h = 32;
	const data = Buffer.alloc(w * h * 4);
	for (let i = 0; i < w * h; i++) {
		const red = i % w < w / 2;
		data.set(red ? [230, 20, 20, 255] : [20, 20, 230, 255], i * 4);
	}
	const plain = jpeg.encode({ data, width: w, height: h }, 95).data;
	// APP1 "Exif\0\0" + big-endian TIFF with one IFD entry: tag 0x0112 SHORT 1 = 6.
	const tiff = [
		0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0
	];
	const body = [...Buffer.from('Exif\0\0', 'latin1'), ...tiff];
	const app1 = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
	return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
}

async function upload(s: Session, name: string, mimeType: string, buffer: Buffer): Promise<void> {
	await s.page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer });
}

/** Canvas size and the colour at a few relative points. */
async function canvasProbe(s: Session, testId: string) {
	return s.page.getByTestId(testId).evaluate((c: HTMLCanvasElement) => {
		const ctx = c.getContext('2d');
		const at = (fx: number, fy: number) =>
			Array.from(
				ctx?.getImageData(Math.floor(c.width * fx), Math.floor(c.height * fy), 1, 1).data ?? []
			);
		return { width: c.width, height: c.height, top: at(0.5, 0.1), bottom: at(0.5, 0.9) };
	});
}

describe('photo studio', () => {
	it('opens a photo, turns an EXIF-rotated JPEG upright, explains broken files and missing weights', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/photos`);

		await upload(session, 'card.png', 'image/png', noisyPng(160, 96));
		await expect.poll(() => page.getByTestId('photo-info').textContent()).toContain('160 × 96');
		expect((await canvasProbe(session, 'before')).width).toBe(160);
		// The noise estimate is shown (the noise is uniform over ±21.3: σ = 42.7/√12 ≈ 12.3).
		const info = (await page.getByTestId('photo-info').textContent()) ?? '';
		const est = Number(/σ ≈ ([\d.]+)/.exec(info)?.[1]);
		expect(est).toBeGreaterThan(9);
		expect(est).toBeLessThan(17);

		if (!hasDenoiser) await page.getByTestId('no-denoiser').waitFor();
		await page.getByTestId('tab-stylize').click();
		await page.getByTestId('no-vgg').waitFor();
		expect(await page.getByTestId('no-vgg').textContent()).toContain(
			'npm run weights:vgg -- --file <h5>'
		);
		expect(await page.getByTestId('styles').textContent()).toContain(
			'The Starry Night — Vincent van Gogh, 1889'
		);
		// The bundled paintings load (same origin, under COEP).
		await page.waitForFunction(() =>
			Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="styles"] img')).every(
				(i) => i.complete && i.naturalWidth > 0
			)
		);
		await page.screenshot({ path: artifactPath('photos-open.png'), fullPage: true });

		await upload(session, 'sideways.jpg', 'image/jpeg', sidewaysJpeg());
		await expect.poll(() => page.getByTestId('photo-info').textContent()).toContain('32 × 64');
		const up = await canvasProbe(session, 'before');
		expect([up.width, up.height]).toEqual([32, 64]);
		// Turned clockwise: the stored left (red) half is now on top, the blue half below.
		expect(up.top[0]).toBeGreaterThan(180);
		expect(up.top[2]).toBeLessThan(80);
		expect(up.bottom[2]).toBeGreaterThan(180);
		expect(up.bottom[0]).toBeLessThan(80);

		await upload(session, 'broken.jpg', 'image/jpeg', sidewaysJpeg().subarray(0, 400));
		await expect
			.poll(() => page.getByTestId('error').textContent())
			.toContain('damaged or incomplete');
		await upload(session, 'notes.png', 'image/png', Buffer.from('just some text, not an image'));
		await expect
			.poll(() => page.getByTestId('error').textContent())
			.toContain('not a JPEG, PNG or WebP');
		// The last good photo stays on screen.
		expect((await canvasProbe(session, 'before')).height).toBe(64);
		expect(session.pageErrors).toEqual([]);
	});

	it('fits a 360 px phone screen without sideways scrolling', async () => {
		session = await launch({ viewport: { width: 360, height: 740 } });
		const { page } = session;
		await page.goto(`${base}/photos`);
		await upload(session, 'card.png', 'image/png', noisyPng(400, 300));
		await page.getByTestId('photo-info').waitFor();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('photos-mobile.png'), fullPage: true });
	});

	it.skipIf(!hasDenoiser)(
		'denoises, shows before/after and downloads a PNG of the original size (needs published denoiser weights)',
		async () => {
			session = await launch();
			const { page } = session;
			await page.goto(`${base}/photos?backend=wasm`);
			await upload(session, 'card.png', 'image/png', noisyPng(300, 200));
			await page.getByTestId('denoise').click();
			await page.getByTestId('done').waitFor({ timeout: 200_000 });
			const after = await canvasProbe(session, 'after');
			expect([after.width, after.height]).toEqual([300, 200]);
			await page.getByTestId('divider').focus();
			await page.keyboard.press('ArrowLeft');
			expect(Number(await page.getByTestId('divider').getAttribute('aria-valuenow'))).toBe(48);
			const [dl] = await Promise.all([
				page.waitForEvent('download'),
				page.getByTestId('download').click()
			]);
			expect(dl.suggestedFilename()).toBe('card-denoised.png');
			const png = decodePng(await readFile((await dl.path()) as string));
			expect([png.width, png.height]).toEqual([300, 200]);
			await page.screenshot({ path: artifactPath('photos-denoised.png'), fullPage: true });
			expect(session.pageErrors).toEqual([]);
		}
	);
});

// The Photo studio in a real browser against `wrangler dev`: open photos the test makes itself
// (PNG, a rotated-EXIF JPEG, broken files), see them upright, and — when denoiser weights are
// published — denoise, compare before/after and download a full-size PNG.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
	artifactPath,
	beforeAfterStats,
	launch,
	msFromClickUntil,
	stylizeTabWithPainting,
	type Session
} from './browser';

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

/** The picture noisyPng draws before its noise: a horizontal colour ramp. */
function cleanPixel(x: number, w: number): number[] {
	const t = (x / w) * 120;
	return [70 + t, 120, 190 - t];
}

/** PSNR of a decoded PNG's RGB against noisyPng's clean ramp. */
function psnrToClean(png: { data: ArrayLike<number>; width: number; channels: number }): number {
	let se = 0;
	let n = 0;
	for (let i = 0; i * png.channels < png.data.length; i++) {
		const c = cleanPixel(i % png.width, png.width);
		for (let k = 0; k < 3; k++) se += ((png.data[i * png.channels + k] ?? 0) - c[k]!) ** 2;
		n += 3;
	}
	return 10 * Math.log10((255 * 255) / (se / n));
}

/** A noisy RGB test card (the ramp plus noise) as PNG bytes. */
function noisyPng(w: number, h: number): Buffer {
	const data = new Uint8ClampedArray(w * h * 4);
	let s = 12345;
	for (let i = 0; i < w * h; i++) {
		s = (Math.imul(s, 1103515245) + 12345) >>> 0;
		const n = ((s >>> 24) - 128) / 6;
		const x = i % w;
		const [r, g, b] = cleanPixel(x, w);
		data.set([r! + n, g! + n, b! + n, 255], i * 4);
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

/** Mean |difference| between horizontal neighbours: falls when noise is removed. */
function roughness(png: {
	data: ArrayLike<number>;
	width: number;
	height: number;
	channels: number;
}): number {
	let sum = 0;
	let n = 0;
	for (let y = 0; y < png.height; y++)
		for (let x = 1; x < png.width; x++) {
			const i = (y * png.width + x) * png.channels;
			sum += Math.abs((png.data[i] ?? 0) - (png.data[i - png.channels] ?? 0));
			n++;
		}
	return sum / n;
}

/** A model as the Worker would publish it: model.json, one shard and a catalogue entry with hashes. */
interface Published {
	entry: Record<string, unknown> & { name: string };
	modelJson: string;
	weights: Buffer;
}

/** Serialises a tfjs LayersModel (then disposes it) as a published catalogue model. */
async function publish(
	m: import('@tensorflow/tfjs-layers').LayersModel,
	name: string,
	kind: string,
	training?: Record<string, unknown>
): Promise<Published> {
	const tf = await import('@tensorflow/tfjs-core');
	let art: import('@tensorflow/tfjs-core').io.ModelArtifacts | undefined;
	await m.save(
		tf.io.withSaveHandler(async (a) => {
			art = a;
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	m.dispose();
	if (!art?.weightData || !art.weightSpecs) throw new Error('model did not serialise');
	const weights = Buffer.from(art.weightData as ArrayBuffer);
	const modelJson = JSON.stringify({
		format: 'layers-model',
		modelTopology: art.modelTopology,
		weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: art.weightSpecs }]
	});
	const entry = {
		name,
		kind,
		version: '1',
		...(training ? { training } : {}),
		// The app verifies every file against these hashes before using it.
		files: [
			{ path: `${name}/1/model.json`, bytes: modelJson.length, sha256: sha(modelJson) },
			{ path: `${name}/1/group1-shard1of1.bin`, bytes: weights.length, sha256: sha(weights) }
		]
	};
	return { entry, modelJson, weights };
}

/** Shows the page a catalogue of exactly these models, served at the URLs the Worker would use. */
async function serveCatalogue(s: Session, models: Published[]): Promise<void> {
	await s.context.route(/\/api\/weights(\/.*)?$/, (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path === '/api/weights') {
			return route.fulfill({ json: { models: models.map((m) => m.entry) } });
		}
		const m = models.find((x) => path.startsWith(`/api/weights/${x.entry.name}/`));
		if (m && path.endsWith('/model.json'))
			return route.fulfill({ body: m.modelJson, contentType: 'application/json' });
		if (m && path.endsWith('.bin'))
			return route.fulfill({ body: m.weights, contentType: 'application/octet-stream' });
		return route.fulfill({ status: 404 });
	});
}

/**
 * Until denoiser weights are published, the page is shown a catalogue with one stand-in
 * denoiser: a real tfjs LayersModel (a 3×3 per-channel box filter — it does remove noise),
 * built and serialised here, served at the same URLs the Worker would use.
 */
async function serveStandIn(s: Session, kind: 'box' | 'dncnn' = 'box'): Promise<void> {
	const tf = await import('@tensorflow/tfjs-core');
	await import('@tensorflow/tfjs-backend-cpu');
	const tfl = await import('@tensorflow/tfjs-layers');
	await tf.setBackend('cpu');
	const m = tfl.sequential();
	if (kind === 'box') {
		m.add(
			tfl.layers.depthwiseConv2d({
				inputShape: [null, null, 3],
				kernelSize: 3,
				padding: 'same',
				useBias: false
			})
		);
		const k = tf.fill([3, 3, 3, 1], 1 / 9);
		m.setWeights([k]);
		k.dispose();
	} else {
		// The shape of the project's slim DnCNN (10 convs, 32 features; random weights): for timing.
		for (let i = 0; i < 10; i++) {
			m.add(
				tfl.layers.conv2d({
					...(i === 0 ? { inputShape: [null, null, 3] } : {}),
					filters: i === 9 ? 3 : 32,
					kernelSize: 3,
					padding: 'same',
					activation: i === 9 ? 'linear' : 'relu'
				})
			);
		}
	}
	await serveCatalogue(s, [await publish(m, 'standin-denoiser', 'denoiser')]);
}

function sha(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Upload → denoise → before/after → keyboard divider → download; checks the PNG. */
async function denoiseAndDownload(s: Session, query: string, shot: string): Promise<void> {
	const { page } = s;
	await page.goto(`${base}/photos${query}`);
	const input = noisyPng(300, 200);
	await upload(s, 'card.png', 'image/png', input);
	// The published (or stand-in) denoiser is offered.
	await page.getByTestId('model').waitFor();
	await page.getByTestId('denoise').click();
	await page.getByTestId('done').waitFor({ timeout: 200_000 });
	const after = await canvasProbe(s, 'after');
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
	expect(roughness(png)).toBeLessThan(roughness(decodePng(input)) * 0.7);
	await page.screenshot({ path: artifactPath(shot) });
	expect(s.pageErrors).toEqual([]);
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

	it('stylizes with the labelled VGG-free features: live preview, strength, colours, stop, download', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/photos?backend=wasm`);
		await upload(session, 'card.png', 'image/png', noisyPng(320, 240));
		await page.getByTestId('photo-info').waitFor();
		await page.getByTestId('tab-stylize').click();
		// Without VGG19 the random features are chosen, named and explained; VGG19 cannot be picked.
		const network = page.getByTestId('style-network');
		expect(await network.textContent()).toContain('Ustyuzhaninov');
		expect(await network.locator('input[value="vgg19"]').isDisabled()).toBe(true);
		expect(await network.locator('input[value="random"]').isChecked()).toBe(true);

		await page.getByText('The Scream — Edvard Munch, 1893').click();
		await page.getByTestId('style-iterations').fill('40');
		await page.getByTestId('stylize').click();
		// Previews arrive while it runs, with the losses of the step shown.
		await page.getByTestId('style-losses').waitFor({ timeout: 120_000 });
		expect(await page.getByTestId('after').count()).toBe(1);
		const done = page.locator('[data-testid="done"][data-where="style"]');
		await done.waitFor({ timeout: 200_000 });
		expect(await done.textContent()).toContain('256 × 192');
		console.log(`[photos] random-feature style transfer on WASM: ${await done.textContent()}`);

		const stats = () =>
			page.evaluate(() => {
				const mean = (id: string) => {
					const c = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
					const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
					const m = [0, 0, 0];
					for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) m[k]! += d[i + k]!;
					return m.map((v) => v / (d.length / 4));
				};
				return { before: mean('before'), after: mean('after') };
			});
		const dist = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
		const full = await stats();
		// The Scream's oranges moved the colours far from the blue test card.
		expect(dist(full.after, full.before)).toBeGreaterThan(20);
		await page.screenshot({ path: artifactPath('photos-stylized.png'), fullPage: true });

		// Strength 0 gives the photo back; keeping colours takes the photo's chrominance back.
		await page.getByTestId('style-strength').fill('0');
		await expect.poll(async () => dist((await stats()).after, full.before)).toBeLessThan(3);
		await page.getByTestId('style-strength').fill('1');
		// YIQ chrominance (linear, so the mean's chrominance is the mean chrominance).
		const iq = ([r, g, b]: number[]) => [
			0.596 * r! - 0.274 * g! - 0.322 * b!,
			0.211 * r! - 0.523 * g! + 0.312 * b!
		];
		expect(dist(iq(full.after), iq(full.before))).toBeGreaterThan(15);
		await page.getByTestId('keep-colours').check();
		await expect.poll(async () => dist(iq((await stats()).after), iq(full.before))).toBeLessThan(5);

		const [dl] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download').click()
		]);
		expect(dl.suggestedFilename()).toBe('card-stylized.png');
		const png = decodePng(await readFile((await dl.path()) as string));
		expect([png.width, png.height]).toEqual([256, 192]);

		// Stop keeps the picture as far as it got.
		await page.getByTestId('style-iterations').fill('500');
		await page.getByTestId('stylize').click();
		await page.getByTestId('style-losses').waitFor({ timeout: 120_000 });
		const stoppedAfter = await msFromClickUntil(
			page,
			page.getByTestId('stop-style'),
			'[data-testid="done"][data-where="style"]'
		);
		const stopped = (await done.textContent()) ?? '';
		expect(stopped).toMatch(/Stopped at step \d+ of 500/);
		console.log(`[photos] style transfer stopped ${stoppedAfter.toFixed(0)} ms after the click`);
		expect(stoppedAfter).toBeLessThan(1000);
		// The work really stopped: no later preview moves the picture on.
		await page.waitForTimeout(2000);
		expect(await done.textContent()).toBe(stopped);
		expect(await page.getByTestId('after').count()).toBe(1);
		expect(session.pageErrors).toEqual([]);
	});

	it('stylizes a photo with the shipped Starry Night stylizer, keeping its shapes', async () => {
		session = await launch();
		const { page } = session;
		await stylizeTabWithPainting(page, base, 'great-wave.jpg');
		// The fast stylizer follows the painting chosen among the styles (Starry Night at first).
		await page.getByTestId('method-fast').check();
		const stylizer = page.getByTestId('stylizer');
		expect(await stylizer.inputValue()).toBe('stylizer-starry-night@1');
		await page.getByTestId('method-optimise').check();
		await page.getByTestId('styles').getByText('The Scream').click();
		await page.getByTestId('method-fast').check();
		expect(await stylizer.inputValue()).toBe('stylizer-the-scream@1');
		expect(await stylizer.textContent()).toContain(
			'The Starry Night — Vincent van Gogh, 1889 · trained with the VGG-free random features'
		);
		await stylizer.selectOption('stylizer-starry-night@1');
		await page.getByTestId('stylize').click();
		const done = page.locator('[data-testid="done"][data-where="style"]');
		await done.waitFor({ timeout: 120_000 });
		expect(await done.textContent()).toMatch(/by stylizer-starry-night in [\d.]+ s/);
		// Coarse light and dark of the result follow the photo's (16×16 luma, Pearson r), while
		// the colours move towards the painting's.
		const { r, shift } = await beforeAfterStats(page);
		console.log(
			`[photos] shipped stylizer: luma correlation ${r.toFixed(3)}, colour shift ${shift.toFixed(1)}`
		);
		expect(r).toBeGreaterThan(0.6);
		expect(shift).toBeGreaterThan(20);
		await page.screenshot({ path: artifactPath('photos-fast-shipped.png'), fullPage: true });
		expect(session.pageErrors).toEqual([]);
	});

	it('stylizes in one pass with a published fast stylizer, bigger than optimisation allows', async () => {
		session = await launch();
		const { page } = session;
		const tf = await import('@tensorflow/tfjs-core');
		await import('@tensorflow/tfjs-backend-cpu');
		await tf.setBackend('cpu');
		const { buildStylizer } = await import('../../src/lib/ml/models/stylizer/model');
		// A real transformer network (random weights: it changes the picture, not prettily).
		await serveCatalogue(session, [
			await publish(
				buildStylizer({ size: 'phone', seed: 3 }),
				'stylizer-starry-night',
				'stylizer',
				{
					data: 'Loss network: random multi-scale features'
				}
			)
		]);
		await page.goto(`${base}/photos?backend=wasm`);
		await upload(session, 'card.png', 'image/png', noisyPng(640, 480));
		await page.getByTestId('photo-info').waitFor();
		await page.getByTestId('tab-stylize').click();
		await page.getByTestId('method-fast').check();
		expect(await page.getByTestId('stylizer').textContent()).toContain(
			'The Starry Night — Vincent van Gogh, 1889 · trained with the VGG-free random features'
		);
		await page.getByTestId('stylizer').selectOption('stylizer-starry-night@1');
		await page.getByTestId('fast-size').selectOption('512');
		await page.getByTestId('stylize').click();
		const done = page.locator('[data-testid="done"][data-where="style"]');
		await done.waitFor({ timeout: 120_000 });
		expect(await done.textContent()).toMatch(
			/512 × 384 by stylizer-starry-night in [\d.]+ s \(one forward pass\)/
		);
		console.log(`[photos] fast stylizer (phone size) on WASM: ${await done.textContent()}`);
		const [dl] = await Promise.all([
			page.waitForEvent('download'),
			page.getByTestId('download').click()
		]);
		const png = decodePng(await readFile((await dl.path()) as string));
		expect([png.width, png.height]).toEqual([512, 384]);
		// The network's output, not the photo passed through.
		const photo = decodePng(noisyPng(640, 480));
		expect(
			Math.abs((png.data[0] ?? 0) - (photo.data[0] ?? 0)) +
				Math.abs((png.data[2] ?? 0) - (photo.data[2] ?? 0))
		).toBeGreaterThan(0);
		expect(session.pageErrors).toEqual([]);
	});

	it('fits a 360 px phone screen without sideways scrolling', async () => {
		session = await launch({ viewport: { width: 360, height: 740 } });
		const { page } = session;
		await page.goto(`${base}/photos`);
		await upload(session, 'card.png', 'image/png', noisyPng(400, 300));
		await page.getByTestId('photo-info').waitFor();
		// Zoom doubles the drawn size; the view scrolls instead of the page.
		const w1 = (await page.getByTestId('before').boundingBox())?.width ?? 0;
		await page.getByRole('button', { name: 'Zoom in' }).click();
		await page.getByRole('button', { name: 'Zoom in' }).click();
		expect(await page.getByTestId('zoom').textContent()).toBe('200%');
		expect((await page.getByTestId('before').boundingBox())?.width).toBeCloseTo(w1 * 2, 0);

		// A photo dropped on the drop zone, then one pasted, opens like a picked one.
		const drop = async (type: 'drop' | 'paste', png: Buffer, name: string) =>
			page.evaluate(
				({ type, b64, name }) => {
					const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
					const dt = new DataTransfer();
					dt.items.add(new File([bytes], name, { type: 'image/png' }));
					const zone = document.querySelector('[data-testid="dropzone"]');
					if (type === 'drop')
						zone?.dispatchEvent(
							new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
						);
					else
						document.body.dispatchEvent(
							new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })
						);
				},
				{ type, b64: png.toString('base64'), name }
			);
		await drop('drop', noisyPng(64, 48), 'dropped.png');
		await expect
			.poll(() => page.getByTestId('photo-info').textContent())
			.toContain('dropped.png · 64 × 48');
		await drop('paste', noisyPng(40, 30), 'pasted.png');
		await expect
			.poll(() => page.getByTestId('photo-info').textContent())
			.toContain('pasted.png · 40 × 30');
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('photos-mobile.png'), fullPage: true });
		// The style transfer controls fit too.
		await page.getByTestId('tab-stylize').click();
		await page.getByTestId('style-network').waitFor();
		// With "Train a fast stylizer" opened as well.
		await page.getByTestId('train-stylizer').locator('summary').click();
		await page.getByTestId('train-stylizer-start').waitFor();
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		await page.screenshot({ path: artifactPath('photos-mobile-style.png'), fullPage: true });
	});

	it.skipIf(!hasDenoiser)(
		'denoises with the published denoiser and downloads a PNG of the original size',
		async () => {
			session = await launch();
			await denoiseAndDownload(session, '?backend=wasm', 'photos-denoised.png');
		}
	);

	it.skipIf(!hasDenoiser)(
		'"Best quality" averages 8 flipped and turned passes and leaves less noise',
		async () => {
			session = await launch();
			const { page } = session;
			await page.goto(`${base}/photos?backend=wasm`);
			await upload(session, 'ramp.png', 'image/png', noisyPng(200, 150));
			await page.getByTestId('model').waitFor();
			const denoiseAndScore = async () => {
				await page.getByTestId('denoise').click();
				const done = page.getByTestId('done');
				await done.waitFor({ timeout: 200_000 });
				const [dl] = await Promise.all([
					page.waitForEvent('download'),
					page.getByTestId('download').click()
				]);
				const png = decodePng(await readFile((await dl.path()) as string));
				return { text: (await done.textContent()) ?? '', psnr: psnrToClean(png) };
			};
			const one = await denoiseAndScore();
			expect(one.text).not.toMatch(/passes/);
			await page.getByTestId('best-quality').check();
			const eight = await denoiseAndScore();
			expect(eight.text).toMatch(/8 passes each/);
			console.log(`[photos] one pass ${one.psnr.toFixed(2)} dB, ×8 ${eight.psnr.toFixed(2)} dB`);
			expect(eight.psnr).toBeGreaterThan(one.psnr);
			// The server runs one pass: the option is off while "Process on server" is on.
			await page.getByTestId('on-server').check();
			expect(await page.getByTestId('best-quality').isDisabled()).toBe(true);
			expect(session.pageErrors).toEqual([]);
		}
	);

	it('cancels a long denoise within a second; reports DnCNN-sized throughput', async () => {
		session = await launch();
		const { page } = session;
		await serveStandIn(session, 'dncnn');
		await page.goto(`${base}/photos?backend=wasm`);
		await upload(session, 'small.png', 'image/png', noisyPng(480, 480));
		await page.getByTestId('model').waitFor();
		await page.getByTestId('denoise').click();
		const done = (await page.getByTestId('done').textContent({ timeout: 200_000 })) ?? '';
		console.log(`[photos] DnCNN-10/32 on WASM, 480×480: ${done}`);
		// A photo that fits one 512 px tile runs whole (no seams, no overlap work).
		expect(done).toMatch(/\(1 tile,/);

		await upload(session, 'big.png', 'image/png', noisyPng(1600, 1200));
		await expect.poll(() => page.getByTestId('photo-info').textContent()).toContain('1600 × 1200');
		await page.getByTestId('denoise').click();
		await page.waitForFunction(
			() => Number(document.querySelector('[data-testid="progress"]')?.getAttribute('value')) > 0,
			undefined,
			{ timeout: 120_000 }
		);
		const cancelledAfter = await msFromClickUntil(
			page,
			page.getByTestId('cancel'),
			'[data-testid="phase"][data-phase="cancelled"]'
		);
		console.log(`[photos] denoise cancelled ${cancelledAfter.toFixed(0)} ms after the click`);
		expect(cancelledAfter).toBeLessThan(1000);
		// The worker is free again: a new run on the small photo starts at once and finishes.
		await upload(session, 'small.png', 'image/png', noisyPng(480, 480));
		// The worker may still be finishing the cancelled tile: allow more than poll's default 1 s.
		await expect
			.poll(() => page.getByTestId('photo-info').textContent(), { timeout: 30_000 })
			.toContain('480 × 480');
		await page.getByTestId('denoise').click();
		await page.getByTestId('done').waitFor({ timeout: 200_000 });
		expect(session.pageErrors).toEqual([]);
	});

	it('denoises a 12-megapixel phone photo at full size in bounded memory', async () => {
		session = await launch();
		const { page } = session;
		await serveStandIn(session);
		const [w, h] = [4000, 3000];
		const data = Buffer.alloc(w * h * 4);
		for (let i = 0; i < w * h; i++) {
			const x = i % w;
			data.set([40 + (x % 200), 120, 200 - (x % 150), 255], i * 4);
		}
		const photo = Buffer.from(jpeg.encode({ data, width: w, height: h }, 85).data);
		await page.goto(`${base}/photos?backend=wasm`);
		await upload(session, 'phone.jpg', 'image/jpeg', photo);
		await expect
			.poll(() => page.getByTestId('photo-info').textContent(), { timeout: 60_000 })
			.toContain('4000 × 3000');
		await page.getByTestId('model').waitFor();
		await page.getByTestId('denoise').click();
		const done = page.getByTestId('done');
		await done.waitFor({ timeout: 300_000 });
		console.log(`[photos] 12 MP with the 3×3 stand-in on WASM: ${await done.textContent()}`);
		expect(await done.textContent()).toMatch(/\(\d+ tiles,/);
		const after = await canvasProbe(session, 'after');
		expect([after.width, after.height]).toEqual([w, h]);
		// The worker's tensors stay bounded by the tile size, not the photo's: the JS heap of the
		// page holds the 48 MB RGBA buffers, nothing near a tab's limit.
		const heap = await page.evaluate(
			() =>
				(performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
					?.usedJSHeapSize ?? 0
		);
		console.log(`[photos] page JS heap after a 12 MP denoise: ${(heap / 2 ** 20).toFixed(0)} MB`);
		expect(heap).toBeGreaterThan(0);
		expect(heap).toBeLessThan(400 * 2 ** 20);
		expect(session.pageErrors).toEqual([]);
	});
});

// POST /api/infer/{denoise,generate,stylize} inside workerd, with small models of the real
// architectures published into the test R2.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { zlibSync } from 'fflate';
import { encode as encodeJpeg } from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGenerator } from '../../src/lib/ml/models/dcgan/model';
import { buildStylizer } from '../../src/lib/ml/models/stylizer/model';
import { pngFile } from './share-fixtures';
import { ensureBackend } from '../../workers/api/infer/runtime';
import {
	buildTinyDenoiser,
	buildTinyStylizer,
	call,
	expectError,
	expectPng,
	picture,
	pngOf,
	publishModel,
	putManifest
} from './infer-fixtures';

const PNG = { 'content-type': 'image/png' };
let tiny: tfl.LayersModel;
let wide: tfl.LayersModel;
let generator: tfl.LayersModel;
let stylizer: tfl.LayersModel;
let johnson: tfl.LayersModel;

beforeAll(async () => {
	await ensureBackend();
	tiny = buildTinyDenoiser();
	stylizer = buildTinyStylizer();
	// The real phone-sized architecture, with its custom layers (random weights).
	johnson = buildStylizer({ size: 'phone', seed: 5 });
	// 64 channels: tiles of 181² (8 MB activations), so a 300×200 image is cut in four.
	wide = buildTinyDenoiser(64, 1);
	const heavy = buildTinyDenoiser(64, 3); // ~75k MACs per pixel: too slow for 1024²
	generator = buildGenerator(16, { seed: 3, filters: [16, 8] });
	await putManifest([
		{ name: 'denoiser-gray', kind: 'denoiser', files: await publishModel(tiny, 'denoiser-gray') },
		{ name: 'denoiser-wide', kind: 'denoiser', files: await publishModel(wide, 'denoiser-wide') },
		{
			name: 'denoiser-heavy',
			kind: 'denoiser',
			files: await publishModel(heavy, 'denoiser-heavy')
		},
		{
			name: 'dcgan-fashion',
			kind: 'dcgan',
			files: await publishModel(generator, 'dcgan-fashion', { role: 'generator' })
		},
		{
			name: 'stylizer-udnie',
			kind: 'stylizer',
			files: await publishModel(stylizer, 'stylizer-udnie')
		},
		{
			name: 'stylizer-the-scream',
			kind: 'stylizer',
			files: await publishModel(johnson, 'stylizer-the-scream')
		},
		{
			name: 'denoiser-map',
			kind: 'denoiser',
			files: await publishModel(buildTinyDenoiser(8, 2, 2), 'denoiser-map')
		},
		{
			// A stylizer listed as a denoiser: its stride-2 layers break odd sizes while running.
			name: 'denoiser-strided',
			kind: 'denoiser',
			files: await publishModel(stylizer, 'denoiser-strided')
		},
		{
			name: 'dcgan-big',
			kind: 'dcgan',
			files: await publishModel(buildCostlyGenerator(), 'dcgan-big')
		},
		{
			name: 'denoiser-residual',
			kind: 'denoiser',
			files: await publishModel(tiny, 'denoiser-residual', { metadata: { residual: true } })
		}
	]);
	heavy.dispose();
});

/** ~157M MACs per sample (three 3×3 convs at 32×32, 128 channels): 64 samples are over budget. */
function buildCostlyGenerator(): tfl.LayersModel {
	const conv = (filters: number) =>
		tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' });
	return tfl.sequential({
		layers: [
			tfl.layers.dense({ inputShape: [8], units: 32 * 32 * 4 }),
			tfl.layers.reshape({ targetShape: [32, 32, 4] }),
			conv(128),
			conv(128),
			tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' })
		]
	});
}

/** A PNG whose header says 1×1 grey but whose image data inflates to `zeros` bytes. */
function pngBomb(zeros: number): Uint8Array {
	const ihdr = new Uint8Array(13);
	new DataView(ihdr.buffer).setUint32(0, 1);
	new DataView(ihdr.buffer).setUint32(4, 1);
	ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grey, no interlace
	return pngFile(ihdr, zlibSync(new Uint8Array(zeros), { level: 9 }));
}

/** What the route should answer, computed here: model(x / 255) → 0..255 after `post`. */
function direct(
	model: tfl.LayersModel,
	x: tf.Tensor4D,
	post: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor = (_, y) => y
): Float32Array | Int32Array | Uint8Array {
	return tf.tidy(() => {
		const unit = tf.div(x, 255);
		const y = model.predict(unit) as tf.Tensor;
		return tf.round(tf.mul(tf.clipByValue(post(unit, y), 0, 1), 255)).dataSync();
	});
}

function countOff(want: ArrayLike<number>, got: ArrayLike<number>): number {
	expect(got.length).toBe(want.length);
	let off = 0;
	for (let i = 0; i < want.length; i++) if (Math.abs((want[i] ?? 0) - (got[i] ?? 0)) > 1) off++;
	return off;
}

function jsonPost(body: unknown): RequestInit {
	return {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	};
}

describe('POST /api/infer/generate', () => {
	it('answers a seeded PNG grid of n samples; the seed decides the pixels', async () => {
		const a = await expectPng(
			await call('/api/infer/generate', jsonPost({ model: 'dcgan-fashion', seed: 7, n: 5 }))
		);
		// 5 samples → 3 columns × 2 rows of 28×28 with 1-pixel gaps.
		expect([a.width, a.height]).toEqual([3 * 28 + 2, 2 * 28 + 1]);
		const again = await expectPng(
			await call('/api/infer/generate', jsonPost({ model: 'dcgan-fashion', seed: 7, n: 5 }))
		);
		const other = await expectPng(
			await call('/api/infer/generate', jsonPost({ model: 'dcgan-fashion', seed: 8, n: 5 }))
		);
		expect(again.bytes).toEqual(a.bytes);
		expect(other.bytes).not.toEqual(a.bytes);
		// Each cell is the generator's sample for z ~ N(0, I) drawn with that seed.
		const img = decodePng(a.bytes);
		expect(img.channels).toBe(1);
		const want = tf.tidy(() => {
			const y = generator.predict(tf.randomNormal([5, 16], 0, 1, 'float32', 7)) as tf.Tensor;
			return tf.round(tf.mul(tf.div(tf.add(y, 1), 2), 255)).dataSync();
		});
		let off = 0;
		for (let i = 0; i < 5; i++) {
			const ox = (i % 3) * 29;
			const oy = Math.floor(i / 3) * 29;
			for (let y = 0; y < 28; y++) {
				for (let x = 0; x < 28; x++) {
					const got = img.data[(oy + y) * a.width + ox + x] ?? -9;
					if (Math.abs(got - (want[(i * 28 + y) * 28 + x] ?? 0)) > 1) off++;
				}
			}
		}
		expect(off).toBe(0);
		expect(img.data[28]).toBe(255); // the gap between cells
	});

	it('n = 64 gives an 8×8 grid', async () => {
		const t0 = Date.now();
		const res = await call(
			'/api/infer/generate',
			jsonPost({ model: 'dcgan-fashion', seed: 1, n: 64 })
		);
		const g = await expectPng(res);
		console.log(
			`generate n=64 (tiny generator): ${Date.now() - t0} ms, x-inference-ms ${res.headers.get('x-inference-ms')}`
		);
		expect([g.width, g.height]).toEqual([8 * 28 + 7, 8 * 28 + 7]);
	});

	it('refuses a sample count the model cannot make in time with 413, before running it', async () => {
		const t0 = Date.now();
		const body = await expectError(
			await call('/api/infer/generate', jsonPost({ model: 'dcgan-big', seed: 1, n: 64 })),
			413,
			'image_too_large'
		);
		expect(body.error.message).toMatch(/at most \d+/);
		expect(Date.now() - t0).toBeLessThan(5000);
	}, 15_000);

	it('refuses bad JSON (400), bad fields (422), other media types (415), unknown models (404)', async () => {
		await expectError(await call('/api/infer/generate', jsonPost('{"model":')), 400, 'bad_json');
		for (const bad of [
			{ model: 'dcgan-fashion', seed: 1, n: 65 },
			{ model: 'dcgan-fashion', seed: 1, n: 0 },
			{ model: 'dcgan-fashion', seed: 1.5, n: 1 },
			{ model: '../x', seed: 1, n: 1 },
			{ model: 'dcgan-fashion', n: 1 },
			[1, 2]
		]) {
			await expectError(await call('/api/infer/generate', jsonPost(bad)), 422, 'invalid_request');
		}
		await expectError(
			await call('/api/infer/generate', {
				method: 'POST',
				headers: { 'content-type': 'text/plain' },
				body: '{}'
			}),
			415
		);
		await expectError(
			await call('/api/infer/generate', jsonPost({ model: 'dcgan-mnist', seed: 1, n: 1 })),
			404,
			'model_not_found'
		);
		await expectError(await call('/api/infer/generate'), 405);
	});

	it('refuses a published model of another kind (a denoiser, a stylizer) as no generator', async () => {
		for (const model of ['denoiser-gray', 'stylizer-udnie']) {
			const body = await expectError(
				await call('/api/infer/generate', jsonPost({ model, seed: 1, n: 1 })),
				404,
				'model_not_found'
			);
			expect(body.error.message).toContain('not a generator');
		}
	});
});

describe('POST /api/infer/denoise', () => {
	it('answers a grey PNG of the same size for a grey PNG', async () => {
		const res = await call('/api/infer/denoise?sigma=25', {
			method: 'POST',
			headers: PNG,
			body: pngOf(40, 30, 1)
		});
		const out = await expectPng(res);
		expect([out.width, out.height, out.colourType]).toEqual([40, 30, 0]);
		expect(res.headers.get('x-backend')).toBe('wasm');
		expect(res.headers.get('x-model')).toBe('denoiser-gray@1');
	});

	it('answers an RGB PNG for a colour JPEG, each channel denoised', async () => {
		const W = 64;
		const H = 48;
		const rgb = picture(W, H, 3);
		const rgba = new Uint8Array(W * H * 4);
		for (let p = 0; p < W * H; p++) {
			rgba.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
			rgba[p * 4 + 3] = 255;
		}
		const jpeg = encodeJpeg({ width: W, height: H, data: rgba }, 90).data;
		const out = await expectPng(
			await call('/api/infer/denoise', {
				method: 'POST',
				headers: { 'content-type': 'image/jpeg' },
				body: jpeg
			})
		);
		expect([out.width, out.height, out.colourType]).toEqual([W, H, 2]);
	});

	it('tiles large images with exact results (same pixels as one whole-image pass)', async () => {
		const W = 300;
		const H = 200; // > one 128 tile each way
		const t0 = Date.now();
		const out = await expectPng(
			await call('/api/infer/denoise?model=denoiser-wide', {
				method: 'POST',
				headers: PNG,
				body: pngOf(W, H, 1)
			})
		);
		console.log(`denoise ${W}×${H} (64-channel model, 4 tiles): ${Date.now() - t0} ms`);
		expect([out.width, out.height]).toEqual([W, H]);
		const got = decodePng(out.bytes).data;
		const want = tf.tidy(() => {
			const x = tf.div(tf.tensor4d(picture(W, H, 1), [1, H, W, 1], 'float32'), 255);
			const y = wide.predict(x) as tf.Tensor;
			return tf.round(tf.mul(tf.clipByValue(y, 0, 1), 255)).dataSync();
		});
		let off = 0;
		for (let i = 0; i < want.length; i++) if (Math.abs((want[i] ?? 0) - (got[i] ?? 0)) > 1) off++;
		expect(off).toBe(0);
	});

	it('keeps alpha, and subtracts the prediction for residual (DnCNN-style) models', async () => {
		const W = 20;
		const H = 10;
		const grey = picture(W, H, 1);
		const ga = new Uint8Array(W * H * 2);
		for (let p = 0; p < W * H; p++) {
			ga[p * 2] = grey[p] ?? 0;
			ga[p * 2 + 1] = (p * 13) & 255;
		}
		const body = encodePng({ width: W, height: H, data: ga, channels: 2, depth: 8 });
		const out = await expectPng(
			await call('/api/infer/denoise?model=denoiser-residual', {
				method: 'POST',
				headers: PNG,
				body
			})
		);
		expect(out.colourType).toBe(4); // grey + alpha
		const img = decodePng(out.bytes);
		const x = tf.tensor4d(grey, [1, H, W, 1], 'float32');
		const want = direct(tiny, x, (u, y) => tf.sub(u, y));
		x.dispose();
		expect(
			countOff(
				want,
				img.data.filter((_, i) => i % 2 === 0)
			)
		).toBe(0);
		expect([...img.data.filter((_, i) => i % 2 === 1)]).toEqual([
			...ga.filter((_, i) => i % 2 === 1)
		]);
	});

	it('feeds sigma to models with a noise-level map channel, and only to them', async () => {
		const run = async (model: string, sigma: number) =>
			(
				await expectPng(
					await call(`/api/infer/denoise?model=${model}&sigma=${sigma}`, {
						method: 'POST',
						headers: PNG,
						body: pngOf(24, 16, 1)
					})
				)
			).bytes;
		expect(await run('denoiser-map', 5)).not.toEqual(await run('denoiser-map', 50));
		expect(await run('denoiser-gray', 5)).toEqual(await run('denoiser-gray', 50));
	});

	it('measures 512×512', async () => {
		const t0 = Date.now();
		const res = await call('/api/infer/denoise', {
			method: 'POST',
			headers: PNG,
			body: pngOf(512, 512, 1)
		});
		const out = await expectPng(res);
		console.log(
			`denoise 512×512 (tiny model): ${Date.now() - t0} ms, x-inference-ms ${res.headers.get('x-inference-ms')}`
		);
		expect([out.width, out.height]).toEqual([512, 512]);
	});

	it('refuses uploads over 8 MiB (413), images over 1024 px (413) and work over budget (413)', async () => {
		const big = new Uint8Array(8 * 1024 * 1024 + 1);
		big.set(pngOf(8, 8, 1));
		await expectError(
			await call('/api/infer/denoise', { method: 'POST', headers: PNG, body: big }),
			413,
			'too_large'
		);
		const wide = await expectError(
			await call('/api/infer/denoise', { method: 'POST', headers: PNG, body: pngOf(1100, 8, 1) }),
			413,
			'image_too_large'
		);
		expect(wide.error.message).toContain('1100×8');
		const slow = await expectError(
			await call('/api/infer/denoise?model=denoiser-heavy', {
				method: 'POST',
				headers: PNG,
				body: pngOf(1024, 1024, 1)
			}),
			413,
			'image_too_large'
		);
		expect(slow.error.message).toContain('in time');
	});

	it('refuses other media (415), non-images (415), corrupt images (422) and bad parameters (400)', async () => {
		await expectError(
			await call('/api/infer/denoise', {
				method: 'POST',
				headers: { 'content-type': 'text/plain' },
				body: 'hello'
			}),
			415
		);
		await expectError(
			await call('/api/infer/denoise', { method: 'POST', headers: PNG, body: 'GIF89a not really' }),
			415
		);
		const corrupt = pngOf(32, 32, 1);
		corrupt.fill(7, 40); // keep signature + IHDR, wreck the data
		await expectError(
			await call('/api/infer/denoise', { method: 'POST', headers: PNG, body: corrupt }),
			422,
			'corrupt_image'
		);
		const jpegHead = new Uint8Array([
			0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0, 0, 0
		]);
		await expectError(
			await call('/api/infer/denoise', {
				method: 'POST',
				headers: { 'content-type': 'image/jpeg' },
				body: jpegHead
			}),
			422,
			'corrupt_image'
		);
		await expectError(
			await call('/api/infer/denoise?sigma=abc', {
				method: 'POST',
				headers: PNG,
				body: pngOf(8, 8, 1)
			}),
			400,
			'bad_parameter'
		);
		await expectError(
			await call('/api/infer/denoise?model=..%2Fx', {
				method: 'POST',
				headers: PNG,
				body: pngOf(8, 8, 1)
			}),
			400
		);
	});

	it('refuses a PNG whose image data inflates beyond its header (a decompression bomb) with 422', async () => {
		const bomb = pngBomb(32 * 1024 * 1024);
		expect(bomb.length).toBeLessThan(64 * 1024);
		const t0 = Date.now();
		await expectError(
			await call('/api/infer/denoise', { method: 'POST', headers: PNG, body: bomb }),
			422,
			'corrupt_image'
		);
		expect(Date.now() - t0).toBeLessThan(5000);
	});

	it('refuses a model of another kind (a stylizer) as not a published denoiser', async () => {
		for (const side of [64, 301]) {
			const body = await expectError(
				await call('/api/infer/denoise?model=stylizer-udnie', {
					method: 'POST',
					headers: PNG,
					body: pngOf(side, side, 3)
				}),
				404,
				'model_not_found'
			);
			expect(body.error.message).toContain('stylizer-udnie');
		}
	});

	it('frees its tensors when the model fails on the image (422)', async () => {
		const send = () =>
			call('/api/infer/denoise?model=denoiser-strided', {
				method: 'POST',
				headers: PNG,
				body: pngOf(301, 301, 3)
			});
		await expectError(await send(), 422, 'unsupported_model'); // loads the model once
		const before = tf.memory().numTensors;
		await expectError(await send(), 422, 'unsupported_model');
		await expectError(await send(), 422, 'unsupported_model');
		expect(tf.memory().numTensors).toBe(before);
	});

	it('answers 404 model_not_found when the denoiser is not published', async () => {
		const res = await call('/api/infer/denoise?model=denoiser-color', {
			method: 'POST',
			headers: PNG,
			body: pngOf(8, 8, 1)
		});
		await expectError(res, 404, 'model_not_found');
	});
});

describe('POST /api/infer/stylize', () => {
	it('runs a published feed-forward stylizer: RGB PNG of the same size', async () => {
		const out = await expectPng(
			await call('/api/infer/stylize?style=udnie', {
				method: 'POST',
				headers: PNG,
				body: pngOf(50, 34, 3)
			})
		);
		expect([out.width, out.height, out.colourType]).toEqual([50, 34, 2]);
	});

	it('pads odd sizes for the stride-2 layers and crops back exactly', async () => {
		const W = 51;
		const H = 35; // padded to 56×40
		const out = await expectPng(
			await call('/api/infer/stylize?style=udnie', {
				method: 'POST',
				headers: PNG,
				body: pngOf(W, H, 3)
			})
		);
		expect([out.width, out.height]).toEqual([W, H]);
		const padded = tf.tidy(() =>
			tf.mirrorPad(
				tf.tensor4d(picture(W, H, 3), [1, H, W, 3], 'float32'),
				[
					[0, 0],
					[0, 5],
					[0, 5],
					[0, 0]
				],
				'symmetric'
			)
		);
		const full = direct(stylizer, padded);
		padded.dispose();
		const want = new Float32Array(W * H * 3);
		for (let r = 0; r < H; r++) want.set(full.subarray(r * 56 * 3, r * 56 * 3 + W * 3), r * W * 3);
		expect(countOff(want, decodePng(out.bytes).data)).toBe(0);
	});

	it('runs the project’s phone-sized Johnson stylizer (instance norm, reflection padding) on 416×320', async () => {
		// ~29k MACs per pixel: 416×320 fits the Worker's budget (about 425² does).
		const W = 416;
		const H = 320;
		const res = await call('/api/infer/stylize?style=the-scream', {
			method: 'POST',
			headers: PNG,
			body: pngOf(W, H, 3)
		});
		const out = await expectPng(res);
		expect([out.width, out.height]).toEqual([W, H]);
		console.log(
			`[infer] phone stylizer 416×320 in workerd: ${res.headers.get('x-inference-ms')} ms`
		);
		const want = direct(johnson, tf.tensor4d(picture(W, H, 3), [1, H, W, 3], 'float32'));
		expect(countOff(want, decodePng(out.bytes).data)).toBe(0);
	});

	it('answers 404 model_not_found saying what to install when no stylizer exists', async () => {
		const body = await expectError(
			await call('/api/infer/stylize?style=starry-night', {
				method: 'POST',
				headers: PNG,
				body: pngOf(8, 8, 3)
			}),
			404,
			'model_not_found'
		);
		expect(body.error.message).toContain('npm run pretrain -- stylizer-starry-night');
		await expectError(
			await call('/api/infer/stylize', { method: 'POST', headers: PNG, body: pngOf(8, 8, 3) }),
			400
		);
	});
});

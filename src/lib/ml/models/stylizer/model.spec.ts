import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRandomFeatures, randomFeatureLayers } from '../style/random-features';
import { reflectPad } from './layers';
import { buildStylizer } from './model';
import { structureLoss, StylizerTrainer } from './train';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

describe('buildStylizer', () => {
	it('maps any H×W (multiple of 4) RGB image to one of the same size in [0, 1]', async () => {
		const m = buildStylizer({ size: 'phone', seed: 1 });
		for (const [h, w] of [
			[16, 24],
			[32, 20]
		] as const) {
			const x = tf.randomUniform([2, h, w, 3]);
			const y = m.predict(x) as tf.Tensor;
			expect(y.shape).toEqual([2, h, w, 3]);
			const [lo, hi] = await Promise.all([tf.min(y).data(), tf.max(y).data()]);
			expect(lo[0]).toBeGreaterThanOrEqual(0);
			expect(hi[0]).toBeLessThanOrEqual(1);
			tf.dispose([x, y]);
		}
		expect(buildStylizer({ size: 'full' }).countParams()).toBeGreaterThan(m.countParams() * 3);
		m.dispose();
	});

	it('instance norm: each image is normalised on its own (a brighter copy gives the same output)', async () => {
		const m = buildStylizer({ size: 'phone', seed: 2 });
		const x = tf.randomUniform([1, 16, 16, 3], 0.2, 0.6, 'float32', 3);
		// The first conv has no bias and instance norm follows it, so an affine change of the input
		// (scaled contrast) leaves the normalised activations, and the output, unchanged.
		const y1 = m.predict(x) as tf.Tensor;
		const y2 = m.predict(tf.mul(x, 1.5)) as tf.Tensor;
		const d = (await tf.max(tf.abs(tf.sub(y1, y2))).data())[0]!;
		expect(d).toBeLessThan(1e-3);
		tf.dispose([x, y1, y2]);
		m.dispose();
	});

	it('saves and loads with its custom layers (instance norm, reflection padding), giving identical outputs', async () => {
		const m = buildStylizer({ size: 'phone', seed: 4 });
		let saved: tf.io.ModelArtifacts | undefined;
		await m.save(
			tf.io.withSaveHandler(async (a) => {
				saved = a;
				return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
			})
		);
		const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
		const x = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 5);
		const [a, b] = [m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
		expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
		tf.dispose([x, a, b]);
		m.dispose();
		loaded.dispose();
	});
});

describe('StylizerTrainer', () => {
	it('lowers the perceptual loss on a few photos and leaks no tensors', async () => {
		const features = buildRandomFeatures({ scales: 3, filters: 4 });
		const layers = randomFeatureLayers(3);
		const style = tf.tidy(() =>
			tf.concat(
				[
					tf.fill([16, 16, 1], 0.9),
					tf.randomUniform([16, 16, 1], 0, 1, 'float32', 9),
					tf.fill([16, 16, 1], 0.1)
				],
				2
			)
		) as tf.Tensor3D;
		const trainer = new StylizerTrainer({
			channels: 4,
			residualBlocks: 1,
			seed: 1,
			features,
			contentLayer: layers.content,
			styleLayers: layers.style,
			style,
			weights: { content: 0.1, style: 1e4, tv: 0.05 },
			learningRate: 1e-2
		});
		const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
		const losses: number[] = [];
		let before = 0;
		for (let i = 0; i < 30; i++) {
			// Adam creates its moment variables on the first step.
			if (i === 1) before = tf.memory().numTensors;
			const out = trainer.step({ x });
			losses.push((await out.loss!.data())[0]!);
			tf.dispose(Object.values(out));
		}
		expect(tf.memory().numTensors).toBe(before);
		const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
		expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.7);
		trainer.dispose();
		tf.dispose([x, style]);
		features.dispose();
	});
});

describe('structureLoss', () => {
	it('is zero for the photo itself, large for a photo turned upside down, and ignores colour', async () => {
		// Dark top half, light bottom half.
		const x = tf.tidy(() =>
			tf.concat([tf.fill([1, 8, 16, 3], 0.1), tf.fill([1, 8, 16, 3], 0.9)], 1)
		) as tf.Tensor4D;
		const value = async (y: tf.Tensor4D) => {
			const l = structureLoss(y, x);
			const v = (await l.data())[0]!;
			l.dispose();
			return v;
		};
		expect(await value(x)).toBe(0);
		const flipped = tf.reverse(x, 1) as tf.Tensor4D;
		// Luma 0.1 ↔ 0.9 everywhere: ½·0.8² = 0.32.
		expect(await value(flipped)).toBeCloseTo(0.32, 4);
		// The dark half turned pure red of the same luma (0.299 · R = 0.1): shapes kept, so free.
		const recoloured = tf.tidy(() =>
			tf.concat(
				[
					tf.mul(tf.ones([1, 8, 16, 3]), tf.tensor1d([0.1 / 0.299, 0, 0])),
					tf.fill([1, 8, 16, 3], 0.9)
				],
				1
			)
		) as tf.Tensor4D;
		expect(await value(recoloured)).toBeLessThan(1e-6);
		tf.dispose([x, flipped, recoloured]);
	});
});

describe('reflectPad', () => {
	it('matches tfjs mirrorPad (reflect) and counts mirrored pixels in its gradient', async () => {
		const x = tf.tensor4d(
			Array.from({ length: 12 }, (_, i) => i),
			[1, 3, 4, 1]
		);
		const ours = reflectPad(x, 2);
		const ref = tf.mirrorPad(
			x,
			[
				[0, 0],
				[2, 2],
				[2, 2],
				[0, 0]
			],
			'reflect'
		);
		expect(ours.shape).toEqual([1, 7, 8, 1]);
		expect(Array.from(await ours.data())).toEqual(Array.from(await ref.data()));
		// d/dx Σ pad(x) is how often each pixel appears in the padded image (tfjs's own mirrorPad
		// gradient would say 1 everywhere).
		const g = tf.grad((t: tf.Tensor) => tf.sum(reflectPad(t as tf.Tensor4D, 2)))(x);
		const counts = Array.from(await g.data());
		const brute = new Array(12).fill(0);
		const idx = (r: number, c: number) => r * 4 + c;
		const mirror = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
		for (let r = -2; r < 5; r++)
			for (let c = -2; c < 6; c++) brute[idx(mirror(r, 3), mirror(c, 4))]++;
		expect(counts).toEqual(brute);
		expect(Math.max(...counts)).toBeGreaterThan(1);
		tf.dispose([x, ours, ref, g]);
	});
});

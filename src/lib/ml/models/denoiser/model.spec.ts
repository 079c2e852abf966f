import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDenoiser } from './model';
import { addAwgn, DenoiserTrainer } from './train';
import type { Batch } from '../../train/trainer';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Smooth images: a gradient plus a step, the easy case a denoiser must learn quickly. */
function smoothBatch(n: number, size: number, channels: 1 | 3, offset: number): Batch {
	const data = new Float32Array(n * size * size * channels);
	for (let b = 0; b < n; b++)
		for (let y = 0; y < size; y++)
			for (let x = 0; x < size; x++)
				for (let c = 0; c < channels; c++) {
					const v =
						0.2 + 0.4 * ((x + y + b + offset) / (2 * size)) + (x > size / 2 ? 0.2 : 0) + 0.05 * c;
					data[((b * size + y) * size + x) * channels + c] = v;
				}
	return { x: tf.tensor4d(data, [n, size, size, channels]) };
}

describe('denoiser model', () => {
	it('is fully convolutional for gray and colour, blind or with a σ-map', () => {
		const before = tf.memory().numTensors;
		for (const channels of [1, 3] as const) {
			for (const noiseMap of [false, true]) {
				const m = buildDenoiser({ channels, noiseMap, depth: 4, features: 6, seed: 1 });
				expect(m.inputs).toHaveLength(noiseMap ? 2 : 1);
				for (const [h, w] of [
					[9, 13],
					[16, 16]
				] as const) {
					const x = tf.zeros([2, h, w, channels]);
					const s = tf.zeros([2, h, w, 1]);
					const y = m.predict(noiseMap ? [x, s] : x) as tf.Tensor;
					expect(y.shape).toEqual([2, h, w, channels]);
					tf.dispose([x, s, y]);
				}
				m.dispose();
			}
		}
		expect(tf.memory().numTensors).toBe(before);
	});

	it('predicts a residual: with a zero last layer the output is the input', () => {
		const m = buildDenoiser({ channels: 1, depth: 3, features: 4 });
		const last = m.getLayer('conv3');
		last.setWeights(last.getWeights().map((w) => tf.zerosLike(w)));
		const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 2);
		const y = m.predict(x) as tf.Tensor;
		expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
		tf.dispose([x, y]);
		m.dispose();
	});

	it('refuses bad options', () => {
		expect(() => buildDenoiser({ channels: 2 as 1, depth: 4 })).toThrow(/channels/);
		expect(() => buildDenoiser({ channels: 1, depth: 2 })).toThrow(/depth/);
	});
});

describe('denoiser training', () => {
	it('adds seeded AWGN of the requested σ per image', () => {
		const x = tf.fill([2, 32, 32, 1], 0.5) as tf.Tensor4D;
		const { noisy, sigmaMap } = addAwgn(x, new Float32Array([0, 25]), 9);
		const d = tf.sub(noisy, x);
		const [s0, s1] = tf.unstack(d).map((t) => Math.sqrt(tf.moments(t).variance.dataSync()[0] ?? 0));
		expect(s0).toBe(0);
		expect(s1).toBeGreaterThan(0.8 * (25 / 255));
		expect(s1).toBeLessThan(1.2 * (25 / 255));
		expect(sigmaMap.dataSync()[32 * 32 + 5]).toBeCloseTo(25 / 255, 6);
		tf.dispose([x, noisy, sigmaMap, d]);
	});

	it('draws σ in range, reproducibly per step', () => {
		const t = new DenoiserTrainer({
			channels: 1,
			depth: 3,
			features: 4,
			seed: 4,
			sigmaRange: [5, 30]
		});
		const a = t.sigmasFor(7, 64);
		expect(Array.from(t.sigmasFor(7, 64))).toEqual(Array.from(a));
		expect(Array.from(t.sigmasFor(8, 64))).not.toEqual(Array.from(a));
		for (const s of a) expect(s >= 5 && s <= 30).toBe(true);
		t.dispose();
	});

	it('takes a tenth of the step size from lrDropStep on', () => {
		// Adam's first update moves each weight by about the learning rate, whatever the gradient.
		const firstUpdate = (lrDropStep?: number) => {
			const t = new DenoiserTrainer({ channels: 1, depth: 3, features: 4, seed: 2, lrDropStep });
			const w0 = t.model.getWeights()[0]!.dataSync().slice();
			const batch = smoothBatch(2, 8, 1, 0);
			tf.dispose([t.step(batch).loss!, batch.x]);
			const w1 = t.model.getWeights()[0]!.dataSync();
			const moved = Math.max(...w1.map((v, i) => Math.abs(v - (w0[i] ?? 0))));
			t.dispose();
			return moved;
		};
		const full = firstUpdate();
		expect(full).toBeCloseTo(1e-3, 4);
		expect(firstUpdate(0) / full).toBeCloseTo(0.1, 2);
		expect(firstUpdate(1)).toBeCloseTo(full, 6);
		const t = new DenoiserTrainer({ channels: 1, depth: 3, features: 4, lrDropStep: 100 });
		expect([t.learningRateAt(99), t.learningRateAt(100)]).toEqual([1e-3, 1e-4]);
		t.dispose();
	});

	it('lowers the loss on noisy smooth images without leaking tensors', async () => {
		const before = tf.memory().numTensors;
		const t = new DenoiserTrainer({
			channels: 1,
			depth: 3,
			features: 8,
			seed: 1,
			sigmaRange: [25, 25],
			learningRate: 3e-3
		});
		const losses: number[] = [];
		for (let i = 0; i < 30; i++) {
			const batch = smoothBatch(2, 10, 1, i);
			const { loss } = t.step(batch);
			losses.push((await loss!.data())[0] ?? NaN);
			tf.dispose([loss!, batch.x]);
		}
		const head = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
		const tail = losses.slice(-5).reduce((a, b) => a + b) / 5;
		expect(tail).toBeLessThan(0.7 * head);
		t.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

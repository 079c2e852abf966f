import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../kernels';
import { buildDiscriminator, buildGenerator } from './model';
import { createDcganTrainer, LABEL_SMOOTHING } from './train';

const T10K = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';

/** The first `n` Fashion-MNIST test images as [n, 28, 28, 1] in [0, 1] (IDX: 16-byte header). */
function fashionImages(n: number): tf.Tensor4D {
	const raw = gunzipSync(readFileSync(T10K));
	const px = Float32Array.from(raw.subarray(16, 16 + n * 784), (v) => v / 255);
	return tf.tensor4d(px, [n, 28, 28, 1]);
}

/** Reads a scalar computed by `f` without leaving the tensor behind. */
function scalar(f: () => tf.Tensor): number {
	const t = f();
	const v = t.dataSync()[0]!;
	t.dispose();
	return v;
}

/** Small widths keep the spec fast; the default widths are timed by scripts/bench/conv-step.mjs. */
const SMALL = {
	latentSize: 16,
	generatorFilters: [16, 8],
	discriminatorFilters: [8, 16],
	// Ten times the paper's rate, so that a handful of steps visibly moves the losses.
	learningRate: 2e-3
} as const;

describe('DCGAN', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
		registerWasmTrainingKernels();
	});

	it('generator and discriminator have the documented shapes and ranges', () => {
		const before = tf.memory().numTensors;
		const g = buildGenerator(100, { seed: 1 });
		const gs = buildGenerator(100, { seed: 1, output: 'sigmoid' });
		const d = buildDiscriminator({ seed: 1 });
		const z = tf.randomNormal([3, 100], 0, 1, 'float32', 2);
		const images = g.predict(z) as tf.Tensor;
		const imagesSigmoid = gs.predict(z) as tf.Tensor;
		const logits = d.predict(images) as tf.Tensor;
		expect(images.shape).toEqual([3, 28, 28, 1]);
		expect(logits.shape).toEqual([3, 1]);
		expect(scalar(() => tf.min(images))).toBeGreaterThanOrEqual(-1);
		expect(scalar(() => tf.max(images))).toBeLessThanOrEqual(1);
		expect(scalar(() => tf.min(imagesSigmoid))).toBeGreaterThanOrEqual(0);
		// Batch norm follows the dense and hidden conv-transpose layers (paper §3).
		expect(g.layers.filter((l) => l.getClassName() === 'BatchNormalization').length).toBe(2);
		expect(d.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(false);
		tf.dispose([z, images, imagesSigmoid, logits]);
		for (const m of [g, gs, d]) m.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('the same seed gives identical weights', () => {
		const a = buildGenerator(10, { seed: 4 });
		const b = buildGenerator(10, { seed: 4 });
		const c = buildGenerator(10, { seed: 5 });
		const wa = a.getWeights().map((t) => Array.from(t.dataSync()));
		b.getWeights().forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(wa[i]));
		expect(Array.from(c.getWeights()[0]!.dataSync())).not.toEqual(wa[0]);
		for (const m of [a, b, c]) m.dispose();
	});

	it.each([
		['wasm', 16, 4],
		// The CPU backend's conv gradients are slow: fewer, smaller steps.
		['cpu', 4, 3]
	] as const)(
		'trains a few steps on %s: D loss moves, G loss finite, no leaks',
		async (backend, batch, steps) => {
			await tf.setBackend(backend);
			try {
				const x = fashionImages(batch);
				const trainer = createDcganTrainer({ ...SMALL, seed: 3, labelSmoothing: true });
				const fixedBefore = trainer.sample(4, 9);
				const dLosses: number[] = [];
				let tensorsAfterFirst = -1;
				for (let step = 0; step < steps; step++) {
					const losses = trainer.step({ x });
					expect(Object.keys(losses).sort()).toEqual(['d', 'dFake', 'dReal', 'g']);
					const [d, g, dReal, dFake] = [losses.d!, losses.g!, losses.dReal!, losses.dFake!].map(
						(t) => t.dataSync()[0]!
					);
					expect(Number.isFinite(g)).toBe(true);
					expect(dReal).toBeGreaterThan(0);
					expect(dReal).toBeLessThan(1);
					expect(dFake).toBeGreaterThan(0);
					expect(dFake).toBeLessThan(1);
					dLosses.push(d!);
					tf.dispose(Object.values(losses));
					// Both Adams create their slots on step one; later steps must not accumulate tensors.
					if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
					else expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
				}
				// A random D starts near BCE(0.9, ½) + BCE(0, ½) ≈ 2·ln 2; the optimiser must move it.
				expect(dLosses[0]).toBeGreaterThan(1);
				expect(Math.abs(dLosses[steps - 1]! - dLosses[0]!)).toBeGreaterThan(1e-3);
				// sample() is deterministic for a seed and reflects the updated generator.
				const a = trainer.sample(4, 9);
				const b = trainer.sample(4, 9);
				expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
				expect(Array.from(a.dataSync())).not.toEqual(Array.from(fixedBefore.dataSync()));
				expect(scalar(() => tf.min(a))).toBeGreaterThanOrEqual(0);
				expect(scalar(() => tf.max(a))).toBeLessThanOrEqual(1);
				tf.dispose([a, b, fixedBefore, x]);
				const before = tf.memory().numTensors;
				trainer.dispose();
				expect(tf.memory().numTensors).toBeLessThan(before);
			} finally {
				await tf.setBackend('wasm');
			}
		}
	);

	it('uses the label-smoothing target only when asked', () => {
		expect(LABEL_SMOOTHING).toBe(0.9);
		const x = fashionImages(8);
		const losses = (labelSmoothing: boolean) => {
			const t = createDcganTrainer({ ...SMALL, seed: 11, dropout: 0, labelSmoothing });
			const l = t.step({ x });
			const v = l.d!.dataSync()[0]!;
			tf.dispose(Object.values(l));
			t.dispose();
			return v;
		};
		// Same seed, no dropout: the only difference is the real target (0.9 vs 1).
		expect(losses(true)).not.toBeCloseTo(losses(false), 6);
		x.dispose();
	});

	it('exposes both models and both optimizers under the same role names', () => {
		const t = createDcganTrainer({ ...SMALL, seed: 1 });
		expect(Object.keys(t.models()).sort()).toEqual(['discriminator', 'generator']);
		expect(Object.keys(t.optimizers()).sort()).toEqual(['discriminator', 'generator']);
		t.dispose();
	});
});

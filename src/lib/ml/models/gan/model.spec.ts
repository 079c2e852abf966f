import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { sigmoidCrossEntropyWithLogits } from '../losses';
import { buildDiscriminator, buildGenerator } from './model';
import { createGanTrainer, generate, LABEL_SMOOTHING } from './train';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** A batch of 8×8 "images": bright left half, dark right half, slight noise. */
function realBatch(n: number, seed: number): tf.Tensor4D {
	const rng = createRng(seed);
	const v = new Float32Array(n * 64);
	for (let i = 0; i < v.length; i++)
		v[i] = Math.min(1, Math.max(0, (i % 8 < 4 ? 0.9 : 0.1) + 0.05 * rng.normal()));
	return tf.tensor4d(v, [n, 8, 8, 1]);
}

function snapshot(vars: tf.Tensor[]): number[][] {
	return vars.map((v) => Array.from(v.dataSync()));
}

describe('MLP GAN', () => {
	it('builds generator and discriminator with the right shapes', () => {
		const before = tf.memory().numTensors;
		const g = buildGenerator({ latentSize: 8, hidden: [16, 32], outputSize: 64, seed: 1 });
		const d = buildDiscriminator({ inputSize: 64, hidden: [32], seed: 2 });
		const imgs = generate(g, 5, 3);
		expect(imgs.shape).toEqual([5, 64]);
		const range = tf.tidy(() => [
			tf.min(imgs).dataSync()[0] ?? -1,
			tf.max(imgs).dataSync()[0] ?? 2
		]);
		expect(range[0]).toBeGreaterThan(0);
		expect(range[1]).toBeLessThan(1);
		const logits = d.predict(imgs) as tf.Tensor;
		expect(logits.shape).toEqual([5, 1]);
		tf.dispose([imgs, logits]);
		g.dispose();
		d.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('sigmoid cross-entropy from logits matches −[y·log σ(l) + (1 − y)·log(1 − σ(l))]', () => {
		const l = tf.tensor1d([-3, 0, 2, 40]);
		const got = sigmoidCrossEntropyWithLogits(0.9, l);
		// −log σ(l) = log(1 + e^−l) and −log(1 − σ(l)) = log(1 + e^l), exact in float64 for these l.
		const want =
			[-3, 0, 2, 40]
				.map((x) => 0.9 * Math.log1p(Math.exp(-x)) + 0.1 * Math.log1p(Math.exp(x)))
				.reduce((a, b) => a + b, 0) / 4;
		expect(got.dataSync()[0]).toBeCloseTo(want, 4);
		tf.dispose([l, got]);
	});

	it('runs steps that update both networks, with finite losses and no leaks', () => {
		const before = tf.memory().numTensors;
		const generator = buildGenerator({ latentSize: 8, hidden: [32], outputSize: 64, seed: 1 });
		const discriminator = buildDiscriminator({ inputSize: 64, hidden: [32], seed: 2 });
		const trainer = createGanTrainer({
			generator,
			discriminator,
			labelSmoothing: true,
			seed: 3,
			learningRate: 2e-3
		});
		expect(trainer.kind).toBe('gan');
		const losses: { d: number; g: number }[] = [];
		for (let s = 0; s < 30; s++) {
			const x = realBatch(16, s);
			const dBefore = snapshot(discriminator.getWeights());
			const gBefore = snapshot(generator.getWeights());
			const out = trainer.step({ x });
			expect(Object.keys(out).sort()).toEqual(['d', 'g']);
			losses.push({ d: out.d?.dataSync()[0] ?? NaN, g: out.g?.dataSync()[0] ?? NaN });
			expect(snapshot(discriminator.getWeights())).not.toEqual(dBefore);
			expect(snapshot(generator.getWeights())).not.toEqual(gBefore);
			tf.dispose([x, ...Object.values(out)]);
		}
		for (const l of losses) {
			expect(Number.isFinite(l.d)).toBe(true);
			expect(Number.isFinite(l.g)).toBe(true);
		}
		// At the start D cannot tell: L_D ≈ BCE(0.5 vs 0.9) + log 2.
		const start =
			-(LABEL_SMOOTHING * Math.log(0.5) + (1 - LABEL_SMOOTHING) * Math.log(0.5)) + Math.log(2);
		expect(losses[0]?.d).toBeCloseTo(start, 0);
		// The generator learns the bright-left pattern a little: its left half gets brighter than the right.
		const imgs = generate(generator, 64, 99);
		const [left, right] = tf.tidy(() => {
			const r = tf.reshape(imgs, [64, 8, 8]);
			return [
				tf.mean(tf.slice(r, [0, 0, 0], [64, 8, 4])).dataSync()[0] ?? 0,
				tf.mean(tf.slice(r, [0, 0, 4], [64, 8, 4])).dataSync()[0] ?? 0
			];
		});
		console.log(
			`GAN after 30 steps: left ${left?.toFixed(3)} right ${right?.toFixed(3)}; d ${losses.at(-1)?.d.toFixed(3)} g ${losses.at(-1)?.g.toFixed(3)}`
		);
		expect(left).toBeGreaterThan(right ?? 1);
		imgs.dispose();
		trainer.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('half-steps update only their own network', () => {
		const generator = buildGenerator({ latentSize: 8, hidden: [16], outputSize: 64, seed: 1 });
		const discriminator = buildDiscriminator({ inputSize: 64, hidden: [16], seed: 2 });
		const trainer = createGanTrainer({ generator, discriminator, seed: 3, imageShape: [8, 8, 1] });
		const samples = trainer.sample(3, 1);
		expect(samples.shape).toEqual([3, 8, 8, 1]);
		samples.dispose();
		const x = realBatch(8, 1);
		const g0 = snapshot(generator.getWeights());
		const d0 = snapshot(discriminator.getWeights());
		tf.dispose(trainer.stepDiscriminator({ x }));
		expect(snapshot(generator.getWeights())).toEqual(g0);
		const d1 = snapshot(discriminator.getWeights());
		expect(d1).not.toEqual(d0);
		tf.dispose(trainer.stepGenerator(8));
		expect(snapshot(discriminator.getWeights())).toEqual(d1);
		expect(snapshot(generator.getWeights())).not.toEqual(g0);
		x.dispose();
		trainer.dispose();
	});

	it('resumes from weights, optimizer state and stepCount with the same noise', async () => {
		const make = () =>
			createGanTrainer({
				generator: buildGenerator({ latentSize: 4, hidden: [8], outputSize: 64, seed: 1 }),
				discriminator: buildDiscriminator({ inputSize: 64, hidden: [8], seed: 2 }),
				seed: 3
			});
		const a = make();
		for (let s = 0; s < 2; s++) {
			const x = realBatch(4, s);
			tf.dispose([x, ...Object.values(a.step({ x }))]);
		}
		const b = make();
		for (const role of ['generator', 'discriminator']) {
			b.models()[role]?.setWeights(a.models()[role]?.getWeights() ?? []);
			await b.optimizers()[role]?.setWeights((await a.optimizers()[role]?.getWeights()) ?? []);
		}
		b.stepCount = a.stepCount;
		expect(b.stepCount).toBe(2);
		const x = realBatch(4, 7);
		const la = a.step({ x });
		const lb = b.step({ x });
		// Same noise draws; Adam's restored bias correction is β^(t+1) computed afresh rather than a
		// running product, so the weights agree to float32 rounding, not bit for bit.
		expect(lb.d?.dataSync()[0]).toBe(la.d?.dataSync()[0]);
		expect(lb.g?.dataSync()[0]).toBeCloseTo(la.g?.dataSync()[0] ?? NaN, 5);
		tf.dispose([x, ...Object.values(la), ...Object.values(lb)]);
		a.dispose();
		b.dispose();
	});

	it('refuses mismatched generator and discriminator', () => {
		const generator = buildGenerator({ latentSize: 4, hidden: [], outputSize: 10, seed: 1 });
		const discriminator = buildDiscriminator({ inputSize: 12, hidden: [], seed: 1 });
		expect(() => createGanTrainer({ generator, discriminator, seed: 0 })).toThrow(/expects 12/);
		generator.dispose();
		discriminator.dispose();
	});
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { klDivergence, klDivergencePerSample, reparameterize } from './latent';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('VAE latent maths', () => {
	it('KL matches the closed form ½Σ(μ² + σ² − 1 − logσ²) on known values', () => {
		const mu = tf.tensor2d([
			[1, 0],
			[0, 0],
			[-2, 0.5]
		]);
		const logVar = tf.tensor2d([
			[0, Math.log(4)],
			[0, 0],
			[Math.log(0.25), 0]
		]);
		const before = tf.memory().numTensors;
		const per = klDivergencePerSample(mu, logVar);
		const expected = [
			0.5 * (1 + 1 - 1 - 0 + (0 + 4 - 1 - Math.log(4))),
			0,
			0.5 * (4 + 0.25 - 1 - Math.log(0.25) + (0.25 + 1 - 1 - 0))
		];
		const got = Array.from(per.dataSync());
		got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
		const mean = klDivergence(mu, logVar);
		expect(mean.dataSync()[0]).toBeCloseTo((expected[0]! + expected[1]! + expected[2]!) / 3, 5);
		tf.dispose([per, mean]);
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose([mu, logVar]);
	});

	it('KL is never negative', () => {
		const mu = tf.randomNormal([200, 8], 0, 2, 'float32', 1) as tf.Tensor2D;
		const logVar = tf.randomNormal([200, 8], 0, 2, 'float32', 2) as tf.Tensor2D;
		const per = klDivergencePerSample(mu, logVar);
		expect(Math.min(...per.dataSync())).toBeGreaterThanOrEqual(0);
		tf.dispose([mu, logVar, per]);
	});

	it('reparameterised samples have mean μ and variance σ²', () => {
		const n = 20000;
		const mu = tf.fill([n, 2], 3) as tf.Tensor2D;
		const logVar = tf.tidy(() =>
			tf.concat([tf.fill([n, 1], Math.log(4)), tf.fill([n, 1], Math.log(0.01))], 1)
		) as tf.Tensor2D;
		const z = reparameterize(mu, logVar, 9);
		const { mean, variance } = tf.moments(z, 0);
		const m = mean.dataSync();
		const v = variance.dataSync();
		expect(m[0]).toBeCloseTo(3, 1);
		expect(m[1]).toBeCloseTo(3, 1);
		expect(v[0]).toBeCloseTo(4, 0);
		expect(v[1]).toBeCloseTo(0.01, 2);
		tf.dispose([mu, logVar, z, mean, variance]);
	});
});

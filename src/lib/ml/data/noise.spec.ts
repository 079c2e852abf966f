import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { addGaussianNoise, addMaskingNoise, corrupt } from './noise';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('noise', () => {
	it('Gaussian noise has the requested σ, stays in [0, 1] and repeats per seed', () => {
		const x = tf.fill([100, 100], 0.5);
		const before = tf.memory().numTensors;
		const y = addGaussianNoise(x, 0.1, 3);
		const [sd, min] = tf.tidy(() => [
			Math.sqrt(tf.moments(tf.sub(y, x)).variance.dataSync()[0] ?? 0),
			tf.min(y).dataSync()[0] ?? -1
		]);
		expect(sd).toBeCloseTo(0.1, 2);
		expect(min).toBeGreaterThanOrEqual(0);
		const again = addGaussianNoise(x, 0.1, 3);
		expect(Array.from(again.dataSync())).toEqual(Array.from(y.dataSync()));
		tf.dispose([y, again]);
		expect(tf.memory().numTensors).toBe(before);
		x.dispose();
	});

	it('masking noise drops about the requested fraction and leaves the rest untouched', () => {
		const x = tf.fill([200, 100], 0.7);
		const y = addMaskingNoise(x, 0.3, 11);
		const v = y.dataSync();
		let zeros = 0;
		for (const a of v) {
			if (a === 0) zeros++;
			else expect(a).toBeCloseTo(0.7, 6);
		}
		expect(zeros / v.length).toBeGreaterThan(0.28);
		expect(zeros / v.length).toBeLessThan(0.32);
		const none = corrupt(x, { kind: 'none' }, 0);
		expect(none).not.toBe(x);
		tf.dispose([x, y, none]);
	});
});

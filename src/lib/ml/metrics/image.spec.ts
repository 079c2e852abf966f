import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { psnr, psnrPerImage, ssim } from './image';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('image metrics', () => {
	it('PSNR of a known MSE', () => {
		const a = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
		const b = tf.fill([2, 8, 8, 1], 0.1) as tf.Tensor4D;
		const before = tf.memory().numTensors;
		// MSE = 0.01 → 10·log10(1 / 0.01) = 20 dB; with maxVal 255 the same MSE is 10·log10(255²/0.01).
		expect(psnr(a, b)).toBeCloseTo(20, 4);
		expect(psnr(a, b, 255)).toBeCloseTo(10 * Math.log10(255 ** 2 / 0.01), 3);
		expect(psnrPerImage(a, a)).toEqual([Infinity, Infinity]);
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose([a, b]);
	});

	it('SSIM is 1 for identical images and matches the formula on flat images', () => {
		const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
		const before = tf.memory().numTensors;
		expect(ssim(x, x)).toBeCloseTo(1, 5);
		const a = tf.fill([1, 16, 16, 3], 0.2) as tf.Tensor4D;
		const b = tf.fill([1, 16, 16, 3], 0.6) as tf.Tensor4D;
		// Flat images: σ terms vanish, SSIM = (2ab + C1)/(a² + b² + C1), C1 = 0.01².
		expect(ssim(a, b)).toBeCloseTo((2 * 0.2 * 0.6 + 1e-4) / (0.04 + 0.36 + 1e-4), 4);
		const noisy = tf.tidy(() =>
			tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, 0.2, 'float32', 2)), 0, 1)
		);
		const s = ssim(x, noisy as tf.Tensor4D);
		expect(s).toBeLessThan(0.9);
		expect(s).toBeGreaterThan(0);
		tf.dispose([a, b, noisy]);
		expect(tf.memory().numTensors).toBe(before);
		x.dispose();
	});

	it('refuses images of different shapes', () => {
		const a = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
		const b = tf.zeros([1, 4, 5, 1]) as tf.Tensor4D;
		expect(() => psnr(a, b)).toThrow(/differ in shape/);
		tf.dispose([a, b]);
	});
});

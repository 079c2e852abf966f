import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet, takeFirst } from '../../data/fashion-mnist';
import { bytesToUnitFloats } from '../../data/provider';
import { symmetricEigen } from '../../linalg/eigen';
import { createRng } from '../../random';
import {
	cumulativeExplainedVariance,
	fitPca,
	pcaReconstructionError,
	projectPca,
	reconstructPca
} from './model';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

describe('fitPca', () => {
	it('recovers the principal axes and variances of data with known covariance', () => {
		const d = 5;
		const n = 4000;
		// A random rotation R (eigenvectors of a random symmetric matrix) and axis scales s:
		// x = μ + Σ_k s_k z_k R_k with z ~ N(0, I) has covariance R·diag(s²)·Rᵀ.
		const rng = createRng(1);
		const sym = new Float64Array(d * d);
		for (let i = 0; i < d; i++)
			for (let j = 0; j <= i; j++) sym[i * d + j] = sym[j * d + i] = rng.normal();
		const R = symmetricEigen(sym, d).vectors;
		const s = [5, 3, 2, 1, 0.5];
		const mu = [1, -2, 3, 0, 10];
		const points = new Float32Array(n * d);
		for (let r = 0; r < n; r++) {
			for (let j = 0; j < d; j++) points[r * d + j] = mu[j] ?? 0;
			for (let k = 0; k < d; k++) {
				const z = (s[k] ?? 0) * rng.normal();
				for (let j = 0; j < d; j++)
					points[r * d + j] = (points[r * d + j] ?? 0) + z * (R[k * d + j] ?? 0);
			}
		}
		const before = tf.memory().numTensors;
		const model = fitPca(points, d, { chunkRows: 512 });
		expect(tf.memory().numTensors).toBe(before);
		for (let k = 0; k < d; k++) {
			let dot = 0;
			for (let j = 0; j < d; j++) dot += (model.components[k * d + j] ?? 0) * (R[k * d + j] ?? 0);
			expect(Math.abs(dot)).toBeGreaterThan(0.99);
			expect(Math.sqrt(model.variances[k] ?? 0) / (s[k] ?? 1)).toBeCloseTo(1, 1);
			expect(model.mean[k]).toBeCloseTo(mu[k] ?? 0, 0);
		}
		const total = s.reduce((a, b) => a + b * b, 0);
		expect(model.explainedVarianceRatio[0]).toBeCloseTo(25 / total, 1);
	});

	it('reconstructs 500 Fashion-MNIST images better with more components, exactly with all of them', () => {
		const dir = '/usr/share/datasets/fashion-mnist';
		const set = takeFirst(
			loadImageSet(
				readFileSync(`${dir}/t10k-images-idx3-ubyte.gz`),
				readFileSync(`${dir}/t10k-labels-idx1-ubyte.gz`)
			),
			500
		);
		const floats = bytesToUnitFloats(set.images);
		const t0 = performance.now();
		const model = fitPca(floats, 784);
		console.log(`PCA fit 500×784: ${(performance.now() - t0).toFixed(0)} ms`);
		const curve = cumulativeExplainedVariance(model);
		expect(curve[783]).toBeCloseTo(1, 6);
		const ratioSum = model.explainedVarianceRatio.reduce((a, b) => a + b, 0);
		expect(ratioSum).toBeCloseTo(1, 9);
		for (let k = 1; k < 784; k++)
			expect(curve[k]).toBeGreaterThanOrEqual((curve[k - 1] ?? 0) - 1e-12);

		const x = tf.tensor2d(floats.subarray(0, 200 * 784), [200, 784]);
		const before = tf.memory().numTensors;
		const errors = [1, 8, 32, 128].map((k) => pcaReconstructionError(model, x, k));
		console.log(
			`PCA reconstruction MSE (k = 1, 8, 32, 128): ${errors.map((e) => e.toFixed(4)).join(', ')}`
		);
		for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1] ?? 0);
		expect(pcaReconstructionError(model, x, 784)).toBeLessThan(1e-8);
		// The training-set MSE with k axes is the variance left over, per value.
		const rest = model.variances.slice(32).reduce((a, b) => a + b, 0) / 784;
		const all = tf.tensor2d(floats, [500, 784]);
		expect(pcaReconstructionError(model, all, 32)).toBeCloseTo((rest * 499) / 500, 4);
		all.dispose();

		const codes = projectPca(model, x, 2);
		expect(codes.shape).toEqual([200, 2]);
		const back = reconstructPca(model, codes);
		expect(back.shape).toEqual([200, 784]);
		tf.dispose([codes, back]);
		expect(tf.memory().numTensors).toBe(before);
		x.dispose();
	});
});

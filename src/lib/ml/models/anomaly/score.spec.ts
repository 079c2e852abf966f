import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { fitPca, projectPca, reconstructPca } from '../pca/model';
import { evaluateHeldOutClass, reconstructionScores, splitByClass } from './score';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/**
 * 10-D data: class 0–2 ("normal") lie near a random 2-D plane; class 3 ("anomaly") is spread in
 * all directions. A 2-component reconstruction fits the plane and fails off it.
 */
function synthetic(n: number, seed: number) {
	const d = 10;
	const rng = createRng(seed);
	const basis = Array.from({ length: 2 }, () => Array.from({ length: d }, () => rng.normal()));
	const points = new Float32Array(n * d);
	const labels = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const cls = i % 4;
		labels[i] = cls;
		const a = rng.normal() * 3;
		const b = rng.normal() * 3;
		for (let j = 0; j < d; j++) {
			const onPlane = a * (basis[0]?.[j] ?? 0) + b * (basis[1]?.[j] ?? 0);
			points[i * d + j] = cls === 3 ? rng.normal() * 2 : onPlane + 0.05 * rng.normal();
		}
	}
	return { points, labels, d };
}

describe('reconstruction anomaly scores', () => {
	it('compute the per-sample error by hand on a tiny case', () => {
		const halve = (x: tf.Tensor2D) => tf.mul(x, 0.5) as tf.Tensor2D;
		const before = tf.memory().numTensors;
		const mse = reconstructionScores(halve, Float32Array.from([2, 0, 4, 4, 0, 0]), 2, {
			batchSize: 2
		});
		// (1² + 0²)/2, (2² + 2²)/2, 0.
		expect(Array.from(mse)).toEqual([0.5, 4, 0]);
		const mae = reconstructionScores(halve, Float32Array.from([2, 0]), 2, { error: 'mae' });
		expect(Array.from(mae)).toEqual([0.5]);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('separate a held-out class from normal data (AUC near 1) with a model fitted on normal data only', () => {
		const { points, labels, d } = synthetic(800, 1);
		const { normal, heldOut } = splitByClass(points, labels, d, 3);
		const normalPoints = normal.rows;
		expect(normalPoints.length).toBe(600 * d);
		expect(heldOut.rows.length).toBe(200 * d);
		expect(Array.from(new Set(heldOut.labels))).toEqual([3]);
		const pca = fitPca(normalPoints, d, { maxComponents: 2 });
		const reconstruct = (x: tf.Tensor2D) =>
			tf.tidy(() => reconstructPca(pca, projectPca(pca, x, 2)));
		const before = tf.memory().numTensors;
		const scores = reconstructionScores(reconstruct, points, d, { batchSize: 100 });
		expect(tf.memory().numTensors).toBe(before);
		const result = evaluateHeldOutClass(scores, labels, 3);
		console.log(
			`anomaly AUC ${result.auc.toFixed(4)}, mean score normal ${result.meanNormal.toFixed(4)} vs anomaly ${result.meanAnomaly.toFixed(3)}`
		);
		expect(result.auc).toBeGreaterThan(0.99);
		expect(result.meanAnomaly).toBeGreaterThan(10 * result.meanNormal);
		// A perfect reconstruction scores everything 0: no better than chance.
		const identity = reconstructionScores((x) => x.clone(), points, d);
		expect(evaluateHeldOutClass(identity, labels, 3).auc).toBe(0.5);
	});

	it('refuses a reconstruction of the wrong shape', () => {
		expect(() =>
			reconstructionScores((x) => tf.slice(x, [0, 0], [x.shape[0], 1]), new Float32Array(4), 2)
		).toThrow(/expected \[2, 2\]/);
	});
});

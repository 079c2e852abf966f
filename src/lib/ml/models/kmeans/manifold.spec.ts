import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import { beforeAll, describe, expect, it } from 'vitest';
import { ari } from '../../metrics/clustering';
import { createRng } from '../../random';
import { clusterOnManifold } from './manifold';
import { fitKMeans } from './model';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

/**
 * Two interleaved half-moons in 3-D (scikit-learn's make_moons, lifted): curved clusters whose
 * means lie close together, so a straight K-Means boundary cuts both.
 */
function moons(perMoon: number, seed: number) {
	const rng = createRng(seed);
	const points = new Float32Array(2 * perMoon * 3);
	const labels: number[] = [];
	for (let i = 0; i < 2 * perMoon; i++) {
		const moon = i % 2;
		const a = Math.PI * rng.next();
		const [x, y] = moon === 0 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
		points[3 * i] = x + 0.05 * rng.normal();
		points[3 * i + 1] = y + 0.05 * rng.normal();
		points[3 * i + 2] = 0.05 * rng.normal();
		labels.push(moon);
	}
	return { points, labels };
}

describe('clusterOnManifold (N2D)', () => {
	it('separates interleaved half-moons that plain K-Means cuts across', async () => {
		const { points, labels } = moons(200, 1);
		const plain = fitKMeans(points, 3, { k: 2, seed: 1 });
		const n2d = await clusterOnManifold(points, 3, {
			k: 2,
			seed: 1,
			nComponents: 5,
			nNeighbors: 30
		});
		expect(ari(labels, plain.labels)).toBeLessThan(0.4);
		expect(ari(labels, n2d.labels)).toBeGreaterThan(0.95);
		expect(n2d.embedding.length).toBe(400 * 5);
	});

	it('is reproducible for a seed and reports progress up to the last epoch', async () => {
		const { points } = moons(60, 2);
		const seen: number[] = [];
		const a = await clusterOnManifold(points, 3, {
			k: 2,
			seed: 7,
			nComponents: 2,
			onProgress: (done, total) => seen.push(done / total)
		});
		const b = await clusterOnManifold(points, 3, { k: 2, seed: 7, nComponents: 2 });
		expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
		expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
		expect(seen.at(-1)).toBe(1);
		expect(seen.length).toBeGreaterThan(5);
	});

	it('stops when aborted and rejects malformed input', async () => {
		const { points } = moons(60, 3);
		const ctrl = new AbortController();
		const run = clusterOnManifold(points, 3, {
			k: 2,
			seed: 1,
			signal: ctrl.signal,
			onProgress: () => ctrl.abort()
		});
		await expect(run).rejects.toThrow();
		await expect(clusterOnManifold(new Float32Array(5), 3, { k: 2, seed: 1 })).rejects.toThrow(
			RangeError
		);
	});

	it('holds no tensors after it returns', async () => {
		const { points } = moons(60, 4);
		const before = tf.memory().numTensors;
		await clusterOnManifold(points, 3, { k: 2, seed: 1, nComponents: 2 });
		expect(tf.memory().numTensors).toBe(before);
	});
});

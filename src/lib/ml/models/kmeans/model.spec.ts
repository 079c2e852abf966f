import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet } from '../../data/fashion-mnist';
import { bytesToUnitFloats } from '../../data/provider';
import { ari, nmi } from '../../metrics/clustering';
import { createRng } from '../../random';
import { fitKMeans, fitMiniBatchKMeans, predictKMeans } from './model';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

/** `perCluster` points around each of `centres` with standard deviation `sd`. */
function blobs(centres: number[][], perCluster: number, sd: number, seed: number) {
	const rng = createRng(seed);
	const dims = centres[0]?.length ?? 0;
	const points = new Float32Array(centres.length * perCluster * dims);
	const labels: number[] = [];
	let r = 0;
	for (let i = 0; i < perCluster; i++) {
		centres.forEach((c, label) => {
			for (let j = 0; j < dims; j++) points[r * dims + j] = (c[j] ?? 0) + sd * rng.normal();
			labels.push(label);
			r++;
		});
	}
	return { points, labels, dims };
}

const CENTRES = [
	[0, 0, 0],
	[10, 0, 0],
	[0, 10, 0],
	[0, 0, 10],
	[10, 10, 10]
];

describe('fitKMeans', () => {
	it('recovers well-separated blobs exactly (ARI = 1) without leaking tensors', () => {
		const { points, labels, dims } = blobs(CENTRES, 60, 0.5, 1);
		const before = tf.memory().numTensors;
		const model = fitKMeans(points, dims, { k: 5, seed: 3, chunkRows: 64 });
		expect(tf.memory().numTensors).toBe(before);
		expect(ari(labels, model.labels)).toBe(1);
		expect(Array.from(predictKMeans(model, points))).toEqual(Array.from(model.labels));
		expect(tf.memory().numTensors).toBe(before);
	});

	it('never increases the inertia between iterations and keeps the best restart', () => {
		// Overlapping blobs need several iterations, so the history is long enough to mean something.
		const { points, dims } = blobs(CENTRES, 80, 4, 2);
		const runs = new Map<number, number[]>();
		const model = fitKMeans(points, dims, {
			k: 8,
			seed: 4,
			nInit: 4,
			tol: 0,
			onIteration: ({ run, inertia }) => {
				runs.set(run, [...(runs.get(run) ?? []), inertia]);
			}
		});
		expect(runs.size).toBe(4);
		expect(model.inertiaHistory.length).toBeGreaterThan(3);
		for (const history of [model.inertiaHistory, ...runs.values()]) {
			// The relative slack only absorbs float32 rounding in the distance sums.
			for (let i = 1; i < history.length; i++) {
				expect(history[i]).toBeLessThanOrEqual((history[i - 1] ?? 0) * (1 + 1e-6));
			}
		}
		const finals = [...runs.values()].map((h) => h[h.length - 1] ?? Infinity);
		expect(model.inertia).toBe(Math.min(...finals));
		// Same seed, same answer.
		const again = fitKMeans(points, dims, { k: 8, seed: 4, nInit: 4, tol: 0 });
		expect(Array.from(again.centroids)).toEqual(Array.from(model.centroids));
	});

	it('can be cancelled', () => {
		const { points, dims } = blobs(CENTRES, 10, 1, 3);
		const ctl = new AbortController();
		ctl.abort();
		const before = tf.memory().numTensors;
		expect(() => fitKMeans(points, dims, { k: 2, seed: 1, signal: ctl.signal })).toThrow();
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('fitMiniBatchKMeans', () => {
	it('recovers blobs', () => {
		const { points, labels, dims } = blobs(CENTRES, 200, 0.5, 5);
		const model = fitMiniBatchKMeans(points, dims, { k: 5, seed: 1, batchSize: 100, steps: 30 });
		expect(ari(labels, model.labels)).toBe(1);
	});

	it('clusters all 60 000 Fashion-MNIST training images in reasonable time', () => {
		const dir = '/usr/share/datasets/fashion-mnist';
		const set = loadImageSet(
			readFileSync(`${dir}/train-images-idx3-ubyte.gz`),
			readFileSync(`${dir}/train-labels-idx1-ubyte.gz`)
		);
		const points = bytesToUnitFloats(set.images);
		const before = tf.memory().numTensors;
		const t0 = performance.now();
		const model = fitMiniBatchKMeans(points, 784, {
			k: 10,
			seed: 7,
			nInit: 1,
			batchSize: 1024,
			steps: 40
		});
		const ms = performance.now() - t0;
		const score = nmi(set.labels, model.labels);
		console.log(
			`mini-batch k-means 60000×784: ${ms.toFixed(0)} ms, NMI ${score.toFixed(3)}, inertia ${model.inertia.toFixed(0)}`
		);
		expect(tf.memory().numTensors).toBe(before);
		expect(model.labels.length).toBe(60000);
		// Published k-means NMI on Fashion-MNIST is ≈ 0.51; chance is ≈ 0.
		expect(score).toBeGreaterThan(0.4);
		// ≈ 6 s on a quiet machine; the loose bound only catches a pathological slowdown.
		expect(ms).toBeLessThan(120000);
	});
});

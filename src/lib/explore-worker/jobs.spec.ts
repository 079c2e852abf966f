import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet, type ImageSet } from '$lib/ml/data/fashion-mnist';
import { runAnomaly, runKMeans, runPcaFit, runPcaReconstruct, thinCurve, toGrid } from './jobs';
import type { ExploreEvent } from './protocol';
import { splitAutoencoder } from './representations';
import { loadLayersModel } from '@tensorflow/tfjs-layers';

const DIR = '/usr/share/datasets/fashion-mnist';
let train: ImageSet;
let test: ImageSet;

function load(images: string, labels: string): ImageSet {
	return loadImageSet(
		gunzipSync(readFileSync(`${DIR}/${images}`)),
		gunzipSync(readFileSync(`${DIR}/${labels}`))
	);
}

beforeAll(async () => {
	await tf.setBackend('wasm');
	train = load('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
	test = load('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');
});

describe('explore jobs', () => {
	it('helpers: grids and thinned curves', () => {
		const g = toGrid(Float32Array.from([0, 0.5, 1, 2]), 1, 2, 1);
		expect(Array.from(g.data)).toEqual([0, 128, 255, 255]);
		const x = Array.from({ length: 1001 }, (_, i) => i / 1000);
		const c = thinCurve(x, x, 100);
		expect(c.fpr.length).toBeLessThanOrEqual(102);
		expect(c.fpr[0]).toBe(0);
		expect(c.fpr[c.fpr.length - 1]).toBe(1);
	});

	it('K-Means on 2 000 images clusters far better than chance and reports progress', async () => {
		const before = tf.memory().numTensors;
		const events: ExploreEvent[] = [];
		const r = await runKMeans(
			train,
			{ subset: 2000, k: 10, seed: 1, steps: 20, batchSize: 256 },
			(e) => events.push(e)
		);
		console.log('kmeans 2k', r.nmi, r.ari, r.accuracy, r.seconds);
		expect(r.nmi).toBeGreaterThan(0.35);
		expect(r.ari).toBeGreaterThan(0.15);
		expect(r.accuracy).toBeGreaterThan(0.35);
		expect(r.centroids.count).toBe(10);
		expect(events.some((e) => e.type === 'progress' && e.done === e.total)).toBe(true);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('clusters the shipped conv AE codes, and better still in their UMAP embedding (N2D)', async () => {
		// The shipped weights, read from the repository (the app fetches the same files).
		const dir = 'weights/conv-ae-fashion/1';
		const json = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')) as tf.io.ModelJSON;
		const shard = readFileSync(`${dir}/${json.weightsManifest[0]!.paths[0]!}`);
		const ae = splitAutoencoder(
			await loadLayersModel(
				tf.io.fromMemory({
					modelTopology: json.modelTopology,
					weightSpecs: json.weightsManifest[0]!.weights,
					weightData: shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength)
				})
			)
		);
		const before = tf.memory().numTensors;
		const req = { subset: 2000, k: 10, seed: 1, steps: 20, batchSize: 256 };
		const codes = await runKMeans(
			train,
			{ ...req, features: 'codes' },
			() => {},
			undefined,
			ae.encoder
		);
		const events: ExploreEvent[] = [];
		const n2d = await runKMeans(
			train,
			{ ...req, features: 'n2d' },
			(e) => events.push(e),
			undefined,
			ae.encoder
		);
		console.log('kmeans codes / n2d NMI', codes.nmi, n2d.nmi, n2d.seconds);
		expect(codes.nmi).toBeGreaterThan(0.45);
		expect(n2d.nmi).toBeGreaterThan(codes.nmi);
		// Each cluster's mean image, in pixels, stands in for the centroid.
		expect(n2d.centroids.count).toBe(10);
		expect(n2d.centroids.data.some((v) => v > 64)).toBe(true);
		expect(events.some((e) => e.type === 'progress' && e.done === e.total)).toBe(true);
		expect(tf.memory().numTensors).toBe(before);
		ae.dispose();
	});

	it('PCA: rising curve, reconstructions improve with k', () => {
		const before = tf.memory().numTensors;
		const { result, state } = runPcaFit(
			train,
			test,
			{ subset: 1500, scatterPoints: 300 },
			() => {}
		);
		expect(result.cumulative[0]).toBeGreaterThan(0.1);
		expect(result.cumulative[result.cumulative.length - 1]).toBeGreaterThan(0.95);
		expect(result.xy.length).toBe(600);
		const r2 = runPcaReconstruct(state, 2);
		const r32 = runPcaReconstruct(state, 32);
		console.log('pca mse', r2.mse, r32.mse);
		expect(r32.mse).toBeLessThan(r2.mse);
		expect(r32.mse).toBeLessThan(0.03);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('anomaly: a short AE run separates the held-out class', async () => {
		const before = tf.memory().numTensors;
		const r = await runAnomaly(
			train,
			test,
			{ anomalyClass: 1, steps: 50, batchSize: 32, seed: 1, testCount: 1000 },
			() => {}
		);
		console.log('anomaly auc', r.auc, r.seconds);
		expect(r.auc).toBeGreaterThan(0.6);
		expect(r.top.count).toBe(8);
		expect(tf.memory().numTensors).toBe(before);
	});
});

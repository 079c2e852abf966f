import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../kernels';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { prepareFewLabel, prepareManifold, runFewLabelSubset } from './experiment';
import { arraySource } from './fewshot';

const PX = 784;
const CLASSES = 10;

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

/**
 * Ten parallel discs of radius 1, one per class, stacked 0.5 apart along the third of 784
 * "pixels" (the first two place a point on its disc). With one label per class a straight
 * boundary is pulled about by where on its disc each labelled point happens to lie, but each disc
 * is one connected sheet of neighbours, which the UMAP map packs into one compact patch.
 */
function discs(perClass: number, seed: number) {
	const rng = createRng(seed);
	const n = perClass * CLASSES;
	const pixels = new Float32Array(n * PX);
	const labels = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const c = i % CLASSES;
		const a = 2 * Math.PI * rng.next();
		const r = Math.sqrt(rng.next());
		pixels[i * PX] = r * Math.cos(a);
		pixels[i * PX + 1] = r * Math.sin(a);
		pixels[i * PX + 2] = 0.5 * c + 0.01 * rng.normal();
		labels[i] = c;
	}
	return { pixels, labels };
}

/** An "encoder" whose code is the first three pixels, so the test isolates the UMAP map. */
function firstThreePixels(): tfl.LayersModel {
	// Row j, column j of the row-major [784, 3] kernel.
	const kernel = new Float32Array(PX * 3);
	for (let j = 0; j < 3; j++) kernel[j * 3 + j] = 1;
	const model = tfl.sequential({
		layers: [tfl.layers.dense({ inputShape: [PX], units: 3, useBias: false })]
	});
	model.layers[0]!.setWeights([tf.tensor2d(kernel, [PX, 3])]);
	return model;
}

describe('few-label experiment with the UMAP map', () => {
	it('classifies from one label each what a linear probe on the code cannot', async () => {
		const train = discs(100, 1);
		const test = discs(20, 2);
		const encoder = firstThreePixels();
		const before = tf.memory().numTensors;
		const prep = await prepareFewLabel({
			pixels: arraySource(train.pixels, PX),
			trainLabels: train.labels,
			classes: CLASSES,
			testPixels: arraySource(test.pixels, PX),
			testLabels: test.labels,
			reference: train.pixels,
			encoder,
			codeSize: 3,
			pcaComponents: 3
		});
		const manifold = await prepareManifold(prep, { seed: 4, maxPerClass: 1, nNeighbors: 10 });
		expect(manifold.dims).toBe(13);
		const acc: Record<string, number> = {};
		await runFewLabelSubset(prep, { perClass: 1, seed: 4, fineTune: false, manifold }, (m, a) => {
			acc[m] = a;
		});
		expect(Object.keys(acc)).toEqual(['raw', 'pca', 'frozen', 'manifold']);
		expect(acc.frozen!).toBeLessThan(0.5);
		expect(acc.manifold!).toBeGreaterThan(0.9);
		expect(tf.memory().numTensors).toBe(before);
		// A budget larger than the map was made for is refused, not silently mis-scored.
		await expect(
			runFewLabelSubset(prep, { perClass: 5, seed: 3, fineTune: false, manifold }, () => {})
		).rejects.toThrow(/not in the UMAP map/);
		await expect(prepareManifold(prep, { seed: 3, maxPerClass: Infinity })).rejects.toThrow(
			/finite/
		);
		encoder.dispose();
	});
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
	accuracy,
	arraySource,
	byteSource,
	encodeAll,
	fineTuneAndScore,
	fitStandardizer,
	predictProbe,
	trainLinearProbe
} from './fewshot';
import { sampleLabelSubset } from './labels';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Three classes in `dims` dimensions, separated along the first two axes, on a large offset. */
function data(n: number, dims: number, seed: number, noise = 0.5, offset = 50) {
	const rng = createRng(seed);
	const x = new Float32Array(n * dims);
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const c = i % 3;
		y[i] = c;
		for (let j = 0; j < dims; j++) x[i * dims + j] = offset + rng.normal() * noise;
		x[i * dims] = offset + (c === 1 ? 2 : 0) + rng.normal() * 0.5;
		x[i * dims + 1] = offset + (c === 2 ? 2 : 0) + rng.normal() * 0.5;
	}
	return { x, y };
}

describe('feature sources', () => {
	it('gathers rows from floats and bytes', () => {
		const a = arraySource(Float32Array.from([1, 2, 3, 4, 5, 6]), 2);
		expect(Array.from(a.rows([2, 0]))).toEqual([5, 6, 1, 2]);
		const b = byteSource(Uint8Array.from([0, 255, 51, 102]), 2);
		const r = b.rows([1]);
		expect(r[0]).toBeCloseTo(0.2, 6);
		expect(r[1]).toBeCloseTo(0.4, 6);
		expect(b.n).toBe(2);
	});

	it('standardises with per-feature or shared spread', () => {
		const s = fitStandardizer(Float32Array.from([0, 10, 2, 30]), 2);
		expect(Array.from(s.mean)).toEqual([1, 20]);
		// σ² = 1 and 100, plus 1 % of their mean: √100.5 / √1.505 ≈ 8.2.
		expect(s.std[1]! / s.std[0]!).toBeCloseTo(Math.sqrt(100.505 / 1.505), 3);
		const g = fitStandardizer(Float32Array.from([0, 10, 2, 30]), 2, { perFeature: false });
		expect(g.std[0]).toBe(g.std[1]);
	});
});

describe('linear probe', () => {
	// Two informative and two noise features: 15 labels cannot be fitted by noise alone.
	const dims = 4;
	const train = data(600, dims, 1);
	const test = data(300, dims, 2);
	const std = fitStandardizer(train.x, dims);

	it('learns from 5 labels per class, full-batch and mini-batch, without leaking tensors', () => {
		const source = arraySource(train.x, dims);
		const before = tf.memory().numTensors;
		const few = sampleLabelSubset(train.y, { perClass: 5, seed: 1 });
		const probe = trainLinearProbe({
			source,
			indices: few,
			labels: Array.from(few, (i) => train.y[i]!),
			classes: 3,
			standardizer: std,
			seed: 1,
			steps: 150,
			learningRate: 0.05
		});
		const acc = accuracy(predictProbe(probe, arraySource(test.x, dims)), test.y);
		expect(acc).toBeGreaterThan(0.85);
		const all = Array.from({ length: 600 }, (_, i) => i);
		const big = trainLinearProbe({
			source,
			indices: all,
			labels: train.y,
			classes: 3,
			standardizer: std,
			seed: 1,
			steps: 150,
			batchSize: 64,
			learningRate: 0.05
		});
		expect(accuracy(predictProbe(big, arraySource(test.x, dims)), test.y)).toBeGreaterThan(
			acc - 0.02
		);
		expect(tf.memory().numTensors).toBe(before);
		// Untrained (zero) weights score chance; the trained ones clearly do not.
		const zero = {
			...probe,
			weights: new Float32Array(probe.weights.length),
			bias: new Float32Array(3)
		};
		expect(accuracy(predictProbe(zero, arraySource(test.x, dims)), test.y)).toBeCloseTo(1 / 3, 1);
	});

	it('rejects mismatched labels', () => {
		expect(() =>
			trainLinearProbe({
				source: arraySource(train.x, dims),
				indices: [0, 1],
				labels: [0],
				classes: 3,
				standardizer: std,
				seed: 1
			})
		).toThrow(RangeError);
	});
});

describe('fine-tuning', () => {
	it('trains encoder and head, scores the test set, then restores the encoder', async () => {
		const dims = 16;
		// Loud noise features: a random projection mixes them into the codes, so the frozen codes
		// separate the classes poorly until fine-tuning turns the encoder towards the signal.
		const train = data(300, dims, 3, 2, 0);
		const test = data(150, dims, 4, 2, 0);
		// A small dense "encoder" on flat inputs, with a random projection to 4 codes.
		const encoder = tfl.sequential({
			layers: [
				tfl.layers.dense({
					inputShape: [dims],
					units: 4,
					kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 })
				})
			]
		});
		const pixels = arraySource(train.x, dims);
		const codes = encodeAll(encoder, pixels);
		const few = sampleLabelSubset(train.y, { perClass: 100, seed: 2 });
		const labels = Array.from(few, (i) => train.y[i]!);
		const probe = trainLinearProbe({
			source: arraySource(codes, 4),
			indices: few,
			labels,
			classes: 3,
			standardizer: fitStandardizer(codes, 4, { perFeature: false }),
			seed: 1
		});
		const frozen = accuracy(
			predictProbe(probe, arraySource(encodeAll(encoder, arraySource(test.x, dims)), 4)),
			test.y
		);
		const weightsBefore = encoder.getWeights().map((w) => Array.from(w.dataSync()));
		const before = tf.memory().numTensors;
		let calls = 0;
		let changed = false;
		const tuned = await fineTuneAndScore({
			encoder,
			probe,
			pixels,
			indices: few,
			labels,
			testPixels: arraySource(test.x, dims),
			testLabels: test.y,
			seed: 1,
			steps: 200,
			learningRate: 1e-2,
			onStep: () => {
				calls++;
				// During tuning the encoder's own weights move.
				if (calls === 20) changed = encoder.getWeights()[0]!.dataSync()[0] !== weightsBefore[0]![0];
			}
		});
		expect(changed).toBe(true);
		expect(calls).toBe(20);
		expect(tf.memory().numTensors).toBe(before);
		expect(tuned).toBeGreaterThan(frozen + 0.1);
		expect(encoder.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weightsBefore);
		encoder.dispose();
	});
});

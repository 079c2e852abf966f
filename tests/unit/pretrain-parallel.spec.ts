// Data-parallel denoiser training (scripts/pretrain/parallel.mts): a step split between this
// thread and a worker thread must land where one whole-batch step lands, leak nothing, and the
// worker must stop with the trainer.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	DenoiserTrainer,
	type DenoiserTrainerOptions
} from '../../src/lib/ml/models/denoiser/train';
import { DataParallelDenoiser, sharedLayout } from '../../scripts/pretrain/parallel.mts';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const options: DenoiserTrainerOptions = { channels: 1, depth: 3, features: 4, seed: 5 };
const live: { dispose(): void }[] = [];
afterEach(() => {
	for (const t of live.splice(0)) t.dispose();
});

/** Smooth images with an edge: enough structure for the loss to have something to learn. */
function batch(rows: number, side: number, offset: number): tf.Tensor4D {
	const data = new Float32Array(rows * side * side);
	for (let r = 0; r < rows; r++)
		for (let y = 0; y < side; y++)
			for (let x = 0; x < side; x++)
				data[(r * side + y) * side + x] =
					0.2 + (0.5 * ((x + y + r + offset) % side)) / side + (x > side / 2 ? 0.2 : 0);
	return tf.tensor4d(data, [rows, side, side, 1]);
}

function weights(t: DenoiserTrainer): Float32Array[] {
	return t.model.trainableWeights.map((v) => v.read().dataSync() as Float32Array);
}

function maxDiff(a: Float32Array[], b: Float32Array[]): number {
	let m = 0;
	a.forEach((w, i) => w.forEach((v, k) => (m = Math.max(m, Math.abs(v - (b[i]![k] ?? 0))))));
	return m;
}

async function pair(batchSize: number) {
	const single = new DenoiserTrainer(options);
	const inner = new DenoiserTrainer(options);
	const parallel = await DataParallelDenoiser.create(inner, options, batchSize, [8, 8, 1]);
	live.push(single, parallel);
	return { single, inner, parallel };
}

describe('data-parallel denoiser training', () => {
	it('lays the shared buffer out without overlaps', () => {
		const l = sharedLayout(100, 4, [8, 8, 3]);
		const regions = [
			[l.weights, 100],
			[l.x, 4 * 192],
			[l.noisy, 4 * 192],
			[l.sigmaMap, 4 * 64],
			[l.grads, 100],
			[l.loss, 1]
		] as const;
		for (let i = 1; i < regions.length; i++) {
			expect(regions[i]![0]).toBe(regions[i - 1]![0] + regions[i - 1]![1]);
		}
		expect(l.bytes).toBe((l.loss + 1) * 4);
	});

	it('takes the same steps as whole-batch training, for even and odd batches', async () => {
		const { single, inner, parallel } = await pair(8);
		const start = weights(single);
		expect(maxDiff(start, weights(inner))).toBe(0);
		let before = 0;
		let firstLoss = 0;
		let lastLoss = 0;
		for (let s = 0; s < 12; s++) {
			// 8 rows split 4 + 4, 7 rows split 4 + 3 (the halves' gradients are row-weighted).
			const x = batch(s % 2 ? 7 : 8, 8, s);
			const a = single.step({ x }).loss!;
			const b = parallel.step({ x }).loss!;
			const [la, lb] = [a.dataSync()[0]!, b.dataSync()[0]!];
			expect(Math.abs(la - lb)).toBeLessThan(1e-5 * Math.max(1, la));
			if (s === 0) firstLoss = lb;
			lastLoss = lb;
			tf.dispose([a, b, x]);
			// Adam makes its moment slots on the first step; after that nothing may accumulate.
			if (s === 0) before = tf.memory().numTensors;
		}
		// Both moved well away from the start, and stayed together (float summation order only).
		expect(maxDiff(start, weights(inner))).toBeGreaterThan(5e-3);
		expect(maxDiff(weights(single), weights(inner))).toBeLessThan(1e-4);
		expect(lastLoss).toBeLessThan(firstLoss);
		expect(inner.stepCount).toBe(12);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses a batch larger than the worker shard', async () => {
		const { parallel } = await pair(4);
		const x = batch(8, 8, 0);
		expect(() => parallel.step({ x })).toThrow(/too large/);
		x.dispose();
	});

	it('stops its worker thread on dispose', async () => {
		const { parallel } = await pair(8);
		parallel.dispose();
		await parallel.exited;
	}, 10_000);
});

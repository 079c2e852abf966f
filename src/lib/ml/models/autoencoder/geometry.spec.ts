import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { createGeometryTrainer, standardiseEmbedding } from './geometry';
import { buildDenseAutoencoder } from './model';

describe('geometry-regularised autoencoder', () => {
	beforeAll(async () => {
		await tf.setBackend('cpu');
	});

	it('standardises an embedding: centred, widest axis at unit deviation, aspect kept', () => {
		const e = standardiseEmbedding(Float32Array.from([0, 0, 4, 1, 8, 2]), 2);
		expect(e[0]! + e[2]! + e[4]!).toBeCloseTo(0, 6);
		const sd = Math.sqrt((e[0]! ** 2 + e[2]! ** 2 + e[4]! ** 2) / 3);
		expect(sd).toBeCloseTo(1, 5);
		expect(e[5]! / e[4]!).toBeCloseTo(0.25, 5);
	});

	it('pulls the code towards the targets while it learns to reconstruct, without leaks', () => {
		const rng = createRng(3);
		const n = 128;
		const x = tf.tensor2d(
			Float32Array.from({ length: n * 3 }, () => 0.1 + 0.8 * rng.next()),
			[n, 3]
		);
		// Targets: the first two input coordinates, a layout the encoder can reach.
		const e = tf.tidy(() => tf.mul(tf.sub(tf.slice(x, [0, 0], [n, 2]), 0.5), 3)) as tf.Tensor2D;
		const ae = buildDenseAutoencoder({ inputSize: 3, hidden: [16], latentSize: 2, seed: 1 });
		const trainer = createGeometryTrainer(ae, { lambda: 1, learningRate: 1e-2 });
		const first: number[] = [];
		let last: number[] = [];
		// Adam makes its moment variables in the first step: count after it.
		let before = 0;
		for (let s = 0; s < 200; s++) {
			if (s === 1) before = tf.memory().numTensors;
			const l = trainer.step(x, e);
			const v = [l.loss, l.reconstruction, l.geometry].map((t) => t.dataSync()[0]!);
			if (s === 0) first.push(...v);
			last = v;
			tf.dispose([l.loss, l.reconstruction, l.geometry]);
		}
		expect(last[0]).toBeCloseTo(last[1]! + last[2]!, 5);
		expect(last[2]).toBeLessThan(first[2]! / 10);
		expect(last[1]).toBeLessThan(first[1]!);
		expect(tf.memory().numTensors).toBe(before);
		expect(() => trainer.step(x, tf.zeros([n, 3]) as tf.Tensor2D)).toThrow(/targets/);
		trainer.dispose();
		ae.dispose();
		tf.dispose([x, e]);
	});
});

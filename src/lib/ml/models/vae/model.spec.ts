import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet, takeFirst } from '../../data/fashion-mnist';
import { createInMemoryProvider } from '../../data/provider';
import { buildVae, decodeGrid, encode, sample } from './model';
import { createVaeTrainer } from './train';

const DIR = '/usr/share/datasets/fashion-mnist';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('VAE', () => {
	it('has the right shapes, samples from the prior and decodes a latent grid', () => {
		const before = tf.memory().numTensors;
		const vae = buildVae({ inputSize: 784, hidden: [32], latentSize: 2, seed: 1 });
		const x = tf.randomUniform([3, 784], 0, 1, 'float32', 1) as tf.Tensor2D;
		const [mu, logVar] = encode(vae, x);
		expect(mu.shape).toEqual([3, 2]);
		expect(logVar.shape).toEqual([3, 2]);
		const s = sample(vae, 5, 7);
		const again = sample(vae, 5, 7);
		expect(s.shape).toEqual([5, 784]);
		expect(Array.from(again.dataSync())).toEqual(Array.from(s.dataSync()));
		const grid = decodeGrid(vae, 4, 3);
		expect(grid.shape).toEqual([16, 784]);
		// Corner images of the grid come from different latent points, so they differ.
		const corners = tf.tidy(
			() =>
				tf
					.sum(tf.abs(tf.sub(tf.slice(grid, [0, 0], [1, 784]), tf.slice(grid, [15, 0], [1, 784]))))
					.dataSync()[0]
		);
		expect(corners).toBeGreaterThan(0);
		tf.dispose([x, mu, logVar, s, again, grid]);
		vae.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('lowers the loss on Fashion-MNIST, reports { loss, recon, kl } and does not leak', () => {
		const set = takeFirst(
			loadImageSet(
				readFileSync(`${DIR}/t10k-images-idx3-ubyte.gz`),
				readFileSync(`${DIR}/t10k-labels-idx1-ubyte.gz`)
			),
			1024
		);
		const before = tf.memory().numTensors;
		const vae = buildVae({ inputSize: 784, hidden: [32], latentSize: 2, seed: 3 });
		const trainer = createVaeTrainer(vae, { seed: 4, learningRate: 3e-3 });
		const data = createInMemoryProvider({ images: set.images, shape: [28, 28, 1], seed: 5 });
		const rows: { loss: number; recon: number; kl: number }[] = [];
		for (let s = 0; s < 30; s++) {
			const batch = data.nextBatch(32);
			const l = trainer.step(batch);
			const [loss, recon, kl] = [l.loss, l.recon, l.kl].map((t) => t?.dataSync()[0] ?? NaN) as [
				number,
				number,
				number
			];
			rows.push({ loss, recon, kl });
			tf.dispose([batch.x, ...Object.values(l)]);
		}
		for (const r of rows) {
			expect(r.kl).toBeGreaterThanOrEqual(0);
			expect(r.loss).toBeCloseTo(r.recon + r.kl, 2);
		}
		const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
		const first = mean(rows.slice(0, 5).map((r) => r.loss));
		const last = mean(rows.slice(-5).map((r) => r.loss));
		console.log(
			`VAE loss ${first.toFixed(1)} → ${last.toFixed(1)} (recon ${rows.at(-1)?.recon.toFixed(1)}, kl ${rows.at(-1)?.kl.toFixed(2)})`
		);
		expect(last).toBeLessThan(first * 0.8);
		expect(Object.keys(trainer.optimizers())).toEqual(Object.keys(trainer.models()));
		const few = data.nextBatch(3);
		const views = [trainer.reconstruct(few.x), trainer.sample(4, 1), trainer.decodeGrid(3)];
		expect(views.map((v) => v.shape)).toEqual([
			[3, 28, 28, 1],
			[4, 28, 28, 1],
			[9, 28, 28, 1]
		]);
		tf.dispose([few.x, ...views]);
		trainer.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

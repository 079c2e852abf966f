import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet, takeFirst } from '../../data/fashion-mnist';
import { createInMemoryProvider } from '../../data/provider';
import { buildDenseAutoencoder } from './model';
import { linkTiedLayers } from './tied-dense';
import { createAutoencoderTrainer, flattenInput, reconstruct } from './train';

const DIR = '/usr/share/datasets/fashion-mnist';
const test = takeFirst(
	loadImageSet(
		readFileSync(`${DIR}/t10k-images-idx3-ubyte.gz`),
		readFileSync(`${DIR}/t10k-labels-idx1-ubyte.gz`)
	),
	1024
);

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

function meanOf(xs: number[]): number {
	return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Trains for `steps` batches of 32 and returns the losses of every step. */
function run(opts: {
	tied: boolean;
	loss: 'mse' | 'bce';
	noise?: boolean;
	steps: number;
}): number[] {
	const ae = buildDenseAutoencoder({
		inputSize: 784,
		hidden: [32],
		latentSize: 16,
		tiedWeights: opts.tied,
		seed: 1
	});
	const trainer = createAutoencoderTrainer(ae, {
		seed: 2,
		loss: opts.loss,
		learningRate: 3e-3,
		noise: opts.noise ? { kind: 'masking', fraction: 0.3 } : undefined
	});
	const data = createInMemoryProvider({ images: test.images, shape: [28, 28, 1], seed: 3 });
	const losses: number[] = [];
	for (let s = 0; s < opts.steps; s++) {
		const batch = data.nextBatch(32);
		const { loss } = trainer.step(batch);
		losses.push(loss?.dataSync()[0] ?? NaN);
		tf.dispose([batch.x, loss]);
	}
	trainer.dispose();
	return losses;
}

describe('createAutoencoderTrainer on Fashion-MNIST', () => {
	it('lowers the MSE (untied) without leaking tensors', () => {
		const before = tf.memory().numTensors;
		const losses = run({ tied: false, loss: 'mse', steps: 30 });
		expect(tf.memory().numTensors).toBe(before);
		const first = meanOf(losses.slice(0, 5));
		const last = meanOf(losses.slice(-5));
		console.log(`dense AE MSE: ${first.toFixed(4)} → ${last.toFixed(4)}`);
		expect(last).toBeLessThan(first * 0.6);
	});

	it('lowers the BCE with tied weights and masking noise', () => {
		const before = tf.memory().numTensors;
		const losses = run({ tied: true, loss: 'bce', noise: true, steps: 30 });
		expect(tf.memory().numTensors).toBe(before);
		const first = meanOf(losses.slice(0, 5));
		const last = meanOf(losses.slice(-5));
		console.log(`tied denoising AE BCE: ${first.toFixed(4)} → ${last.toFixed(4)}`);
		expect(last).toBeLessThan(first * 0.8);
	});

	it('round-trips a tied model through save and load', async () => {
		const ae = buildDenseAutoencoder({
			inputSize: 784,
			hidden: [32],
			latentSize: 8,
			tiedWeights: true,
			seed: 5
		});
		const trainer = createAutoencoderTrainer(ae, { seed: 1 });
		const data = createInMemoryProvider({ images: test.images, shape: [28, 28, 1], seed: 3 });
		const batch = data.nextBatch(16);
		tf.dispose(Object.values(trainer.step(batch)));
		const x = flattenInput(batch.x, 784);
		const want = reconstruct(ae, x);
		const asImages = trainer.reconstruct(batch.x);
		expect(asImages.shape).toEqual([16, 28, 28, 1]);
		expect(Array.from(asImages.dataSync())).toEqual(Array.from(want.dataSync()));
		asImages.dispose();
		let saved: tf.io.ModelArtifacts | undefined;
		await trainer.models().autoencoder?.save(
			tf.io.withSaveHandler(async (artifacts) => {
				saved = artifacts;
				return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
			})
		);
		expect(saved).toBeDefined();
		const loaded = await loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
		linkTiedLayers([loaded]);
		const got = loaded.predict(x) as tf.Tensor;
		expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
		tf.dispose([batch.x, x, want, got]);
		loaded.dispose();
		trainer.dispose();
	});
});

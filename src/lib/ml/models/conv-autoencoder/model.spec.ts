import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../../kernels';
import { buildConvAutoencoder } from './model';
import { createConvAutoencoderTrainer } from './train';

const T10K = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';

/** The first `n` Fashion-MNIST test images as [n, 28, 28, 1] in [0, 1] (IDX: 16-byte header). */
function fashionImages(n: number): Float32Array {
	const raw = gunzipSync(readFileSync(T10K));
	expect(raw.readUInt32BE(0)).toBe(0x803);
	const px = raw.subarray(16, 16 + n * 784);
	return Float32Array.from(px, (v) => v / 255);
}

function weightsOf(model: tf.Tensor[]): Float32Array[] {
	return model.map((t) => t.dataSync() as Float32Array);
}

describe('conv autoencoder', () => {
	let images: Float32Array;

	beforeAll(async () => {
		await tf.setBackend('wasm');
		registerWasmTrainingKernels();
		images = fashionImages(256);
	});

	it('encoder, decoder and autoencoder have the documented shapes', () => {
		const before = tf.memory().numTensors;
		const m = buildConvAutoencoder({ latentSize: 16, seed: 1 });
		const x = tf.zeros([3, 28, 28, 1]);
		const z = m.encoder.predict(x) as tf.Tensor;
		const y = m.decoder.predict(z) as tf.Tensor;
		const r = m.autoencoder.predict(x) as tf.Tensor;
		expect(z.shape).toEqual([3, 16]);
		expect(y.shape).toEqual([3, 28, 28, 1]);
		expect(r.shape).toEqual([3, 28, 28, 1]);
		const values = r.dataSync();
		expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
		tf.dispose([x, z, y, r]);
		m.autoencoder.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('the same seed gives identical weights, another seed different ones', () => {
		const a = buildConvAutoencoder({ latentSize: 8, seed: 7 });
		const b = buildConvAutoencoder({ latentSize: 8, seed: 7 });
		const c = buildConvAutoencoder({ latentSize: 8, seed: 8 });
		const wa = weightsOf(a.autoencoder.getWeights());
		const wb = weightsOf(b.autoencoder.getWeights());
		const wc = weightsOf(c.autoencoder.getWeights());
		expect(wa.length).toBe(12);
		wa.forEach((w, i) => expect(Array.from(wb[i]!)).toEqual(Array.from(w)));
		expect(Array.from(wc[0]!)).not.toEqual(Array.from(wa[0]!));
		// Kernels of different layers are not copies of each other.
		expect(Array.from(wa[0]!.slice(0, 9))).not.toEqual(Array.from(wa[2]!.slice(0, 9)));
		for (const m of [a, b, c]) m.autoencoder.dispose();
	});

	it.each([
		['plain', undefined],
		['denoising (Gaussian σ = 0.3)', { kind: 'gaussian', sigma: 0.3 } as const],
		['denoising (masking 30 %)', { kind: 'masking', fraction: 0.3 } as const]
	])('%s: MSE on real Fashion-MNIST falls with training, without leaks', (_, noise) => {
		const trainer = createConvAutoencoderTrainer({
			latentSize: 32,
			seed: 3,
			noise,
			learningRate: 2e-3
		});
		const evalX = tf.tensor4d(images.subarray(0, 64 * 784), [64, 28, 28, 1]);
		const mse = () =>
			tf.tidy(() => tf.losses.meanSquaredError(evalX, trainer.reconstruct(evalX)).dataSync()[0]!);
		const initial = mse();
		const batchSize = 32;
		let tensorsAfterFirst = -1;
		for (let step = 0; step < 24; step++) {
			const start = (step * batchSize) % 256;
			const x = tf.tensor4d(images.subarray(start * 784, (start + batchSize) * 784), [
				batchSize,
				28,
				28,
				1
			]);
			const losses = trainer.step({ x });
			expect(Object.keys(losses)).toEqual(['loss']);
			expect(Number.isFinite(losses.loss!.dataSync()[0])).toBe(true);
			tf.dispose([x, losses.loss!]);
			// Adam creates its moment variables on the first step; after that nothing may accumulate.
			if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
			else expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
		}
		const final = mse();
		expect(final).toBeLessThan(initial * 0.6);
		evalX.dispose();
		const before = tf.memory().numTensors;
		trainer.dispose();
		expect(tf.memory().numTensors).toBeLessThan(before);
	});

	it('a training step runs on the cpu backend too and matches wasm closely', async () => {
		const x = tf.tensor4d(images.subarray(0, 2 * 784), [2, 28, 28, 1]);
		const wasmTrainer = createConvAutoencoderTrainer({ latentSize: 8, seed: 5 });
		const wasmLoss = wasmTrainer.step({ x });
		const wasmValue = wasmLoss.loss!.dataSync()[0]!;
		tf.dispose([wasmLoss.loss!, x]);
		wasmTrainer.dispose();

		await tf.setBackend('cpu');
		try {
			const xc = tf.tensor4d(images.subarray(0, 2 * 784), [2, 28, 28, 1]);
			const cpuTrainer = createConvAutoencoderTrainer({ latentSize: 8, seed: 5 });
			const cpuLoss = cpuTrainer.step({ x: xc });
			expect(cpuLoss.loss!.dataSync()[0]!).toBeCloseTo(wasmValue, 5);
			tf.dispose([cpuLoss.loss!, xc]);
			cpuTrainer.dispose();
		} finally {
			await tf.setBackend('wasm');
		}
	});

	it('rejects batches of the wrong shape', () => {
		const trainer = createConvAutoencoderTrainer({ latentSize: 4, seed: 1 });
		const x = tf.zeros([2, 32, 32, 1]) as tf.Tensor4D;
		expect(() => trainer.step({ x })).toThrow(/28, 28, 1/);
		x.dispose();
		trainer.dispose();
	});
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDenseAutoencoder, countParameters } from './model';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('buildDenseAutoencoder', () => {
	it('builds a stacked undercomplete autoencoder with the right shapes and parameter count', () => {
		const before = tf.memory().numTensors;
		const ae = buildDenseAutoencoder({ inputSize: 20, hidden: [12, 8], latentSize: 3, seed: 1 });
		const x = tf.randomUniform([5, 20], 0, 1, 'float32', 1) as tf.Tensor2D;
		const z = ae.encoder.predict(x) as tf.Tensor;
		const y = ae.autoencoder.predict(x) as tf.Tensor;
		const viaDecoder = ae.decoder.predict(z) as tf.Tensor;
		expect(z.shape).toEqual([5, 3]);
		expect(y.shape).toEqual([5, 20]);
		expect(Array.from(viaDecoder.dataSync())).toEqual(Array.from(y.dataSync()));
		expect(tf.tidy(() => tf.min(y).dataSync()[0])).toBeGreaterThanOrEqual(0);
		// (20·12 + 12) + (12·8 + 8) + (8·3 + 3) encoder, mirrored decoder (3·8 + 8) + (8·12 + 12) + (12·20 + 20).
		expect(countParameters(ae)).toBe(252 + 104 + 27 + 32 + 108 + 260);
		tf.dispose([x, z, y, viaDecoder]);
		ae.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('is reproducible from its seed', () => {
		const a = buildDenseAutoencoder({ inputSize: 10, hidden: [6], latentSize: 2, seed: 7 });
		const b = buildDenseAutoencoder({ inputSize: 10, hidden: [6], latentSize: 2, seed: 7 });
		const c = buildDenseAutoencoder({ inputSize: 10, hidden: [6], latentSize: 2, seed: 8 });
		const wa = a.trainableVariables().map((v) => Array.from(v.dataSync()));
		expect(b.trainableVariables().map((v) => Array.from(v.dataSync()))).toEqual(wa);
		expect(c.trainableVariables().map((v) => Array.from(v.dataSync()))).not.toEqual(wa);
		[a, b, c].forEach((m) => m.dispose());
	});

	it('ties decoder kernels to the transposed encoder kernels', () => {
		const before = tf.memory().numTensors;
		const ae = buildDenseAutoencoder({
			inputSize: 20,
			hidden: [12, 8],
			latentSize: 3,
			tiedWeights: true,
			seed: 1
		});
		// Only the decoder biases are new: 8 + 12 + 20.
		expect(countParameters(ae)).toBe(252 + 104 + 27 + 8 + 12 + 20);
		expect(ae.decoder.trainableWeights.map((w) => w.shape)).toEqual([[8], [12], [20]]);
		// With zero biases the first decoder layer is relu(z·W_latentᵀ): check against the encoder kernel.
		const kernel = ae.encoder
			.getLayer(ae.encoder.layers[3]?.name ?? '')
			.getWeights()[0] as tf.Tensor2D;
		const z = tf.tensor2d([[1, -2, 0.5]]);
		const manual = tf.tidy(() => {
			const h1 = tf.relu(tf.matMul(z, kernel, false, true));
			const w2 = ae.encoder.layers[2]?.getWeights()[0] as tf.Tensor2D;
			const h2 = tf.relu(tf.matMul(h1, w2, false, true));
			const w1 = ae.encoder.layers[1]?.getWeights()[0] as tf.Tensor2D;
			return tf.sigmoid(tf.matMul(h2, w1, false, true));
		});
		const out = ae.decoder.predict(z) as tf.Tensor;
		const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(out, manual))).dataSync()[0] ?? 1);
		expect(diff).toBeLessThan(1e-6);
		// getWeights() hands out the variables themselves: not ours to dispose.
		tf.dispose([z, manual, out]);
		ae.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses an overcomplete latent', () => {
		expect(() =>
			buildDenseAutoencoder({ inputSize: 4, hidden: [], latentSize: 4, seed: 0 })
		).toThrow(/undercomplete/);
	});
});

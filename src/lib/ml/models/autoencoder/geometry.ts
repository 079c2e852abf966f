/**
 * Geometry-regularised autoencoder (GRAE; Duque, Morin, Wolf & Moon 2022, "Geometry Regularized
 * Autoencoders", IEEE TPAMI): a dense autoencoder whose code is also pulled towards a
 * manifold-learning embedding e of the same points (the paper uses PHATE; here Isomap):
 *   L = mean‖x̂ − x‖² + λ·mean‖z − e‖²,  z = f(x), x̂ = g(z).
 * Reconstruction alone does not keep neighbours together, so a plain autoencoder can fold a
 * rolled-up sheet onto itself; the second term gives it the unrolled layout, and the encoder then
 * maps a new point into it in one pass (Isomap would have to search its graph again).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseAutoencoder } from './model';
import { DEFAULT_LEARNING_RATE, flattenInput } from './train';

export interface GeometryTrainerOptions {
	/** Weight λ of the embedding term (default 1). */
	lambda?: number;
	learningRate?: number;
}

/** One step's loss terms (scalars the caller disposes). */
export interface GeometryLosses {
	loss: tf.Scalar;
	reconstruction: tf.Scalar;
	geometry: tf.Scalar;
}

/** Adam trainer for a GRAE; step(x, e) takes rows of inputs and their target codes. */
export interface GeometryTrainer {
	step(x: tf.Tensor2D, target: tf.Tensor2D): GeometryLosses;
	dispose(): void;
}

/** A GRAE trainer for `ae` (which the caller still owns and disposes). */
export function createGeometryTrainer(
	ae: DenseAutoencoder,
	opts: GeometryTrainerOptions = {}
): GeometryTrainer {
	const lambda = opts.lambda ?? 1;
	const optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_LEARNING_RATE);
	const vars = ae.trainableVariables();
	return {
		step(x, target) {
			const { inputSize, latentSize } = ae.config;
			if (target.shape[0] !== x.shape[0] || target.shape[1] !== latentSize) {
				throw new RangeError(
					`targets of shape [${target.shape}] do not match ${x.shape[0]} codes of size ${latentSize}`
				);
			}
			return tf.tidy(() => {
				const clean = flattenInput(x, inputSize);
				let reconstruction: tf.Scalar | undefined;
				let geometry: tf.Scalar | undefined;
				const loss = optimizer.minimize(
					() => {
						const z = ae.encoder.apply(clean, { training: true }) as tf.Tensor2D;
						const xHat = ae.decoder.apply(z, { training: true }) as tf.Tensor2D;
						const r = tf.mean(tf.square(tf.sub(xHat, clean))) as tf.Scalar;
						const g = tf.mean(tf.sum(tf.square(tf.sub(z, target)), 1)) as tf.Scalar;
						reconstruction = tf.keep(r);
						geometry = tf.keep(g);
						return tf.add(r, tf.mul(lambda, g));
					},
					true,
					vars
				);
				if (!loss || !reconstruction || !geometry) throw new Error('optimizer returned no loss');
				return { loss, reconstruction, geometry };
			});
		},
		dispose: () => optimizer.dispose()
	};
}

/** e centred and scaled so its widest axis has unit standard deviation (aspect kept). */
export function standardiseEmbedding(e: Float32Array, dims: number): Float32Array {
	const n = e.length / dims;
	const mean = new Float64Array(dims);
	for (let i = 0; i < e.length; i++) mean[i % dims] = (mean[i % dims] ?? 0) + (e[i] ?? 0) / n;
	const variance = new Float64Array(dims);
	for (let i = 0; i < e.length; i++)
		variance[i % dims] = (variance[i % dims] ?? 0) + ((e[i] ?? 0) - (mean[i % dims] ?? 0)) ** 2 / n;
	const sd = Math.sqrt(Math.max(...variance)) || 1;
	return e.map((v, i) => (v - (mean[i % dims] ?? 0)) / sd);
}

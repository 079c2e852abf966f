/**
 * The Gaussian latent of a variational autoencoder (Kingma & Welling 2013, "Auto-Encoding
 * Variational Bayes", arXiv:1312.6114): the reparameterisation trick and the closed-form KL
 * divergence between the encoder's N(μ, σ²) and the prior N(0, I).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * z = μ + exp(½·logσ²)·ε, ε ~ N(0, I): a sample of N(μ, σ²) that is differentiable in μ and logσ²
 * (Kingma & Welling 2013, §2.4).
 */
export function reparameterize(mu: tf.Tensor2D, logVar: tf.Tensor2D, seed: number): tf.Tensor2D {
	return tf.tidy(() => {
		const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', seed);
		return tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
	});
}

/**
 * Per-sample KL(N(μ, σ²) ‖ N(0, I)) = −½·Σ_j (1 + logσ²_j − μ_j² − σ²_j) (Kingma & Welling 2013,
 * appendix B); ≥ 0, and 0 only when μ = 0 and σ = 1. Shape [n].
 */
export function klDivergencePerSample(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
	return tf.tidy(() =>
		tf.mul(tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar)), 1), -0.5)
	);
}

/** Batch mean of the per-sample KL divergence to the standard normal prior. */
export function klDivergence(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
	return tf.tidy(() => tf.mean(klDivergencePerSample(mu, logVar)));
}

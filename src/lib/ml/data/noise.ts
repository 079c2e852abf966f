/**
 * Corruption processes for denoising autoencoders (Vincent et al. 2008, "Extracting and Composing
 * Robust Features with Denoising Autoencoders"): additive Gaussian noise and masking noise.
 * Seeded, so the same seed corrupts the same batch the same way.
 */
import * as tf from '@tensorflow/tfjs-core';

export type NoiseSpec =
	| { kind: 'none' }
	/** x̃ = clip(x + σ·ε, 0, 1), ε ~ N(0, 1). */
	| { kind: 'gaussian'; sigma: number }
	/** x̃ = x · m, m ~ Bernoulli(1 − fraction): each value is zeroed with probability `fraction`. */
	| { kind: 'masking'; fraction: number };

/** x̃ = clip(x + σ·ε, 0, 1), ε ~ N(0, 1) — additive Gaussian noise. */
export function addGaussianNoise<T extends tf.Tensor>(x: T, sigma: number, seed: number): T {
	if (!(sigma >= 0)) throw new RangeError(`sigma must be ≥ 0, got ${sigma}`);
	return tf.tidy(() =>
		tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, sigma, 'float32', seed)), 0, 1)
	) as T;
}

/** x̃ = x · m, m ~ Bernoulli(1 − fraction) — masking (dropout-style) noise, not rescaled. */
export function addMaskingNoise<T extends tf.Tensor>(x: T, fraction: number, seed: number): T {
	if (!(fraction >= 0 && fraction <= 1)) {
		throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
	}
	return tf.tidy(() => {
		const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), fraction);
		return tf.mul(x, tf.cast(keep, x.dtype));
	}) as T;
}

/** Applies a noise spec; 'none' returns a clone so the caller always owns (and disposes) the result. */
export function corrupt<T extends tf.Tensor>(x: T, noise: NoiseSpec, seed: number): T {
	switch (noise.kind) {
		case 'none':
			return x.clone();
		case 'gaussian':
			return addGaussianNoise(x, noise.sigma, seed);
		case 'masking':
			return addMaskingNoise(x, noise.fraction, seed);
	}
}

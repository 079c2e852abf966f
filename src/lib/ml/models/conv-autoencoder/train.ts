/**
 * Trainer for the convolutional (optionally denoising) autoencoder: Adam on the mean squared
 * reconstruction error  L = mean((x − D(E(x̃)))²), where x̃ = x for the plain autoencoder and
 * x̃ = corrupt(x) (Gaussian or masking noise, seeded per step) for the denoising one — the target
 * is always the clean batch (Vincent et al. 2008).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { corrupt, type NoiseSpec } from '../../data/noise';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { buildConvAutoencoder, IMAGE_SHAPE, type ConvAutoencoder } from './model';

export const DEFAULT_LEARNING_RATE = 1e-3;

export interface ConvAutoencoderTrainerOptions {
	latentSize?: number;
	/** Seeds the initial weights and the per-step corruption noise. */
	seed?: number;
	learningRate?: number;
	/** Corruption for the denoising variant; omit (or { kind: 'none' }) for a plain autoencoder. */
	noise?: NoiseSpec;
	/** Train an existing model (e.g. restored from a checkpoint) instead of building one. */
	model?: ConvAutoencoder;
}

/** Adam + MSE trainer for the (denoising) conv autoencoder; implements the shared Trainer. */
export class ConvAutoencoderTrainer implements Trainer {
	readonly kind: string;
	readonly model: ConvAutoencoder;
	readonly noise: NoiseSpec;
	private readonly optimizer: tf.AdamOptimizer;
	private readonly seed: number;
	/** Steps taken so far; seeds each step's noise, so restoring it makes a resumed run exact. */
	stepCount = 0;

	constructor(opts: ConvAutoencoderTrainerOptions = {}) {
		this.seed = opts.seed ?? 0;
		this.noise = opts.noise ?? { kind: 'none' };
		this.kind = this.noise.kind === 'none' ? 'conv-ae' : 'conv-dae';
		this.model =
			opts.model ?? buildConvAutoencoder({ latentSize: opts.latentSize ?? 32, seed: this.seed });
		this.optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_LEARNING_RATE);
	}

	/** One Adam step on the batch; returns { loss } (MSE against the clean images). */
	step(batch: Batch): StepLosses {
		const x = batch.x;
		const [, h, w, c] = x.shape;
		if (h !== IMAGE_SHAPE[0] || w !== IMAGE_SHAPE[1] || c !== IMAGE_SHAPE[2]) {
			throw new Error(
				`conv autoencoder expects [n, 28, 28, 1] batches, got [${x.shape.join(', ')}]`
			);
		}
		const ae = this.model.autoencoder;
		// Distinct noise every step, yet the whole run is reproducible from the seed.
		const noiseSeed = this.seed * 1_000_003 + this.stepCount;
		this.stepCount++;
		const input = this.noise.kind === 'none' ? x : corrupt(x, this.noise, noiseSeed);
		try {
			const vars = ae.trainableWeights.map((v) => v.read() as tf.Variable);
			const loss = this.optimizer.minimize(
				() =>
					tf.losses.meanSquaredError(
						x,
						ae.apply(input, { training: true }) as tf.Tensor4D
					) as tf.Scalar,
				true,
				vars
			);
			if (!loss) throw new Error('optimizer returned no loss');
			return { loss };
		} finally {
			if (input !== x) input.dispose();
		}
	}

	/** Reconstructions of `x` (no noise); the caller disposes the result. */
	reconstruct(x: tf.Tensor4D): tf.Tensor4D {
		return tf.tidy(() => this.model.autoencoder.predict(x) as tf.Tensor4D);
	}

	/** The joined model holds every weight (encoder and decoder share its layers). */
	models(): Record<string, LayersModel> {
		return { autoencoder: this.model.autoencoder };
	}

	optimizers(): Record<string, tf.Optimizer> {
		return { autoencoder: this.optimizer };
	}

	dispose(): void {
		this.optimizer.dispose();
		// The joined model holds encoder and decoder as nested layers: disposing it releases all
		// three (disposing only the halves left their weights alive, referenced by the whole).
		this.model.autoencoder.dispose();
	}
}

/** Builds a conv autoencoder trainer (denoising when `noise` is given). */
export function createConvAutoencoderTrainer(
	opts: ConvAutoencoderTrainerOptions = {}
): ConvAutoencoderTrainer {
	return new ConvAutoencoderTrainer(opts);
}

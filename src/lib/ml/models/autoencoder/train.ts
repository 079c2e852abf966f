/**
 * Training step for dense autoencoders: Adam on MSE or BCE between x̂ = f(x̃) and the clean x,
 * where x̃ is x itself or a corrupted copy (denoising autoencoder, Vincent et al. 2008).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { corrupt, type NoiseSpec } from '../../data/noise';
import { streamSeed } from '../../random';
import { reconstructionLoss, type ReconstructionLoss } from '../losses';
import type { DenseAutoencoder } from './model';

export const DEFAULT_LEARNING_RATE = 1e-3;

export interface AutoencoderTrainerOptions {
	learningRate?: number;
	loss?: ReconstructionLoss;
	/** Corrupt the input (not the target) each step: a denoising autoencoder. */
	noise?: NoiseSpec;
	/** Seeds the per-step noise. */
	seed: number;
}

/** Flattens [n, h, w, c] to [n, h·w·c] and checks it fits the model. */
export function flattenInput(x: tf.Tensor, inputSize: number): tf.Tensor2D {
	const n = x.shape[0] ?? 0;
	if (x.size !== n * inputSize) {
		throw new RangeError(`batch of shape [${x.shape}] does not flatten to [${n}, ${inputSize}]`);
	}
	return tf.reshape(x, [n, inputSize]);
}

/** A dense-autoencoder Trainer with the views the UI previews need. */
export interface AutoencoderTrainer extends Trainer {
	readonly model: DenseAutoencoder;
	readonly noise: NoiseSpec;
	/** Steps taken; seeds each step's noise, so restoring it makes a resumed run exact. */
	stepCount: number;
	/** x̂ for images [n, h, w, c] (no noise added), same shape. */
	reconstruct(x: tf.Tensor4D): tf.Tensor4D;
}

/** A Trainer for a dense autoencoder (it takes ownership: dispose() frees the model too); losses { loss }. */
export function createAutoencoderTrainer(
	ae: DenseAutoencoder,
	opts: AutoencoderTrainerOptions
): AutoencoderTrainer {
	const optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_LEARNING_RATE);
	const lossFn = reconstructionLoss(opts.loss ?? 'mse');
	const noise = opts.noise ?? { kind: 'none' };
	let stepCount = 0;
	const vars = ae.trainableVariables();
	return {
		kind: ae.config.tiedWeights ? 'dense-ae-tied' : 'dense-ae',
		model: ae,
		noise,
		get stepCount() {
			return stepCount;
		},
		set stepCount(v: number) {
			stepCount = v;
		},
		reconstruct: (x: tf.Tensor4D): tf.Tensor4D =>
			tf.tidy(() => tf.reshape(reconstruct(ae, flattenInput(x, ae.config.inputSize)), x.shape)),
		step(batch: Batch): StepLosses {
			const noiseSeed = streamSeed(opts.seed, stepCount++);
			const loss = tf.tidy(() => {
				const clean = flattenInput(batch.x, ae.config.inputSize);
				const noisy = noise.kind === 'none' ? clean : corrupt(clean, noise, noiseSeed);
				const cost = optimizer.minimize(
					() => lossFn(clean, ae.autoencoder.apply(noisy, { training: true }) as tf.Tensor),
					true,
					vars
				);
				if (!cost) throw new Error('optimizer returned no loss');
				return cost;
			});
			return { loss };
		},
		// One model holds every weight (encoder and decoder are nested inside it), one optimizer.
		models: (): Record<string, LayersModel> => ({ autoencoder: ae.autoencoder }),
		optimizers: () => ({ autoencoder: optimizer }),
		dispose() {
			optimizer.dispose();
			ae.dispose();
		}
	};
}

/** x̂ for a batch of flat inputs (no training-time noise). */
export function reconstruct(ae: DenseAutoencoder, x: tf.Tensor2D): tf.Tensor2D {
	return ae.autoencoder.predict(x) as tf.Tensor2D;
}

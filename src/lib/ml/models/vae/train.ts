/**
 * VAE training step: maximise the ELBO (Kingma & Welling 2013), i.e. minimise
 * loss = E[BCE(x, x̂)] + β·KL(q(z|x) ‖ N(0, I)), summed over pixels and latent dims, averaged over
 * the batch. β = 1 is the VAE; β > 1 the β-VAE (Higgins et al. 2017).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { streamSeed } from '../../random';
import { binaryCrossEntropyPerSample } from '../losses';
import { flattenInput } from '../autoencoder/train';
import { defaultImageShape, pick, uniqueVariables, type ImageShape } from '../variables';
import { klDivergence, reparameterize } from './latent';
import { decodeGrid, sample, type Vae } from './model';

export const DEFAULT_BETA = 1;

export interface VaeTrainerOptions {
	learningRate?: number;
	beta?: number;
	/** Seeds ε of the reparameterisation, one draw per step. */
	seed: number;
	/** Shape of one image for the preview helpers (default from inputSize: 784 → 28×28×1). */
	imageShape?: ImageShape;
}

/** A VAE Trainer with the views the UI previews need; images are [n, h, w, c]. */
export interface VaeTrainer extends Trainer {
	readonly model: Vae;
	/** Steps taken; seeds each step's ε, so restoring it makes a resumed run exact. */
	stepCount: number;
	/** Decodes the posterior means: x̂ = decoder(μ(x)). */
	reconstruct(x: tf.Tensor4D): tf.Tensor4D;
	/** n images from z ~ N(0, I). */
	sample(n: number, seed: number): tf.Tensor4D;
	/** The size×size latent grid over [−range, range]² (see decodeGrid). */
	decodeGrid(size: number, range?: number): tf.Tensor4D;
}

/** A Trainer for a VAE (it takes ownership of the model); losses { loss, recon, kl }. */
export function createVaeTrainer(vae: Vae, opts: VaeTrainerOptions): VaeTrainer {
	// Adam keeps per-variable state, so one optimizer per half equals one over both, and each
	// half's checkpoint carries its own optimizer state.
	const lr = opts.learningRate ?? 1e-3;
	const encOpt = tf.train.adam(lr);
	const decOpt = tf.train.adam(lr);
	const beta = opts.beta ?? DEFAULT_BETA;
	let stepCount = 0;
	const encVars = uniqueVariables([vae.encoder]);
	const decVars = uniqueVariables([vae.decoder]);
	const [h, w, c] = opts.imageShape ?? defaultImageShape(vae.config.inputSize);
	if (h * w * c !== vae.config.inputSize) {
		throw new RangeError(
			`image shape [${h}, ${w}, ${c}] does not hold ${vae.config.inputSize} values`
		);
	}
	const asImages = (flat: tf.Tensor2D): tf.Tensor4D => tf.reshape(flat, [flat.shape[0], h, w, c]);
	return {
		kind: 'vae',
		model: vae,
		get stepCount() {
			return stepCount;
		},
		set stepCount(v: number) {
			stepCount = v;
		},
		reconstruct: (x) =>
			tf.tidy(() => {
				const [mu] = vae.encoder.predict(flattenInput(x, vae.config.inputSize)) as tf.Tensor2D[];
				if (!mu) throw new Error('VAE encoder must output [mu, logVar]');
				return asImages(vae.decoder.predict(mu) as tf.Tensor2D);
			}),
		sample: (n, seed) => tf.tidy(() => asImages(sample(vae, n, seed))),
		decodeGrid: (size, range) => tf.tidy(() => asImages(decodeGrid(vae, size, range))),
		step(batch: Batch): StepLosses {
			const epsSeed = streamSeed(opts.seed, stepCount++);
			let recon: tf.Scalar | undefined;
			let kl: tf.Scalar | undefined;
			const { value: loss, grads } = tf.variableGrads(() => {
				const x = flattenInput(batch.x, vae.config.inputSize);
				const [mu, logVar] = vae.encoder.apply(x, { training: true }) as tf.Tensor2D[];
				if (!mu || !logVar) throw new Error('VAE encoder must output [mu, logVar]');
				const z = reparameterize(mu, logVar, epsSeed);
				const xr = vae.decoder.apply(z, { training: true }) as tf.Tensor2D;
				const r = tf.mean(binaryCrossEntropyPerSample(x, xr)) as tf.Scalar;
				const k = klDivergence(mu, logVar);
				// Kept past the gradient tape's tidy so the step can report them.
				recon = tf.keep(r);
				kl = tf.keep(k);
				return tf.add(r, tf.mul(k, beta)) as tf.Scalar;
			}, [...encVars, ...decVars]);
			encOpt.applyGradients(pick(grads, encVars));
			decOpt.applyGradients(pick(grads, decVars));
			tf.dispose(grads);
			if (!recon || !kl) throw new Error('VAE step produced no loss terms');
			return { loss, recon, kl };
		},
		models: (): Record<string, LayersModel> => ({ encoder: vae.encoder, decoder: vae.decoder }),
		optimizers: () => ({ encoder: encOpt, decoder: decOpt }),
		dispose() {
			encOpt.dispose();
			decOpt.dispose();
			vae.dispose();
		}
	};
}

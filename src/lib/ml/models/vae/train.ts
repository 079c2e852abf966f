/**
 * VAE training step: maximise the ELBO (Kingma & Welling 2013), i.e. minimise
 * loss = E[BCE(x, x̂)] + β·KL(q(z|x) ‖ N(0, I)), summed over pixels and latent dims, averaged over
 * the batch. β = 1 is the VAE; β > 1 the β-VAE (Higgins et al. 2017).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { childSeed, createRng } from '../../random';
import { binaryCrossEntropyPerSample } from '../losses';
import { flattenInput } from '../autoencoder/train';
import { pick, uniqueVariables } from '../variables';
import { klDivergence, reparameterize } from './latent';
import type { Vae } from './model';

export const DEFAULT_BETA = 1;

export interface VaeTrainerOptions {
	learningRate?: number;
	beta?: number;
	/** Seeds ε of the reparameterisation, one draw per step. */
	seed: number;
}

/** A Trainer for a VAE (it takes ownership of the model); losses { loss, recon, kl }. */
export function createVaeTrainer(vae: Vae, opts: VaeTrainerOptions): Trainer {
	// Adam keeps per-variable state, so one optimizer per half equals one over both, and each
	// half's checkpoint carries its own optimizer state.
	const lr = opts.learningRate ?? 1e-3;
	const encOpt = tf.train.adam(lr);
	const decOpt = tf.train.adam(lr);
	const beta = opts.beta ?? DEFAULT_BETA;
	const rng = createRng(opts.seed);
	const encVars = uniqueVariables([vae.encoder]);
	const decVars = uniqueVariables([vae.decoder]);
	return {
		kind: 'vae',
		step(batch: Batch): StepLosses {
			const epsSeed = childSeed(rng);
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

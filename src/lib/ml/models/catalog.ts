/**
 * How to build and preview each trainable family (worker side; loads tfjs). The parameter specs
 * live in specs.ts so the page can render forms without tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { corrupt, type NoiseSpec } from '../data/noise';
import type { Trainer } from '../train/trainer';
import { ConvAutoencoderTrainer } from './conv-autoencoder/train';
import { DcganTrainer } from './dcgan/train';
import type { HyperParams } from './specs';
import { buildDenseAutoencoder } from './autoencoder/model';
import {
	createAutoencoderTrainer,
	flattenInput,
	type AutoencoderTrainer
} from './autoencoder/train';
import { buildVae } from './vae/model';
import { createVaeTrainer, type VaeTrainer } from './vae/train';
import { buildDiscriminator, buildGenerator } from './gan/model';
import { createGanTrainer, type GanTrainer } from './gan/train';

const PIXELS = 28 * 28;

/** A row of the live sample grid: a label and images [n, h, w, c] in [0, 1]. */
export interface PreviewRow {
	label: string;
	images: tf.Tensor4D;
}

export interface ModelBuilder {
	/** Builds a fresh trainer; `seed` makes weights and noise reproducible. */
	create(hp: HyperParams, seed: number): Trainer;
	/** Sample rows for the grid, from a fixed batch of test images `x` ([n, 28, 28, 1]). */
	preview(trainer: Trainer, x: tf.Tensor4D, seed: number): PreviewRow[];
	/** Encoder and decoder views (autoencoder families): latent scatter and interpolation. */
	latent?: {
		/** Codes [n, latent] of images [n, 28, 28, 1] (the mean μ for a VAE). */
		encode(trainer: Trainer, x: tf.Tensor4D): tf.Tensor2D;
		/** Images [n, 28, 28, 1] in [0, 1] decoded from codes [n, latent]. */
		decode(trainer: Trainer, z: tf.Tensor2D): tf.Tensor4D;
	};
	/** n generated images [n, 28, 28, 1] in [0, 1] from seeded noise (generator families). */
	generate?(trainer: Trainer, n: number, seed: number): tf.Tensor4D;
}

/** [n, 784] → [n, 28, 28, 1]. */
function asImages(flat: tf.Tensor): tf.Tensor4D {
	return tf.reshape(flat, [flat.shape[0] ?? 0, 28, 28, 1]);
}

function num(hp: HyperParams, key: string, fallback: number): number {
	const v = hp[key];
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function noiseFrom(hp: HyperParams): NoiseSpec {
	if (hp.noise === 'masking') return { kind: 'masking', fraction: num(hp, 'noiseLevel', 0.3) };
	return { kind: 'gaussian', sigma: num(hp, 'noiseLevel', 0.3) };
}

function convAe(denoising: boolean): ModelBuilder {
	return {
		create: (hp, seed) =>
			new ConvAutoencoderTrainer({
				latentSize: num(hp, 'latentSize', 32),
				learningRate: num(hp, 'learningRate', 1e-3),
				noise: denoising ? noiseFrom(hp) : { kind: 'none' },
				seed
			}),
		preview(trainer, x, seed) {
			const t = trainer as ConvAutoencoderTrainer;
			if (t.noise.kind === 'none') {
				return [
					{ label: 'input', images: tf.clone(x) },
					{ label: 'reconstruction', images: t.reconstruct(x) }
				];
			}
			const noisy = corrupt(x, t.noise, seed);
			return [
				{ label: 'input', images: tf.clone(x) },
				{ label: 'noisy input', images: noisy },
				{ label: 'reconstruction', images: t.reconstruct(noisy) }
			];
		},
		latent: {
			encode: (trainer, x) =>
				tf.tidy(() => (trainer as ConvAutoencoderTrainer).model.encoder.predict(x) as tf.Tensor2D),
			decode: (trainer, z) =>
				tf.tidy(() => (trainer as ConvAutoencoderTrainer).model.decoder.predict(z) as tf.Tensor4D)
		}
	};
}

const dcgan: ModelBuilder = {
	create: (hp, seed) =>
		new DcganTrainer({
			latentSize: num(hp, 'latentSize', 100),
			learningRate: num(hp, 'learningRate', 2e-4),
			labelSmoothing: hp.labelSmoothing !== false,
			seed
		}),
	// A fixed noise batch, so the grid shows the same latent points improving over time.
	preview: (trainer, x, seed) => [
		{
			label: 'generated (fixed noise)',
			images: (trainer as DcganTrainer).sample(x.shape[0] * 2, seed)
		}
	],
	generate: (trainer, n, seed) => (trainer as DcganTrainer).sample(n, seed)
};

/** Input | reconstruction rows for any trainer with reconstruct(). */
function reconstructionRows(
	t: { reconstruct(x: tf.Tensor4D): tf.Tensor4D },
	x: tf.Tensor4D
): PreviewRow[] {
	return [
		{ label: 'input', images: tf.clone(x) },
		{ label: 'reconstruction', images: t.reconstruct(x) }
	];
}

function denseAe(stacked: boolean): ModelBuilder {
	return {
		create: (hp, seed) =>
			createAutoencoderTrainer(
				buildDenseAutoencoder({
					inputSize: PIXELS,
					hidden: stacked ? [512, 256, 128] : [num(hp, 'hidden', 256)],
					latentSize: num(hp, 'latentSize', 32),
					tiedWeights: stacked && hp.tiedWeights !== false,
					seed
				}),
				{ seed, loss: 'bce', learningRate: num(hp, 'learningRate', 1e-3) }
			),
		preview: (trainer, x) => reconstructionRows(trainer as AutoencoderTrainer, x),
		latent: {
			encode: (trainer, x) =>
				tf.tidy(() => {
					const { model } = trainer as AutoencoderTrainer;
					return model.encoder.predict(flattenInput(x, model.config.inputSize)) as tf.Tensor2D;
				}),
			decode: (trainer, z) =>
				tf.tidy(() =>
					asImages((trainer as AutoencoderTrainer).model.decoder.predict(z) as tf.Tensor)
				)
		}
	};
}

const vae: ModelBuilder = {
	create: (hp, seed) =>
		createVaeTrainer(
			buildVae({ inputSize: PIXELS, hidden: [512], latentSize: num(hp, 'latentSize', 2), seed }),
			{ seed, beta: num(hp, 'beta', 1), learningRate: num(hp, 'learningRate', 1e-3) }
		),
	preview: (trainer, x, seed) => {
		const t = trainer as VaeTrainer;
		return [
			...reconstructionRows(t, x),
			{ label: 'samples from the prior', images: t.sample(x.shape[0], seed) }
		];
	},
	latent: {
		encode: (trainer, x) =>
			tf.tidy(() => {
				const { model } = trainer as VaeTrainer;
				const [mu] = model.encoder.predict(
					flattenInput(x, model.config.inputSize)
				) as tf.Tensor2D[];
				if (!mu) throw new Error('VAE encoder must output [mu, logVar]');
				return mu;
			}),
		decode: (trainer, z) =>
			tf.tidy(() => asImages((trainer as VaeTrainer).model.decoder.predict(z) as tf.Tensor))
	}
};

const gan: ModelBuilder = {
	create: (hp, seed) => {
		const latentSize = num(hp, 'latentSize', 64);
		return createGanTrainer({
			generator: buildGenerator({ latentSize, hidden: [256, 512], outputSize: PIXELS, seed }),
			discriminator: buildDiscriminator({ inputSize: PIXELS, hidden: [512, 256], seed: seed + 1 }),
			labelSmoothing: hp.labelSmoothing !== false,
			learningRate: num(hp, 'learningRate', 2e-4),
			seed
		});
	},
	preview: (trainer, x, seed) => [
		{
			label: 'generated (fixed noise)',
			images: (trainer as GanTrainer).sample(x.shape[0] * 2, seed)
		}
	],
	generate: (trainer, n, seed) => (trainer as GanTrainer).sample(n, seed)
};

export const MODEL_BUILDERS: Readonly<Record<string, ModelBuilder>> = {
	'dense-ae': denseAe(false),
	'stacked-ae': denseAe(true),
	vae,
	gan,
	'conv-ae': convAe(false),
	'conv-dae': convAe(true),
	dcgan
};

/** The builder for `kind`, or undefined when unknown. */
export function findBuilder(kind: string): ModelBuilder | undefined {
	return Object.hasOwn(MODEL_BUILDERS, kind) ? MODEL_BUILDERS[kind] : undefined;
}

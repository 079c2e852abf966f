/**
 * A dense variational autoencoder (Kingma & Welling 2013, arXiv:1312.6114): a Gaussian encoder
 * q(z|x) = N(μ(x), diag σ²(x)) with two heads (μ, logσ²) and a Bernoulli decoder p(x|z) with
 * sigmoid outputs. The sampling step lives in the trainer (see latent.ts), so both halves are
 * plain layers models that save and load without custom layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
	initializers,
	input,
	layers,
	model,
	type LayersModel,
	type SymbolicTensor
} from '@tensorflow/tfjs-layers';
import { childSeed, createRng } from '../../random';
import { uniqueVariables } from '../variables';

export interface VaeConfig {
	inputSize: number;
	/** Hidden widths from the input side, e.g. [256]; the decoder mirrors them. */
	hidden: number[];
	/** 2 gives the latent-grid view. */
	latentSize: number;
	seed: number;
}

export interface Vae {
	config: VaeConfig;
	/** x → [μ, logσ²], each [n, latentSize]. */
	encoder: LayersModel;
	/** z → x̂ in (0, 1). */
	decoder: LayersModel;
	trainableVariables(): tf.Variable[];
	dispose(): void;
}

let instance = 0;

/** Builds x → Dense(h, relu)… → (Dense μ, Dense logσ²): the Gaussian encoder q(z|x). */
export function buildVaeEncoder(config: VaeConfig, prefix = `vae${++instance}`): LayersModel {
	const rng = createRng(config.seed);
	const init = () => initializers.glorotUniform({ seed: childSeed(rng) });
	const x = input({ shape: [config.inputSize], name: `${prefix}-x` });
	let h: SymbolicTensor = x;
	config.hidden.forEach((units, i) => {
		h = layers
			.dense({ units, activation: 'relu', kernelInitializer: init(), name: `${prefix}-enc${i}` })
			.apply(h) as SymbolicTensor;
	});
	const mu = layers
		.dense({ units: config.latentSize, kernelInitializer: init(), name: `${prefix}-mu` })
		.apply(h) as SymbolicTensor;
	// Zero-initialised log-variance starts every posterior at σ = 1, which keeps early KL small.
	const logVar = layers
		.dense({ units: config.latentSize, kernelInitializer: 'zeros', name: `${prefix}-logvar` })
		.apply(h) as SymbolicTensor;
	return model({ inputs: x, outputs: [mu, logVar], name: `${prefix}-encoder` });
}

/** Builds z → Dense(h_L, relu)… → Dense(input, sigmoid): the Bernoulli decoder p(x|z). */
export function buildVaeDecoder(config: VaeConfig, prefix = `vae${++instance}`): LayersModel {
	// A different stream from the encoder's, still fixed by the seed.
	const rng = createRng(config.seed ^ 0x5f3759df);
	const init = () => initializers.glorotUniform({ seed: childSeed(rng) });
	const z = input({ shape: [config.latentSize], name: `${prefix}-z` });
	let h: SymbolicTensor = z;
	[...config.hidden].reverse().forEach((units, i) => {
		h = layers
			.dense({ units, activation: 'relu', kernelInitializer: init(), name: `${prefix}-dec${i}` })
			.apply(h) as SymbolicTensor;
	});
	const out = layers
		.dense({
			units: config.inputSize,
			activation: 'sigmoid',
			kernelInitializer: init(),
			name: `${prefix}-out`
		})
		.apply(h) as SymbolicTensor;
	return model({ inputs: z, outputs: out, name: `${prefix}-decoder` });
}

/** Builds the encoder/decoder pair of a VAE. */
export function buildVae(config: VaeConfig): Vae {
	const sizes = [config.inputSize, ...config.hidden, config.latentSize];
	if (!sizes.every((s) => Number.isInteger(s) && s > 0)) {
		throw new RangeError(`layer sizes must be positive integers, got [${sizes}]`);
	}
	const prefix = `vae${++instance}`;
	const encoder = buildVaeEncoder(config, prefix);
	const decoder = buildVaeDecoder(config, prefix);
	return {
		config: { ...config, hidden: [...config.hidden] },
		encoder,
		decoder,
		trainableVariables: () => uniqueVariables([encoder, decoder]),
		dispose: () => {
			encoder.dispose();
			decoder.dispose();
		}
	};
}

/** [μ, logσ²] for a batch of flat inputs. */
export function encode(vae: Vae, x: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
	const out = vae.encoder.predict(x) as tf.Tensor[];
	return [out[0] as tf.Tensor2D, out[1] as tf.Tensor2D];
}

/** n images decoded from z ~ N(0, I), the prior: [n, inputSize]. */
export function sample(vae: Vae, n: number, seed: number): tf.Tensor2D {
	return tf.tidy(
		() =>
			vae.decoder.predict(
				tf.randomNormal([n, vae.config.latentSize], 0, 1, 'float32', seed)
			) as tf.Tensor2D
	);
}

/**
 * Decodes a size×size grid of latent points evenly spaced over [−range, range]² in the first two
 * latent dimensions (others 0), row-major with z₂ decreasing downwards: [size², inputSize].
 */
export function decodeGrid(vae: Vae, size: number, range = 2): tf.Tensor2D {
	if (vae.config.latentSize < 2)
		throw new RangeError('the latent grid needs at least 2 latent dimensions');
	if (!Number.isInteger(size) || size < 1)
		throw new RangeError(`size must be a positive integer, got ${size}`);
	const d = vae.config.latentSize;
	const z = new Float32Array(size * size * d);
	const at = (i: number): number => (size === 1 ? 0 : -range + (2 * range * i) / (size - 1));
	for (let r = 0; r < size; r++) {
		for (let c = 0; c < size; c++) {
			const o = (r * size + c) * d;
			z[o] = at(c);
			z[o + 1] = -at(r);
		}
	}
	return tf.tidy(() => vae.decoder.predict(tf.tensor2d(z, [size * size, d])) as tf.Tensor2D);
}

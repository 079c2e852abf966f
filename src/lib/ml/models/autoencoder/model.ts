/**
 * Dense (fully connected) autoencoders: an undercomplete bottleneck (Hinton & Salakhutdinov 2006,
 * "Reducing the dimensionality of data with neural networks"), stacked when `hidden` lists several
 * layers, with optional tied weights (decoder layer k uses the matching encoder kernel transposed).
 * x → [Dense(h₁, relu) … Dense(h_L, relu)] → Dense(latent) → [h_L … h₁ relu] → Dense(input, sigmoid) → x̂
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
import { TiedDense } from './tied-dense';
import { uniqueVariables } from '../variables';

export interface DenseAutoencoderConfig {
	inputSize: number;
	/** Hidden layer widths from the input side, e.g. [256, 64]; may be empty. */
	hidden: number[];
	latentSize: number;
	/** Decoder reuses the encoder kernels transposed (only biases of its own). */
	tiedWeights?: boolean;
	seed: number;
}

/** The three views of one autoencoder; they share layers (and so weights). */
export interface DenseAutoencoder {
	config: Required<DenseAutoencoderConfig>;
	/** x → z. */
	encoder: LayersModel;
	/** z → x̂. */
	decoder: LayersModel;
	/** x → x̂ (encoder then decoder). */
	autoencoder: LayersModel;
	/** Every trainable variable once (tied kernels are not duplicated). */
	trainableVariables(): tf.Variable[];
	dispose(): void;
}

function checkConfig(c: DenseAutoencoderConfig): void {
	const sizes = [c.inputSize, ...c.hidden, c.latentSize];
	if (!sizes.every((s) => Number.isInteger(s) && s > 0)) {
		throw new RangeError(`layer sizes must be positive integers, got [${sizes}]`);
	}
	if (c.latentSize >= c.inputSize) {
		throw new RangeError(
			`an undercomplete autoencoder needs latentSize < inputSize (${c.latentSize} ≥ ${c.inputSize})`
		);
	}
}

let instance = 0;

/** Builds x → Dense stack → z → mirrored Dense stack → sigmoid x̂; tied: W_dec,k = W_enc,kᵀ. */
export function buildDenseAutoencoder(config: DenseAutoencoderConfig): DenseAutoencoder {
	checkConfig(config);
	const cfg: Required<DenseAutoencoderConfig> = {
		tiedWeights: false,
		...config,
		hidden: [...config.hidden]
	};
	const rng = createRng(cfg.seed);
	// Unique prefixes keep tfjs variable names distinct when several models live in one process.
	const id = `dae${++instance}`;
	const init = () => initializers.glorotUniform({ seed: childSeed(rng) });

	const x = input({ shape: [cfg.inputSize], name: `${id}-x` });
	const encLayers: layers.Layer[] = [];
	let h: SymbolicTensor = x;
	cfg.hidden.forEach((units, i) => {
		const l = layers.dense({
			units,
			activation: 'relu',
			kernelInitializer: init(),
			name: `${id}-enc${i}`
		});
		encLayers.push(l);
		h = l.apply(h) as SymbolicTensor;
	});
	const toLatent = layers.dense({
		units: cfg.latentSize,
		kernelInitializer: init(),
		name: `${id}-latent`
	});
	encLayers.push(toLatent);
	const z = toLatent.apply(h) as SymbolicTensor;
	const encoder = model({ inputs: x, outputs: z, name: `${id}-encoder` });

	// Decoder layer k mirrors encoder layer L − k: widths [h_L, …, h₁, input].
	const decSizes = [...cfg.hidden].reverse().concat(cfg.inputSize);
	const zIn = input({ shape: [cfg.latentSize], name: `${id}-z` });
	let d: SymbolicTensor = zIn;
	decSizes.forEach((units, k) => {
		const activation = k === decSizes.length - 1 ? 'sigmoid' : 'relu';
		const name = `${id}-dec${k}`;
		const source = encLayers[encLayers.length - 1 - k];
		const l =
			cfg.tiedWeights && source
				? new TiedDense({ tiedTo: source, units, activation, name })
				: layers.dense({ units, activation, kernelInitializer: init(), name });
		d = l.apply(d) as SymbolicTensor;
	});
	const decoder = model({ inputs: zIn, outputs: d, name: `${id}-decoder` });

	const xFull = input({ shape: [cfg.inputSize], name: `${id}-x-full` });
	const autoencoder = model({
		inputs: xFull,
		outputs: decoder.apply(encoder.apply(xFull)) as SymbolicTensor,
		name: `${id}-autoencoder`
	});

	return {
		config: cfg,
		encoder,
		decoder,
		autoencoder,
		trainableVariables: () => uniqueVariables([encoder, decoder]),
		// The full model holds the other two as layers, so disposing it releases every weight.
		dispose: () => {
			autoencoder.dispose();
		}
	};
}

/** Number of trainable parameters (tied kernels counted once). */
export function countParameters(ae: DenseAutoencoder): number {
	return ae.trainableVariables().reduce((s, v) => s + v.size, 0);
}

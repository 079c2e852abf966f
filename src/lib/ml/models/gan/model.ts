/**
 * A multilayer-perceptron GAN (Goodfellow et al. 2014, "Generative Adversarial Nets",
 * arXiv:1406.2661): G maps z ~ N(0, I) to an image in (0, 1) through dense layers; D maps an
 * image to one logit (real vs. fake). LeakyReLU(0.2) in both, as in Radford et al. 2015.
 */
import {
	initializers,
	input,
	layers,
	model,
	type LayersModel,
	type SymbolicTensor
} from '@tensorflow/tfjs-layers';
import { childSeed, createRng, type Rng } from '../../random';

export const LEAKY_ALPHA = 0.2;

export interface GeneratorConfig {
	latentSize: number;
	hidden: number[];
	/** Flat image size, e.g. 784. */
	outputSize: number;
	seed: number;
}

export interface DiscriminatorConfig {
	inputSize: number;
	hidden: number[];
	seed: number;
}

let instance = 0;

function checkSizes(sizes: number[]): void {
	if (!sizes.every((s) => Number.isInteger(s) && s > 0)) {
		throw new RangeError(`layer sizes must be positive integers, got [${sizes}]`);
	}
}

/** Dense layers of `hidden` units, each followed by a leaky ReLU (the hidden part of G and D). */
function leakyStack(from: SymbolicTensor, hidden: number[], id: string, rng: Rng): SymbolicTensor {
	let h = from;
	hidden.forEach((units, i) => {
		h = layers
			.dense({
				units,
				kernelInitializer: initializers.glorotUniform({ seed: childSeed(rng) }),
				name: `${id}-dense${i}`
			})
			.apply(h) as SymbolicTensor;
		h = layers
			.leakyReLU({ alpha: LEAKY_ALPHA, name: `${id}-leaky${i}` })
			.apply(h) as SymbolicTensor;
	});
	return h;
}

/** G(z) = sigmoid(W_L·leaky(… leaky(W_1·z + b_1) …) + b_L): z → flat image in (0, 1). */
export function buildGenerator(config: GeneratorConfig): LayersModel {
	checkSizes([config.latentSize, ...config.hidden, config.outputSize]);
	const id = `gen${++instance}`;
	const rng = createRng(config.seed);
	const z = input({ shape: [config.latentSize], name: `${id}-z` });
	const h = leakyStack(z, config.hidden, id, rng);
	const out = layers
		.dense({
			units: config.outputSize,
			activation: 'sigmoid',
			kernelInitializer: initializers.glorotUniform({ seed: childSeed(rng) }),
			name: `${id}-out`
		})
		.apply(h) as SymbolicTensor;
	return model({ inputs: z, outputs: out, name: `${id}-generator` });
}

/** D(x) = W_L·leaky(… leaky(W_1·x + b_1) …) + b_L: flat image → one logit (no sigmoid; losses use logits). */
export function buildDiscriminator(config: DiscriminatorConfig): LayersModel {
	checkSizes([config.inputSize, ...config.hidden]);
	const id = `disc${++instance}`;
	const rng = createRng(config.seed);
	const x = input({ shape: [config.inputSize], name: `${id}-x` });
	const h = leakyStack(x, config.hidden, id, rng);
	const logit = layers
		.dense({
			units: 1,
			kernelInitializer: initializers.glorotUniform({ seed: childSeed(rng) }),
			name: `${id}-logit`
		})
		.apply(h) as SymbolicTensor;
	return model({ inputs: x, outputs: logit, name: `${id}-discriminator` });
}

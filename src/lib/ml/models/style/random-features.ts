/**
 * A VGG-free feature network for style transfer: random, untrained convolutions at several scales
 * (after Ustyuzhaninov, Brendel, Gatys & Bethge 2017, "What does it take to generate natural
 * textures?", whose single-layer multi-scale network of random filters, with Gram matrices as
 * texture statistics, already synthesises convincing textures).
 *   x₀ = x − ½,   x_s = avgpool₂(x_{s−1})            (an image pyramid, s = 1 … S)
 *   F_s = ReLU([W³_s ∗ x_s ; W⁵_s ∗ x_s])           (random Gaussian 3×3 and 5×5 filters)
 * The paper applies filters of 3 … 55 px to the full image; this variant reaches the same span of
 * sizes (3 px to 5·2^(S−1) px) by applying small filters to a pyramid, which costs about 1 % of
 * the big filters' multiply-adds and so fits a phone. It knows nothing about objects, so it
 * transfers textures and colours, not the painting's shapes as VGG19 does — the UI says so.
 */
import * as tfl from '@tensorflow/tfjs-layers';

export interface RandomFeaturesOptions {
	/** Pyramid levels. Default 4 (filters span 3 to 40 px of the input). */
	scales?: number;
	/** Random filters per kernel size and level. Default 32 (64 features per level). */
	filters?: number;
	/** Seed of the filters: the same seed gives the same network everywhere. Default 0. */
	seed?: number;
}

/** The layer name of pyramid level s (1-based): use these as content and style layers. */
export function randomScaleLayer(s: number): string {
	return `scale${s}`;
}

/** Style layers (every level) and content layer (level 3: coarse enough to leave room for texture). */
export function randomFeatureLayers(scales = 4): { content: string; style: string[] } {
	const style = Array.from({ length: scales }, (_, i) => randomScaleLayer(i + 1));
	return { content: randomScaleLayer(Math.min(3, scales)), style };
}

/** Builds the random multi-scale feature network; RGB [0, 1] in, one output per level. */
export function buildRandomFeatures(opts: RandomFeaturesOptions = {}): tfl.LayersModel {
	const scales = opts.scales ?? 4;
	const filters = opts.filters ?? 32;
	const seed = opts.seed ?? 0;
	if (!(Number.isInteger(scales) && scales >= 1 && scales <= 6)) {
		throw new RangeError(`scales must be an integer in 1…6, got ${scales}`);
	}
	if (!(Number.isInteger(filters) && filters >= 1)) {
		throw new RangeError(`filters must be a positive integer, got ${filters}`);
	}
	const input = tfl.input({ shape: [null, null, 3], name: 'rgb' });
	// Centring makes zero-bias random filters respond to structure, not to mean brightness.
	let x = tfl.layers
		.rescaling({ scale: 1, offset: -0.5, name: 'centre' })
		.apply(input) as tfl.SymbolicTensor;
	const outputs: tfl.SymbolicTensor[] = [];
	for (let s = 1; s <= scales; s++) {
		if (s > 1) {
			x = tfl.layers
				.averagePooling2d({ poolSize: 2, strides: 2, name: `down${s}` })
				.apply(x) as tfl.SymbolicTensor;
		}
		const conv = (k: number) =>
			tfl.layers
				.conv2d({
					filters,
					kernelSize: k,
					padding: 'same',
					useBias: false,
					// Variance 2/fan-in keeps every level's activations at a comparable size.
					kernelInitializer: tfl.initializers.heNormal({ seed: seed * 1009 + s * 10 + k }),
					trainable: false,
					name: `s${s}_k${k}`
				})
				.apply(x) as tfl.SymbolicTensor;
		const both = tfl.layers
			.concatenate({ axis: -1, name: `s${s}_cat` })
			.apply([conv(3), conv(5)]) as tfl.SymbolicTensor;
		outputs.push(tfl.layers.reLU({ name: randomScaleLayer(s) }).apply(both) as tfl.SymbolicTensor);
	}
	return tfl.model({ inputs: input, outputs, name: 'random_multiscale_features' });
}

/**
 * Loss weights and step size that suit this network (its features are larger and its Gram
 * matrices smaller than VGG19's, so VGG's weights would leave the style term negligible).
 * Chosen by eye on the built-in paintings at 256 px.
 */
export const RANDOM_FEATURES_DEFAULTS = {
	weights: { content: 0.1, style: 1e4, tv: 0.05 },
	learningRate: 0.05
} as const;

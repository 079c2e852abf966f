/**
 * DCGAN for 28×28×1 images (Radford, Metz & Chintala 2015, "Unsupervised Representation Learning
 * with Deep Convolutional Generative Adversarial Networks"), scaled to 28×28: only fractionally
 * strided (stride-2) convolutions, batch norm and ReLU in G, LeakyReLU in D, no pooling:
 *   G: z ∈ R^latent → dense 7·7·f0 → BN → ReLU → reshape → convT 5×5/2 (f1) → BN → ReLU
 *        → convT 5×5/2 (1) → tanh (or sigmoid)
 *   D: x → conv 5×5/2 (64) → LeakyReLU(0.2) → dropout → conv 5×5/2 (128) → LeakyReLU(0.2)
 *        → dropout → flatten → dense 1 (a logit: D(x) = σ(logit))
 * Weights start from N(0, 0.02) as in the paper, seeded per layer from `seed`; layers followed by
 * batch norm carry no bias (BN's β replaces it).
 */
import * as tfl from '@tensorflow/tfjs-layers';

export const IMAGE_SHAPE = [28, 28, 1] as const;
/** Standard deviation of the paper's N(0, 0.02) weight initialisation. */
export const INIT_STDDEV = 0.02;
/** Slope of the discriminator's LeakyReLU for negative inputs (paper: 0.2). */
export const LEAKY_ALPHA = 0.2;

export type GeneratorOutput = 'tanh' | 'sigmoid';

export interface GeneratorOptions {
	seed?: number;
	/** tanh: images in [-1, 1] (the paper); sigmoid: images in [0, 1]. Default 'tanh'. */
	output?: GeneratorOutput;
	/** Channels of the 7×7 dense block and of the 14×14 conv-transpose. Default [128, 64]. */
	filters?: readonly [number, number];
}

export interface DiscriminatorOptions {
	seed?: number;
	/** Dropout after each LeakyReLU (0 turns it off). Default 0.3. */
	dropout?: number;
	/** Channels of the two stride-2 convs. Default [64, 128]. */
	filters?: readonly [number, number];
}

function normalInit(seed: number, layer: number) {
	return tfl.initializers.randomNormal({ mean: 0, stddev: INIT_STDDEV, seed: seed * 101 + layer });
}

/** The DCGAN generator: latent vector → 28×28×1 image (tanh or sigmoid). */
export function buildGenerator(latentSize: number, opts: GeneratorOptions = {}): tfl.LayersModel {
	if (!(Number.isInteger(latentSize) && latentSize > 0)) {
		throw new RangeError(`latentSize must be a positive integer, got ${latentSize}`);
	}
	const seed = opts.seed ?? 0;
	const [f0, f1] = opts.filters ?? [128, 64];
	const convT = (filters: number, strides: number, layer: number, name: string) =>
		tfl.layers.conv2dTranspose({
			filters,
			kernelSize: 5,
			strides,
			padding: 'same',
			useBias: false,
			kernelInitializer: normalInit(seed, layer),
			name
		});
	const bnRelu = (name: string) => [
		tfl.layers.batchNormalization({ name: `${name}_bn` }),
		tfl.layers.reLU({ name: `${name}_relu` })
	];
	return tfl.sequential({
		name: 'dcgan_generator',
		layers: [
			tfl.layers.dense({
				inputShape: [latentSize],
				units: 7 * 7 * f0,
				useBias: false,
				kernelInitializer: normalInit(seed, 1),
				name: 'g_dense'
			}),
			...bnRelu('g_dense'),
			tfl.layers.reshape({ targetShape: [7, 7, f0], name: 'g_reshape' }),
			convT(f1, 2, 2, 'g_convT1'),
			...bnRelu('g_convT1'),
			tfl.layers.conv2dTranspose({
				filters: IMAGE_SHAPE[2],
				kernelSize: 5,
				strides: 2,
				padding: 'same',
				activation: opts.output ?? 'tanh',
				kernelInitializer: normalInit(seed, 4),
				name: 'g_out'
			})
		]
	});
}

/** The DCGAN discriminator: 28×28×1 image → one logit (real vs generated). */
export function buildDiscriminator(opts: DiscriminatorOptions = {}): tfl.LayersModel {
	const seed = opts.seed ?? 0;
	const dropout = opts.dropout ?? 0.3;
	const [f1, f2] = opts.filters ?? [64, 128];
	const block = (filters: number, layer: number, name: string, first: boolean) => [
		tfl.layers.conv2d({
			...(first ? { inputShape: [...IMAGE_SHAPE] } : {}),
			filters,
			kernelSize: 5,
			strides: 2,
			padding: 'same',
			kernelInitializer: normalInit(seed, layer),
			name
		}),
		tfl.layers.leakyReLU({ alpha: LEAKY_ALPHA, name: `${name}_lrelu` }),
		// Dropout masks are not seeded: a fixed seed would repeat the same mask every step.
		...(dropout > 0 ? [tfl.layers.dropout({ rate: dropout, name: `${name}_dropout` })] : [])
	];
	return tfl.sequential({
		name: 'dcgan_discriminator',
		layers: [
			...block(f1, 11, 'd_conv1', true),
			...block(f2, 12, 'd_conv2', false),
			tfl.layers.flatten({ name: 'd_flatten' }),
			tfl.layers.dense({ units: 1, kernelInitializer: normalInit(seed, 13), name: 'd_logit' })
		]
	});
}

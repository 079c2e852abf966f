/**
 * Convolutional autoencoder for 28×28×1 images (Masci et al. 2011, "Stacked Convolutional
 * Auto-Encoders for Hierarchical Feature Extraction"):
 *   encoder  x → conv 3×3/2 (32, ReLU) → conv 3×3/2 (64, ReLU) → flatten → dense → z ∈ R^latent
 *   decoder  z → dense 7·7·64 (ReLU) → reshape → convT 3×3/2 (32, ReLU) → convT 3×3/2 (1, sigmoid)
 * The denoising variant (Vincent et al. 2008) uses the same networks and is trained on corrupted
 * inputs against clean targets (see train.ts).
 * Every initialiser is seeded from `seed`, so the same seed gives bit-identical initial weights.
 */
import * as tfl from '@tensorflow/tfjs-layers';

export const IMAGE_SHAPE = [28, 28, 1] as const;

export interface ConvAutoencoderOptions {
	/** Size of the code z. */
	latentSize: number;
	/** Seeds every initialiser (each layer gets its own derived seed). */
	seed: number;
	/** Filters of the two stride-2 conv layers; the decoder mirrors them. Default [32, 64]. */
	filters?: readonly [number, number];
	/** Kernel size of every conv / conv-transpose. Default 3. */
	kernelSize?: number;
}

export interface ConvAutoencoder {
	encoder: tfl.LayersModel;
	decoder: tfl.LayersModel;
	/** encoder then decoder, sharing their weights. */
	autoencoder: tfl.LayersModel;
	latentSize: number;
}

/** Glorot-uniform kernels with a per-layer seed derived from the model seed. */
function kernelInit(seed: number, layer: number) {
	return tfl.initializers.glorotUniform({ seed: seed * 101 + layer });
}

/** Builds encoder, decoder and the joined autoencoder for 28×28×1 images in [0, 1]. */
export function buildConvAutoencoder(opts: ConvAutoencoderOptions): ConvAutoencoder {
	const { latentSize, seed } = opts;
	const [f1, f2] = opts.filters ?? [32, 64];
	const kernelSize = opts.kernelSize ?? 3;
	if (!(Number.isInteger(latentSize) && latentSize > 0)) {
		throw new RangeError(`latentSize must be a positive integer, got ${latentSize}`);
	}
	const conv = { kernelSize, strides: 2, padding: 'same' as const };

	const x = tfl.input({ shape: [...IMAGE_SHAPE], name: 'image' });
	let h = tfl.layers
		.conv2d({
			...conv,
			filters: f1,
			activation: 'relu',
			name: 'enc_conv1',
			kernelInitializer: kernelInit(seed, 1)
		})
		.apply(x) as tfl.SymbolicTensor;
	h = tfl.layers
		.conv2d({
			...conv,
			filters: f2,
			activation: 'relu',
			name: 'enc_conv2',
			kernelInitializer: kernelInit(seed, 2)
		})
		.apply(h) as tfl.SymbolicTensor;
	h = tfl.layers.flatten({ name: 'enc_flatten' }).apply(h) as tfl.SymbolicTensor;
	const z = tfl.layers
		.dense({ units: latentSize, name: 'enc_code', kernelInitializer: kernelInit(seed, 3) })
		.apply(h) as tfl.SymbolicTensor;
	const encoder = tfl.model({ inputs: x, outputs: z, name: 'conv_ae_encoder' });

	const zIn = tfl.input({ shape: [latentSize], name: 'code' });
	let d = tfl.layers
		.dense({
			units: 7 * 7 * f2,
			activation: 'relu',
			name: 'dec_dense',
			kernelInitializer: kernelInit(seed, 4)
		})
		.apply(zIn) as tfl.SymbolicTensor;
	d = tfl.layers
		.reshape({ targetShape: [7, 7, f2], name: 'dec_reshape' })
		.apply(d) as tfl.SymbolicTensor;
	d = tfl.layers
		.conv2dTranspose({
			...conv,
			filters: f1,
			activation: 'relu',
			name: 'dec_convT1',
			kernelInitializer: kernelInit(seed, 5)
		})
		.apply(d) as tfl.SymbolicTensor;
	const y = tfl.layers
		.conv2dTranspose({
			...conv,
			filters: IMAGE_SHAPE[2],
			activation: 'sigmoid',
			name: 'dec_convT2',
			kernelInitializer: kernelInit(seed, 6)
		})
		.apply(d) as tfl.SymbolicTensor;
	const decoder = tfl.model({ inputs: zIn, outputs: y, name: 'conv_ae_decoder' });

	const input = tfl.input({ shape: [...IMAGE_SHAPE], name: 'ae_image' });
	const output = decoder.apply(encoder.apply(input)) as tfl.SymbolicTensor;
	const autoencoder = tfl.model({ inputs: input, outputs: output, name: 'conv_autoencoder' });
	return { encoder, decoder, autoencoder, latentSize };
}

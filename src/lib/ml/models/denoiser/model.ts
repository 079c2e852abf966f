/**
 * DnCNN-style residual denoiser (Zhang et al. 2017, "Beyond a Gaussian Denoiser: Residual Learning
 * of Deep CNN for Image Denoising"), slimmed for phones: fewer layers and channels, no batch norm
 * (it would have to be folded away for mobile inference anyway). Fully convolutional, any H×W:
 *   y (noisy) [, M (σ-map, FFDNet: Zhang et al. 2018)] → conv 3×3 (F, ReLU)
 *     → (depth − 2) × conv 3×3 (F, ReLU) → conv 3×3 (C) = r ≈ −v
 *   x̂ = y + r        (the network learns the negated noise v = y − x: residual learning)
 * The blind model sees only y; the σ-map variant also gets a constant channel σ/255 so one
 * network serves every noise level and the user can turn the strength up or down.
 */
import * as tfl from '@tensorflow/tfjs-layers';

export interface DenoiserOptions {
	/** 1 (grayscale) or 3 (RGB). */
	channels: 1 | 3;
	/** Conv layers in total (≥ 3). Default 10 (DnCNN: 17). */
	depth?: number;
	/** Channels of the hidden convs. Default 32 (DnCNN: 64). */
	features?: number;
	/** Take a σ-map as a second input (FFDNet-style, non-blind). Default false (blind). */
	noiseMap?: boolean;
	seed?: number;
}

/** Builds the denoiser; inputs are [n, h, w, C] (and [n, h, w, 1] σ/255 maps) in [0, 1] units. */
export function buildDenoiser(opts: DenoiserOptions): tfl.LayersModel {
	const depth = opts.depth ?? 10;
	const features = opts.features ?? 32;
	const seed = opts.seed ?? 0;
	if (opts.channels !== 1 && opts.channels !== 3) {
		throw new RangeError(`channels must be 1 or 3, got ${String(opts.channels)}`);
	}
	if (!(Number.isInteger(depth) && depth >= 3)) {
		throw new RangeError(`depth must be an integer ≥ 3, got ${depth}`);
	}
	// He-normal suits ReLU stacks; every layer gets its own seed derived from the model seed.
	const init = (layer: number) => tfl.initializers.heNormal({ seed: seed * 101 + layer });
	const conv = (filters: number, layer: number, relu: boolean) =>
		tfl.layers.conv2d({
			filters,
			kernelSize: 3,
			padding: 'same',
			activation: relu ? 'relu' : 'linear',
			kernelInitializer: init(layer),
			name: `conv${layer}`
		});

	const image = tfl.input({ shape: [null, null, opts.channels], name: 'noisy' });
	const inputs = [image];
	let h: tfl.SymbolicTensor = image;
	if (opts.noiseMap) {
		const sigma = tfl.input({ shape: [null, null, 1], name: 'sigma_map' });
		inputs.push(sigma);
		h = tfl.layers
			.concatenate({ axis: -1, name: 'with_sigma' })
			.apply([image, sigma]) as tfl.SymbolicTensor;
	}
	for (let i = 1; i < depth; i++) h = conv(features, i, true).apply(h) as tfl.SymbolicTensor;
	const residual = conv(opts.channels, depth, false).apply(h) as tfl.SymbolicTensor;
	const output = tfl.layers
		.add({ name: 'denoised' })
		.apply([image, residual]) as tfl.SymbolicTensor;
	return tfl.model({
		inputs,
		outputs: output,
		name: opts.noiseMap ? 'denoiser_sigma_map' : 'denoiser_blind'
	});
}

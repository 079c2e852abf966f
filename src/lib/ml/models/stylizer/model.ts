/**
 * Feed-forward style transfer network (Johnson, Alahi & Fei-Fei 2016, "Perceptual Losses for
 * Real-Time Style Transfer and Super-Resolution"), with instance normalisation (Ulyanov, Vedaldi &
 * Lempitsky 2016) and resize-convolution upsampling instead of transposed convolutions (Odena et
 * al. 2016, against checkerboard artefacts):
 *   conv 9×9 (c) → conv 3×3/2 (2c) → conv 3×3/2 (4c) → R × residual block (4c)
 *     → up×2 + conv 3×3 (2c) → up×2 + conv 3×3 (c) → conv 9×9 (3) → sigmoid
 * each conv but the last followed by instance norm and ReLU; every conv sees reflection-padded
 * input (instance norm and reflection padding are registered custom layers, see ./layers: import
 * that module before loading a saved stylizer).
 * Fully convolutional, so it takes every H×W (multiples of 4 give an output of exactly the input's size).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { instanceNormalization, reflectionPadding2d } from './layers';

/** 'full' is Johnson et al.'s width (32, 5 residual blocks); 'phone' is a quarter of its cost. */
export type StylizerSize = 'full' | 'phone';

export const STYLIZER_SIZES: Record<StylizerSize, { channels: number; residualBlocks: number }> = {
	full: { channels: 32, residualBlocks: 5 },
	phone: { channels: 16, residualBlocks: 3 }
};

export interface StylizerOptions {
	size?: StylizerSize;
	/** Overrides of the size's width and depth (tests, experiments). */
	channels?: number;
	residualBlocks?: number;
	seed?: number;
}

/** Builds the transformer network: RGB [0, 1] in, RGB [0, 1] out. */
export function buildStylizer(opts: StylizerOptions = {}): tfl.LayersModel {
	const preset = STYLIZER_SIZES[opts.size ?? 'phone'];
	const c = opts.channels ?? preset.channels;
	const residualBlocks = opts.residualBlocks ?? preset.residualBlocks;
	const seed = opts.seed ?? 0;
	let layer = 0;
	const init = () => tfl.initializers.glorotUniform({ seed: seed * 1013 + ++layer });
	// Reflection padding then a 'valid' convolution, for the strided ones too ('same' pads a
	// stride-2 conv with zeros on the right and bottom only, which showed as stripes there): no
	// zero border for the style loss to exploit.
	const pad = (x: tfl.SymbolicTensor, k: number, name: string) =>
		reflectionPadding2d({ padding: (k - 1) / 2, name: `${name}_pad` }).apply(
			x
		) as tfl.SymbolicTensor;
	const conv = (x: tfl.SymbolicTensor, filters: number, k: number, stride: number, name: string) =>
		tfl.layers
			.conv2d({
				filters,
				kernelSize: k,
				strides: stride,
				padding: 'valid',
				// Instance norm removes the mean anyway; a bias would be wasted work.
				useBias: false,
				kernelInitializer: init(),
				name
			})
			.apply(pad(x, k, name)) as tfl.SymbolicTensor;
	const instanceNorm = (x: tfl.SymbolicTensor, name: string) =>
		instanceNormalization({ name: `${name}_in` }).apply(x) as tfl.SymbolicTensor;
	const block = (x: tfl.SymbolicTensor, filters: number, k: number, name: string, stride = 1) =>
		tfl.layers
			.reLU({ name: `${name}_relu` })
			.apply(instanceNorm(conv(x, filters, k, stride, name), name)) as tfl.SymbolicTensor;

	const input = tfl.input({ shape: [null, null, 3], name: 'rgb' });
	let x = block(input, c, 9, 'down1');
	x = block(x, 2 * c, 3, 'down2', 2);
	x = block(x, 4 * c, 3, 'down3', 2);
	for (let r = 1; r <= residualBlocks; r++) {
		const h = block(x, 4 * c, 3, `res${r}a`);
		const y = instanceNorm(conv(h, 4 * c, 3, 1, `res${r}b`), `res${r}b`);
		x = tfl.layers.add({ name: `res${r}` }).apply([x, y]) as tfl.SymbolicTensor;
	}
	for (const [i, f] of [2 * c, c].entries()) {
		x = tfl.layers
			.upSampling2d({ size: [2, 2], name: `up${i + 1}_resize` })
			.apply(x) as tfl.SymbolicTensor;
		x = block(x, f, 3, `up${i + 1}`);
	}
	const out = tfl.layers
		.conv2d({
			filters: 3,
			kernelSize: 9,
			padding: 'valid',
			activation: 'sigmoid',
			kernelInitializer: init(),
			name: 'out'
		})
		.apply(pad(x, 9, 'out')) as tfl.SymbolicTensor;
	return tfl.model({ inputs: input, outputs: out, name: `stylizer_${opts.size ?? 'phone'}` });
}

/**
 * VGG19 feature extractor (Simonyan & Zisserman 2015, "Very Deep Convolutional Networks for
 * Large-Scale Image Recognition") up to block5_conv1, with Keras' layer names so the official
 * Keras ImageNet weights map one to one. Used for perceptual / style losses (Gatys et al. 2016).
 * Keras' "caffe" preprocessing is inside the model as a fixed 1×1 convolution named `preprocess`:
 *   x_bgr = 255 · P · x_rgb − mean_bgr,   mean_bgr = (103.939, 116.779, 123.68)
 * where P swaps R and B, so callers feed RGB in [0, 1] like everywhere else in the app.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** ImageNet channel means in BGR order, on the 0–255 scale (Keras `preprocess_input`, caffe mode). */
export const IMAGENET_MEAN_BGR = [103.939, 116.779, 123.68] as const;

/** One layer of the truncated VGG19, in order. */
export type VggLayer =
	{ type: 'conv'; name: string; filters: number } | { type: 'pool'; name: string };

/** The official channel widths of VGG19's five blocks. */
export const VGG19_WIDTHS = [64, 128, 256, 512, 512] as const;
const CONVS_PER_BLOCK = [2, 2, 4, 4, 4] as const;
/** The last layer kept. */
export const LAST_LAYER = 'block5_conv1';

/** VGG19's layers block1_conv1 … block5_conv1 (Keras names), for the given block widths. */
export function vgg19Layers(widths: readonly number[] = VGG19_WIDTHS): VggLayer[] {
	if (widths.length !== 5) throw new RangeError(`VGG19 has 5 blocks, got ${widths.length} widths`);
	const out: VggLayer[] = [];
	for (let b = 1; b <= 5; b++) {
		for (let c = 1; c <= (CONVS_PER_BLOCK[b - 1] ?? 0); c++) {
			const name = `block${b}_conv${c}`;
			out.push({ type: 'conv', name, filters: widths[b - 1] ?? 0 });
			if (name === LAST_LAYER) return out;
		}
		out.push({ type: 'pool', name: `block${b}_pool` });
	}
	return out;
}

/** A conv layer's weights: kernel in HWIO ([3, 3, in, out], as Keras/TF store it) and bias. */
export interface ConvWeights {
	kernel: tf.Tensor4D;
	bias: tf.Tensor1D;
}

export interface BuildVggOptions {
	/** Widths of the five blocks; default the official ones. */
	widths?: readonly number[];
	/** Input height and width; null for any size. Default [null, null]. */
	size?: readonly [number | null, number | null];
	/** Weights by Keras layer name; layers without an entry keep Glorot-initialised kernels. */
	weights?: ReadonlyMap<string, ConvWeights>;
}

/** The fixed 1×1 kernel and bias of the `preprocess` layer (RGB [0, 1] → BGR, mean-subtracted). */
export function preprocessWeights(): ConvWeights {
	const k = new Float32Array(9);
	// out channel o (B, G, R) reads in channel 2 − o (R, G, B).
	for (let o = 0; o < 3; o++) k[(2 - o) * 3 + o] = 255;
	return {
		kernel: tf.tensor4d(k, [1, 1, 3, 3]),
		bias: tf.tensor1d(IMAGENET_MEAN_BGR.map((m) => -m))
	};
}

/** Builds the truncated VGG19; the output is block5_conv1's activation (after ReLU). */
export function buildVgg19Features(opts: BuildVggOptions = {}): tfl.LayersModel {
	const [h, w] = opts.size ?? [null, null];
	const input = tfl.input({ shape: [h, w, 3], name: 'rgb' });
	const pre = tfl.layers.conv2d({
		filters: 3,
		kernelSize: 1,
		name: 'preprocess',
		trainable: false
	});
	let x = pre.apply(input) as tfl.SymbolicTensor;
	const assign: [tfl.layers.Layer, ConvWeights][] = [[pre, preprocessWeights()]];
	for (const layer of vgg19Layers(opts.widths)) {
		if (layer.type === 'pool') {
			x = tfl.layers
				.maxPooling2d({ poolSize: 2, strides: 2, name: layer.name })
				.apply(x) as tfl.SymbolicTensor;
			continue;
		}
		const conv = tfl.layers.conv2d({
			filters: layer.filters,
			kernelSize: 3,
			padding: 'same',
			activation: 'relu',
			name: layer.name
		});
		x = conv.apply(x) as tfl.SymbolicTensor;
		const wts = opts.weights?.get(layer.name);
		if (wts) assign.push([conv, wts]);
	}
	const model = tfl.model({ inputs: input, outputs: x, name: 'vgg19_features' });
	for (const [layer, wts] of assign) {
		const [k] = layer.getWeights();
		if (k && k.shape.join() !== wts.kernel.shape.join()) {
			throw new Error(
				`${layer.name}: kernel [${wts.kernel.shape.join(', ')}] does not fit the layer's [${k.shape.join(', ')}]`
			);
		}
		layer.setWeights([wts.kernel, wts.bias]);
	}
	tf.dispose(assign[0]?.[1] ? [assign[0][1].kernel, assign[0][1].bias] : []);
	return model;
}

/** Loads the published float16 VGG19 features model from a URL or any tfjs IOHandler. */
export function loadVgg19(handlerOrUrl: string | tf.io.IOHandler): Promise<tfl.LayersModel> {
	return tfl.loadLayersModel(handlerOrUrl);
}

/** A model sharing `vgg`'s weights whose outputs are the named layers (e.g. style + content layers). */
export function vggFeatures(vgg: tfl.LayersModel, layerNames: readonly string[]): tfl.LayersModel {
	const input = vgg.inputs[0];
	if (!input) throw new Error('the VGG model has no input');
	return tfl.model({
		inputs: input,
		outputs: layerNames.map((n) => vgg.getLayer(n).output as tfl.SymbolicTensor)
	});
}

/**
 * Neural style transfer by optimisation (Gatys, Ecker & Bethge 2016, "Image Style Transfer Using
 * Convolutional Neural Networks"): the image itself is optimised with Adam so that its VGG19
 * features match the content photo at one deep layer and the painting's feature correlations
 * (Gram matrices) at five layers, plus a total-variation term against high-frequency noise:
 *   L(x) = α · ½·mean((F_c(x) − F_c(p))²) + β · Σ_l ¼·mean((G_l(x) − G_l(a))²) + γ · TV(x)
 *   G_l(x) = F_lᵀ F_l / (H_l · W_l)       (F_l reshaped to [H_l·W_l, C_l])
 * Pure tfjs: the photo worker runs it; tests run it in Node on a narrow random VGG.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { frozenForward } from './frozen-forward';

/** Gatys et al.'s content layer. */
export const CONTENT_LAYER = 'block4_conv2';
/** Gatys et al.'s style layers. */
export const STYLE_LAYERS = [
	'block1_conv1',
	'block2_conv1',
	'block3_conv1',
	'block4_conv1',
	'block5_conv1'
] as const;

/** Loss weights and optimiser settings; the UI's sliders map onto these. */
export interface GatysWeights {
	content: number;
	style: number;
	tv: number;
}
export const DEFAULT_WEIGHTS: GatysWeights = { content: 1, style: 1e3, tv: 1e-4 };
export const DEFAULT_LEARNING_RATE = 0.02;

export interface GatysLosses {
	content: number;
	style: number;
	tv: number;
	total: number;
}

export interface GatysOptions {
	/** A VGG19 features model (buildVgg19Features / loadVgg19); RGB in [0, 1] in. */
	vgg: tfl.LayersModel;
	/** The photo, [H, W, 3] in [0, 1]. */
	content: tf.Tensor3D;
	/** The painting, [h, w, 3] in [0, 1] (any size; Gram matrices do not depend on it). */
	style: tf.Tensor3D;
	iterations: number;
	weights?: Partial<GatysWeights>;
	learningRate?: number;
	/** Report losses (and a preview image) every this many iterations; default 10. */
	previewEvery?: number;
	/** Receives a copy of the current image [H, W, 3]; it is disposed after the callback returns. */
	onPreview?: (step: number, image: tf.Tensor3D, losses: GatysLosses) => void | Promise<void>;
	signal?: AbortSignal;
	contentLayer?: string;
	styleLayers?: readonly string[];
}

/** Gram matrices of a batch of feature maps [n, H, W, C] → [n, C, C], normalised by H·W. */
export function batchGramMatrix(features: tf.Tensor4D): tf.Tensor3D {
	return tf.tidy(() => {
		const [n, h, w, c] = features.shape;
		const f = tf.reshape(features, [n, h * w, c]);
		return tf.div(tf.matMul(f, f, true, false), h * w) as tf.Tensor3D;
	});
}

/** Gram matrix of one feature map [1, H, W, C] → [C, C], normalised by H·W. */
export function gramMatrix(features: tf.Tensor4D): tf.Tensor2D {
	if (features.shape[0] !== 1) {
		throw new RangeError(`gramMatrix expects one image, got a batch of ${features.shape[0]}`);
	}
	return tf.tidy(() => tf.squeeze(batchGramMatrix(features), [0]) as tf.Tensor2D);
}

/**
 * A function from images to the content layer's and the style layers' activations of a frozen
 * feature network (sharing its weights; it owns no tensors, so there is nothing to dispose).
 */
export function featureExtractor(
	net: tfl.LayersModel,
	contentLayer: string,
	styleLayers: readonly string[]
): (x: tf.Tensor4D) => { content: tf.Tensor4D; style: tf.Tensor4D[] } {
	const run = frozenForward(net, [contentLayer, ...styleLayers]);
	return (x) => {
		const [content, ...style] = run(x);
		return { content: content!, style };
	};
}

/** Total variation: mean squared difference between vertical and horizontal neighbours. */
export function totalVariation(image: tf.Tensor4D): tf.Scalar {
	return tf.tidy(() => {
		const [, h, w] = image.shape;
		const dy = tf.sub(
			tf.slice(image, [0, 1, 0, 0], [-1, h - 1, -1, -1]),
			tf.slice(image, [0, 0, 0, 0], [-1, h - 1, -1, -1])
		);
		const dx = tf.sub(
			tf.slice(image, [0, 0, 1, 0], [-1, -1, w - 1, -1]),
			tf.slice(image, [0, 0, 0, 0], [-1, -1, w - 1, -1])
		);
		return tf.add(tf.mean(tf.square(dy)), tf.mean(tf.square(dx))) as tf.Scalar;
	});
}

/** Optimises the content image towards the style; returns the result [H, W, 3] in [0, 1]. */
export async function stylizeGatys(
	opts: GatysOptions
): Promise<{ image: tf.Tensor3D; history: GatysLosses[] }> {
	const w = { ...DEFAULT_WEIGHTS, ...opts.weights };
	const contentLayer = opts.contentLayer ?? CONTENT_LAYER;
	const styleLayers = opts.styleLayers ?? STYLE_LAYERS;
	const every = Math.max(1, opts.previewEvery ?? 10);
	const features = featureExtractor(opts.vgg, contentLayer, styleLayers);
	const run = (x: tf.Tensor4D) => {
		const f = features(x);
		return [f.content, ...f.style];
	};

	const [contentTarget, styleTargets] = tf.tidy(() => {
		const c = run(tf.expandDims(opts.content, 0) as tf.Tensor4D)[0]!;
		const s = run(tf.expandDims(opts.style, 0) as tf.Tensor4D).slice(1);
		return [c, s.map(gramMatrix)] as const;
	});
	const start = tf.expandDims(opts.content, 0) as tf.Tensor4D;
	const image = tf.variable(start, true);
	start.dispose();
	const optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_LEARNING_RATE);
	const history: GatysLosses[] = [];

	const lossTerms = () => {
		const outs = run(image as unknown as tf.Tensor4D);
		const content = tf.mul(0.5, tf.mean(tf.square(tf.sub(outs[0]!, contentTarget))));
		let style: tf.Tensor = tf.scalar(0);
		outs.slice(1).forEach((f, i) => {
			const diff = tf.sub(gramMatrix(f), styleTargets[i]!);
			style = tf.add(style, tf.mul(0.25, tf.mean(tf.square(diff))));
		});
		const tv = totalVariation(image as unknown as tf.Tensor4D);
		return { content: content as tf.Scalar, style: style as tf.Scalar, tv };
	};

	try {
		for (let step = 1; step <= opts.iterations; step++) {
			opts.signal?.throwIfAborted();
			const report = step % every === 0 || step === opts.iterations;
			let parts: tf.Scalar[] = [];
			optimizer.minimize(
				() => {
					const t = lossTerms();
					const total = tf.addN([
						tf.mul(w.content, t.content),
						tf.mul(w.style, t.style),
						tf.mul(w.tv, t.tv)
					]) as tf.Scalar;
					if (report) parts = [tf.keep(t.content), tf.keep(t.style), tf.keep(t.tv)];
					return total;
				},
				false,
				[image]
			);
			// Pixels stay displayable: the optimiser may push them out of [0, 1].
			tf.tidy(() => image.assign(tf.clipByValue(image, 0, 1)));
			if (report) {
				const [c, s, t] = await Promise.all(parts.map((p) => p.data()));
				tf.dispose(parts);
				const [content, style, tv] = [c![0]!, s![0]!, t![0]!];
				const total = w.content * content + w.style * style + w.tv * tv;
				const losses = { content, style, tv, total };
				history.push(losses);
				if (opts.onPreview) {
					const preview = tf.squeeze(image, [0]) as tf.Tensor3D;
					try {
						await opts.onPreview(step, preview, losses);
					} finally {
						preview.dispose();
					}
				}
			}
		}
		return { image: tf.squeeze(image, [0]) as tf.Tensor3D, history };
	} finally {
		tf.dispose([contentTarget, ...styleTargets, image]);
		optimizer.dispose();
	}
}

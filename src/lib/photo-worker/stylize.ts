/**
 * Style transfer for the photo worker: brings the photo and the painting to the working size,
 * runs Gatys et al.'s optimisation on a feature network (ImageNet VGG19, or the labelled VGG-free
 * random multi-scale features) and streams previews. Pure tfjs, no DOM: Node specs run it too.
 * Optimising a 12-megapixel image is out of reach on a phone, so the result has the working size
 * (the user picks it) and the page says so.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { assertImage, type RgbaImage } from '$lib/photo/image';
import {
	CONTENT_LAYER,
	DEFAULT_LEARNING_RATE,
	DEFAULT_WEIGHTS,
	STYLE_LAYERS,
	stylizeGatys,
	type GatysLosses,
	type GatysWeights
} from '$lib/ml/models/style/gatys';
import {
	buildRandomFeatures,
	RANDOM_FEATURES_DEFAULTS,
	randomFeatureLayers
} from '$lib/ml/models/style/random-features';
import { blendStrength, preserveColors } from '$lib/ml/models/style/color';

export type StyleNetworkKind = 'vgg19' | 'random';

/** A feature network with the layers and loss weights style transfer uses on it. */
export interface StyleNetwork {
	kind: StyleNetworkKind;
	model: LayersModel;
	contentLayer: string;
	styleLayers: readonly string[];
	weights: GatysWeights;
	learningRate: number;
	dispose(): void;
}

/** The VGG-free network (same seed everywhere, so a setting gives the same picture on any device). */
export function randomStyleNetwork(seed = 0, filters?: number): StyleNetwork {
	const model = buildRandomFeatures({ seed, filters });
	const layers = randomFeatureLayers();
	return {
		kind: 'random',
		model,
		contentLayer: layers.content,
		styleLayers: layers.style,
		weights: { ...RANDOM_FEATURES_DEFAULTS.weights },
		learningRate: RANDOM_FEATURES_DEFAULTS.learningRate,
		dispose: () => model.dispose()
	};
}

/** Wraps a loaded VGG19 features model with Gatys et al.'s layers; takes ownership of `model`. */
export function vggStyleNetwork(model: LayersModel): StyleNetwork {
	return {
		kind: 'vgg19',
		model,
		contentLayer: CONTENT_LAYER,
		styleLayers: STYLE_LAYERS,
		weights: { ...DEFAULT_WEIGHTS },
		learningRate: DEFAULT_LEARNING_RATE,
		dispose: () => model.dispose()
	};
}

/** The size an image of w×h gets when its long side is limited to `maxSide` (never enlarged). */
export function workingSize(
	width: number,
	height: number,
	maxSide: number
): { width: number; height: number } {
	const k = Math.min(1, maxSide / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * k)),
		height: Math.max(1, Math.round(height * k))
	};
}

/** RGBA bytes → [H, W, 3] float in [0, 1] (alpha dropped). */
export function rgbaToTensor(img: RgbaImage): tf.Tensor3D {
	assertImage(img);
	const n = img.width * img.height;
	const x = new Float32Array(n * 3);
	for (let i = 0; i < n; i++) {
		x[i * 3] = (img.data[i * 4] ?? 0) / 255;
		x[i * 3 + 1] = (img.data[i * 4 + 1] ?? 0) / 255;
		x[i * 3 + 2] = (img.data[i * 4 + 2] ?? 0) / 255;
	}
	return tf.tensor3d(x, [img.height, img.width, 3]);
}

/** [H, W, 3] in [0, 1] → opaque RGBA bytes. */
export async function tensorToRgba(t: tf.Tensor3D): Promise<RgbaImage> {
	const [height, width] = t.shape;
	const v = await t.data();
	const data = new Uint8ClampedArray(width * height * 4);
	for (let i = 0; i < width * height; i++) {
		data[i * 4] = Math.round((v[i * 3] ?? 0) * 255);
		data[i * 4 + 1] = Math.round((v[i * 3 + 1] ?? 0) * 255);
		data[i * 4 + 2] = Math.round((v[i * 3 + 2] ?? 0) * 255);
		data[i * 4 + 3] = 255;
	}
	return { data, width, height };
}

/**
 * Downscales so the long side is at most `maxSide`: halving by 2×2 averages first, then one
 * bilinear step, because bilinear alone skips pixels (aliasing) when shrinking a lot.
 */
export function fitWithin(img: tf.Tensor3D, maxSide: number): tf.Tensor3D {
	return tf.tidy(() => {
		const [h, w] = img.shape;
		const target = workingSize(w, h, maxSide);
		let x = tf.expandDims(img, 0) as tf.Tensor4D;
		while (x.shape[1] >= 2 * target.height && x.shape[2] >= 2 * target.width) {
			x = tf.avgPool(x, 2, 2, 'valid');
		}
		if (x.shape[1] !== target.height || x.shape[2] !== target.width) {
			x = tf.image.resizeBilinear(x, [target.height, target.width], true);
		}
		return tf.squeeze(x, [0]) as tf.Tensor3D;
	});
}

/** Multipliers on the network's own loss weights (1 = its defaults); the UI's sliders. */
export type WeightScale = Partial<GatysWeights>;

export interface StylePreview {
	step: number;
	total: number;
	/** The current (raw) stylized image at the working size. */
	image: RgbaImage;
	/** The photo at the working size: with the first preview only (it does not change). */
	content?: RgbaImage;
	losses: GatysLosses;
	elapsedMs: number;
}

export interface StylizeOptions {
	content: RgbaImage;
	style: RgbaImage;
	network: StyleNetwork;
	/** Long side of the result in pixels. */
	maxSide: number;
	iterations: number;
	scale?: WeightScale;
	previewEvery?: number;
	signal?: AbortSignal;
	onPreview?: (p: StylePreview) => void;
}

export interface StylizeOutput {
	/** The stylized image at the working size. */
	image: RgbaImage;
	/** The photo at the same size (for the strength blend and colour preservation). */
	content: RgbaImage;
	history: GatysLosses[];
	seconds: number;
}

/** Runs the optimisation (see the module comment); cancellable between iterations. */
export async function stylizePhoto(opts: StylizeOptions): Promise<StylizeOutput> {
	const { network: net } = opts;
	if (!(Number.isInteger(opts.iterations) && opts.iterations >= 1)) {
		throw new RangeError(`iterations must be a positive integer, got ${opts.iterations}`);
	}
	const s = opts.scale ?? {};
	const weights: GatysWeights = {
		content: net.weights.content * (s.content ?? 1),
		style: net.weights.style * (s.style ?? 1),
		tv: net.weights.tv * (s.tv ?? 1)
	};
	const [content, style] = tf.tidy(() => {
		const c = rgbaToTensor(opts.content);
		const st = rgbaToTensor(opts.style);
		return [fitWithin(c, opts.maxSide), fitWithin(st, opts.maxSide)];
	});
	const t0 = performance.now();
	try {
		const contentRgba = await tensorToRgba(content);
		// The first preview carries a copy of the photo (the worker hands event buffers over to
		// the page); it does not change, so later previews leave it out.
		let firstContent: RgbaImage | undefined = { ...contentRgba, data: contentRgba.data.slice() };
		const { image, history } = await stylizeGatys({
			vgg: net.model,
			content,
			style,
			iterations: opts.iterations,
			weights,
			learningRate: net.learningRate,
			previewEvery: opts.previewEvery ?? 10,
			contentLayer: net.contentLayer,
			styleLayers: net.styleLayers,
			signal: opts.signal,
			onPreview: opts.onPreview
				? async (step, img, losses) => {
						opts.onPreview?.({
							step,
							total: opts.iterations,
							image: await tensorToRgba(img),
							content: firstContent,
							losses,
							elapsedMs: performance.now() - t0
						});
						firstContent = undefined;
					}
				: undefined
		});
		try {
			return {
				image: await tensorToRgba(image),
				content: contentRgba,
				history,
				seconds: (performance.now() - t0) / 1000
			};
		} finally {
			image.dispose();
		}
	} finally {
		tf.dispose([content, style]);
	}
}

/** The strength blend and optional colour preservation, applied to a finished (or stopped) result. */
export async function finishStyle(
	stylized: RgbaImage,
	content: RgbaImage,
	strength: number,
	keepColours: boolean
): Promise<RgbaImage> {
	if (stylized.width !== content.width || stylized.height !== content.height) {
		throw new RangeError(
			`stylized ${stylized.width}×${stylized.height} and photo ${content.width}×${content.height} differ in size`
		);
	}
	const out = tf.tidy(() => {
		const st = rgbaToTensor(stylized);
		const photo = rgbaToTensor(content);
		const coloured = keepColours ? preserveColors(st, photo) : st;
		return blendStrength(coloured, photo, strength);
	});
	try {
		return await tensorToRgba(out);
	} finally {
		out.dispose();
	}
}

/**
 * One forward pass of a feed-forward stylizer at the working size. Its two stride-2 convolutions
 * need sides that are multiples of 4, so the photo is mirror-padded and the result cropped back.
 */
export async function applyStylizer(
	model: LayersModel,
	photo: RgbaImage,
	maxSide: number
): Promise<StylizeOutput> {
	const t0 = performance.now();
	const [content, out] = tf.tidy(() => {
		const c = fitWithin(rgbaToTensor(photo), maxSide);
		const [h, w] = c.shape;
		const ph = (4 - (h % 4)) % 4;
		const pw = (4 - (w % 4)) % 4;
		const padded = tf.mirrorPad(
			c,
			[
				[0, ph],
				[0, pw],
				[0, 0]
			],
			'symmetric'
		);
		const y = model.predict(tf.expandDims(padded, 0)) as tf.Tensor4D;
		const cropped = tf.slice(tf.squeeze(y, [0]), [0, 0, 0], [h, w, 3]) as tf.Tensor3D;
		return [c, tf.clipByValue(cropped, 0, 1) as tf.Tensor3D];
	});
	try {
		return {
			image: await tensorToRgba(out),
			content: await tensorToRgba(content),
			history: [],
			seconds: (performance.now() - t0) / 1000
		};
	} finally {
		tf.dispose([content, out]);
	}
}

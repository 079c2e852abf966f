/**
 * Runs an image-to-image LayersModel (denoiser, stylizer) inside the Worker's memory and time:
 *   - cost: multiply-accumulates per pixel, summed over the conv layers, tell in advance whether an
 *     image can finish in time (a predictable 413 instead of a killed request);
 *   - tiles: a stride-1 fully convolutional net sees only `radius` pixels around each output
 *     pixel (radius = Σ dilation·⌊k/2⌋ over its convs), so tiles cut with that much margin give
 *     exactly the whole-image result while holding one tile's activations at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

interface LayerConfigLike {
	kernelSize?: number | number[];
	strides?: number | number[];
	dilationRate?: number | number[];
	filters?: number;
	depthMultiplier?: number;
}

const CONVS = new Set(['Conv2D', 'SeparableConv2D', 'DepthwiseConv2D', 'Conv2DTranspose']);
/** Layers that act on each pixel alone (or join branches pixel by pixel): they keep tiling exact. */
const PIXELWISE = new Set([
	'InputLayer',
	'Activation',
	'ReLU',
	'LeakyReLU',
	'PReLU',
	'ELU',
	'Softmax',
	'ThresholdedReLU',
	'BatchNormalization',
	'Add',
	'Subtract',
	'Multiply',
	'Average',
	'Maximum',
	'Minimum',
	'Concatenate',
	'Dropout',
	'GaussianNoise',
	'GaussianDropout',
	'SpatialDropout2D',
	'Rescaling'
]);

const pair = (v: number | number[] | undefined, d: number): [number, number] =>
	v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0] ?? d, v[1] ?? v[0] ?? d];

/** Layers of a (possibly nested) model, flattened. */
export function leafLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
	const out: tfl.layers.Layer[] = [];
	for (const l of model.layers) {
		const inner = (l as { layers?: unknown }).layers;
		if (Array.isArray(inner)) out.push(...leafLayers(l as unknown as tfl.LayersModel));
		else out.push(l);
	}
	return out;
}

/** What the layers say about cost and tiling. */
export interface ImageModelProfile {
	/** Multiply-accumulates per input pixel for one image, following strides and up-sampling. */
	macsPerPixel: number;
	/** Context each output pixel needs; undefined when the model cannot be tiled exactly. */
	radius: number | undefined;
	/** Widest conv output, in channels: sizes tiles so one activation stays a few MB. */
	maxChannels: number;
	/** Channels the model takes and gives. */
	inChannels: number;
	outChannels: number;
	/** Fixed input height/width, when the model has them. */
	fixedSize?: { height: number; width: number };
}

/** Reads cost, tiling radius and channel counts off the model's layers. */
export function profileImageModel(model: tfl.LayersModel): ImageModelProfile {
	const inShape = model.inputs[0]?.shape ?? [];
	const outShape = model.outputs[0]?.shape ?? [];
	if (inShape.length !== 4 || outShape.length !== 4) {
		throw new Error(`expected an image model (rank-4 input and output), got [${inShape}]`);
	}
	let macs = 0;
	let maxChannels = 1;
	let radius: number | undefined = 0;
	// Pixels of each layer's output per input pixel: strides shrink it, up-sampling grows it, so
	// a stylizer's residual blocks at a quarter of the resolution cost a sixteenth per pixel.
	const scale = new Map<string, number>();
	for (const layer of leafLayers(model)) {
		const cls = layer.getClassName();
		const cfg = layer.getConfig() as LayerConfigLike & { size?: number | number[] };
		const from = layer.inboundNodes[0]?.inboundLayers[0]?.name;
		const inScale = (from !== undefined ? scale.get(from) : undefined) ?? 1;
		let outScale = inScale;
		if (CONVS.has(cls)) {
			const [kh, kw] = pair(cfg.kernelSize, 1);
			const [sh, sw] = pair(cfg.strides, 1);
			const [dh, dw] = pair(cfg.dilationRate, 1);
			const weights = layer.getWeights().filter((w) => w.rank === 4);
			const transpose = cls === 'Conv2DTranspose';
			outScale = transpose ? inScale * sh * sw : inScale / (sh * sw);
			// A conv does kernel-size MACs per output pixel; a transposed one per input pixel.
			macs += weights.reduce((s, w) => s + w.size, 0) * (transpose ? inScale : outScale);
			maxChannels = Math.max(maxChannels, ...weights.map((w) => w.shape[3] ?? 1));
			if (radius !== undefined && sh === 1 && sw === 1 && !transpose) {
				radius += Math.max(dh * Math.floor(kh / 2), dw * Math.floor(kw / 2));
			} else radius = undefined;
		} else if (cls === 'UpSampling2D') {
			const [uh, uw] = pair(cfg.size, 2);
			outScale = inScale * uh * uw;
			radius = undefined;
		} else if (!PIXELWISE.has(cls)) {
			radius = undefined;
		}
		scale.set(layer.name, outScale);
	}
	const [, h, w, cin] = inShape;
	const cout = outShape[3];
	return {
		macsPerPixel: macs,
		radius,
		maxChannels,
		inChannels: cin ?? 1,
		outChannels: cout ?? 1,
		fixedSize: h != null && w != null ? { height: h, width: w } : undefined
	};
}

/** Floats one activation of a tile may hold (8 MB): bounds memory whatever the image size. */
const TILE_FLOATS = 2 ** 21;

/** Core tile side for this model: as large as TILE_FLOATS allows, between 64 and 512. */
export function tileSide(profile: ImageModelProfile): number {
	return Math.max(64, Math.min(512, Math.floor(Math.sqrt(TILE_FLOATS / profile.maxChannels))));
}

export interface RunOptions {
	/** Core tile side (each tile also carries `radius` of margin on every side). */
	tile: number;
}

/**
 * Runs `model` on `x` [batch, H, W, C] and returns its output as [batch, H, W, outChannels] data.
 * Tiled when `profile.radius` is known and the image is larger than one tile; otherwise whole.
 * Synchronous on purpose: the model cannot be disposed (evicted) while it runs.
 */
export function runImageModel(
	model: tfl.LayersModel,
	x: tf.Tensor4D,
	profile: ImageModelProfile,
	opts: RunOptions
): Float32Array {
	const [b, H, W] = x.shape;
	const c = profile.outChannels;
	const radius = profile.radius;
	if (radius === undefined || (H <= opts.tile && W <= opts.tile)) {
		// tidy walks whatever it returns looking for tensors: a typed array would be walked element
		// by element (seconds and hundreds of MB for a large image), so it returns the tensor.
		const y = tf.tidy(() => model.predict(x) as tf.Tensor);
		try {
			if (y.shape[1] !== H || y.shape[2] !== W || y.shape[3] !== c) {
				throw new Error(`model output [${y.shape}] does not match the input ${H}×${W}`);
			}
			return y.dataSync() as Float32Array;
		} finally {
			y.dispose();
		}
	}
	const out = new Float32Array(b * H * W * c);
	for (let y0 = 0; y0 < H; y0 += opts.tile) {
		for (let x0 = 0; x0 < W; x0 += opts.tile) {
			const y1 = Math.min(H, y0 + opts.tile);
			const x1 = Math.min(W, x0 + opts.tile);
			const top = Math.max(0, y0 - radius);
			const left = Math.max(0, x0 - radius);
			const bottom = Math.min(H, y1 + radius);
			const right = Math.min(W, x1 + radius);
			const th = y1 - y0;
			const tw = x1 - x0;
			const coreTensor = tf.tidy(() => {
				const patch = tf.slice(x, [0, top, left, 0], [b, bottom - top, right - left, -1]);
				const y = model.predict(patch) as tf.Tensor4D;
				return tf.slice(y, [0, y0 - top, x0 - left, 0], [b, th, tw, c]);
			});
			let core: Float32Array;
			try {
				core = coreTensor.dataSync() as Float32Array;
			} finally {
				coreTensor.dispose();
			}
			for (let i = 0; i < b; i++) {
				for (let r = 0; r < th; r++) {
					const src = (i * th + r) * tw * c;
					const dst = ((i * H + y0 + r) * W + x0) * c;
					out.set(core.subarray(src, src + tw * c), dst);
				}
			}
		}
	}
	return out;
}

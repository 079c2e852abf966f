/**
 * The three inference jobs as plain functions of (model, input) → Raster, so that routes only
 * parse, check and answer. Pixels travel as [0, 1] floats; every tensor is freed before return.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
	opponentPlanesToRgb,
	PLANE_NOISE,
	rgbToOpponentPlanes
} from '../../../src/lib/ml/models/denoiser/colour';
import { HttpError } from '../http';
import type { Raster } from './image-codec';
import {
	leafLayers,
	profileImageModel,
	runImageModel,
	tileSide,
	type ImageModelProfile
} from './image-model';

/**
 * Work one request may do, in multiply-accumulates. Single-threaded WASM+SIMD in workerd ran a
 * 3×3 conv 64→64 on 128² at 0.1 GMAC/s on this (heavily shared) 2-core machine, ~0.6 quiet; 6 GMAC
 * is ~10 s there, well inside `[limits] cpu_ms = 30000`, and faster on production CPUs.
 */
export const MAX_MACS = 6e9;

/** Throws 413 when a job of `pixels` × `profile` would not finish within MAX_MACS. */
export function assertAffordable(profile: ImageModelProfile, pixels: number, batch: number): void {
	const r = profile.radius ?? 0;
	const tile = tileSide(profile);
	const overlap = r > 0 ? ((tile + 2 * r) / tile) ** 2 : 1;
	const macs = profile.macsPerPixel * pixels * batch * Math.min(overlap, 4);
	if (macs > MAX_MACS) {
		const side = Math.floor(Math.sqrt(MAX_MACS / (profile.macsPerPixel * batch * overlap)));
		throw new HttpError(
			413,
			'image_too_large',
			`This image is too large to process in time with this model; about ${side}×${side} pixels fit.`
		);
	}
}

function toUint8(v: number): number {
	return Math.max(0, Math.min(255, Math.round(v * 255)));
}

export interface DenoiseOptions {
	/** Noise level on the 0–255 scale; fed to models that take a noise-level map channel. */
	sigma: number;
	/** The model predicts the noise (DnCNN residual learning): clean = noisy − output. */
	residual: boolean;
}

/** How a denoiser consumes an image: per colour channel as grey, or all channels at once. */
function denoiseLayout(p: ImageModelProfile, channels: 1 | 3) {
	// A grey model denoises each colour channel as its own grey image (a batch of 1 or 3).
	if (p.inChannels === 1 || p.inChannels === 2) {
		return { perChannel: true, noiseMap: p.inChannels === 2, batch: channels };
	}
	if (p.inChannels === 3 || p.inChannels === 4) {
		return { perChannel: false, noiseMap: p.inChannels === 4, batch: 1 };
	}
	throw new Error(`a denoiser with ${p.inChannels} input channels is not supported`);
}

/** Checks size and cost before any decoding work is wasted on a model that cannot run it. */
export function checkDenoise(
	model: tfl.LayersModel,
	width: number,
	height: number,
	channels: 1 | 3
) {
	const profile = profileImageModel(model);
	const layout = denoiseLayout(profile, channels);
	if (
		profile.fixedSize &&
		(profile.fixedSize.width !== width || profile.fixedSize.height !== height)
	) {
		throw new HttpError(
			422,
			'unsupported_size',
			`This model only takes ${profile.fixedSize.width}×${profile.fixedSize.height} images.`
		);
	}
	assertAffordable(profile, width * height, layout.batch);
	return profile;
}

/** Denoises `img` with `model`; the answer has the input's size, channels and alpha. */
export function denoise(model: tfl.LayersModel, img: Raster, opts: DenoiseOptions): Raster {
	const profile = checkDenoise(model, img.width, img.height, img.channels);
	const layout = denoiseLayout(profile, img.channels);
	const { width: W, height: H, channels: C } = img;
	// A grey model cleans a colour photo's opponent planes, as on the device (denoiser/colour).
	const opponent = layout.perChannel && C === 3;
	const planes = tf.tidy(() => {
		const t = tf.div(tf.tensor4d(img.data, [1, H, W, C], 'float32'), 255) as tf.Tensor4D;
		if (opponent) return rgbToOpponentPlanes(t);
		if (layout.perChannel) return tf.transpose(t, [3, 1, 2, 0]) as tf.Tensor4D; // [1, H, W, 1]
		return C === 1 ? (tf.tile(t, [1, 1, 1, 3]) as tf.Tensor4D) : t;
	});
	let clean: tf.Tensor;
	// The planes live until the colour transform back; a model that fails on this input must not
	// leave them in the WASM heap (the route answers 422 and the isolate serves on).
	try {
		const x = !layout.noiseMap
			? planes
			: tf.tidy(() => {
					const perPlane = opponent ? PLANE_NOISE : [1];
					const map = tf.mul(
						tf.ones([planes.shape[0], H, W, 1]),
						tf.tensor4d(
							Array.from(
								{ length: planes.shape[0] },
								(_, i) => ((perPlane[i] ?? 1) * opts.sigma) / 255
							),
							[planes.shape[0], 1, 1, 1]
						)
					);
					return tf.concat([planes, map], 3) as tf.Tensor4D;
				});
		let y: Float32Array;
		try {
			y = runImageModel(model, x, profile, { tile: tileSide(profile) });
		} finally {
			if (x !== planes) x.dispose();
		}
		// Back to interleaved pixels: the clean image (residual models predict the noise).
		clean = tf.tidy(() => {
			const outC = layout.perChannel ? 1 : 3;
			const out = tf.tensor4d(y, [planes.shape[0], H, W, outC]);
			const cleaned = opts.residual ? tf.sub(planes, out) : out;
			if (opponent) return opponentPlanesToRgb(cleaned as tf.Tensor4D);
			// Colour model on a grey photo: its first channel.
			return C === 1 && !layout.perChannel
				? tf.slice(cleaned, [0, 0, 0, 0], [1, H, W, 1])
				: cleaned;
		});
	} finally {
		planes.dispose();
	}
	let v: Float32Array | Int32Array | Uint8Array;
	try {
		v = clean.dataSync();
	} finally {
		clean.dispose();
	}
	const out = new Uint8Array(W * H * C);
	for (let i = 0; i < out.length; i++) out[i] = toUint8(v[i] ?? 0);
	return { width: W, height: H, channels: C, data: out, alpha: img.alpha };
}

/** Checks a stylizer can take this image in time. */
export function checkStylize(model: tfl.LayersModel, width: number, height: number) {
	const profile = profileImageModel(model);
	if (profile.inChannels !== 3 || profile.outChannels !== 3) {
		throw new Error(
			`a stylizer maps RGB to RGB, this model has ${profile.inChannels} → ${profile.outChannels}`
		);
	}
	assertAffordable(profile, width * height, 1);
	return profile;
}

/** Stylizers down-sample by up to this factor; sides are padded to a multiple of it. */
export const STYLIZE_MULTIPLE = 8;

/**
 * Applies a feed-forward stylizer (RGB [0, 1] → RGB [0, 1]) to `img`. The image is padded by
 * mirroring to a multiple of STYLIZE_MULTIPLE (so stride-2 layers come back to the same size)
 * and the answer is cropped back.
 */
export function stylize(model: tfl.LayersModel, img: Raster): Raster {
	const { width: W, height: H } = img;
	const ph = (STYLIZE_MULTIPLE - (H % STYLIZE_MULTIPLE)) % STYLIZE_MULTIPLE;
	const pw = (STYLIZE_MULTIPLE - (W % STYLIZE_MULTIPLE)) % STYLIZE_MULTIPLE;
	const profile = checkStylize(model, W + pw, H + ph);
	const x = tf.tidy(() => {
		let t = tf.div(tf.tensor4d(img.data, [1, H, W, img.channels], 'float32'), 255) as tf.Tensor4D;
		if (img.channels === 1) t = tf.tile(t, [1, 1, 1, 3]);
		if (ph || pw) {
			const pads: Array<[number, number]> = [
				[0, 0],
				[0, ph],
				[0, pw],
				[0, 0]
			];
			// 'symmetric' needs pads no larger than the image; tiny images get zeros instead.
			t = ph <= H && pw <= W ? tf.mirrorPad(t, pads, 'symmetric') : tf.pad(t, pads);
		}
		return t;
	});
	let y: Float32Array;
	try {
		// Stylizers down- and up-sample, so tiles would show seams: run the image whole.
		y = runImageModel(model, x, { ...profile, radius: undefined }, { tile: 0 });
	} finally {
		x.dispose();
	}
	const data = new Uint8Array(W * H * 3);
	const Wp = W + pw;
	for (let r = 0; r < H; r++) {
		for (let i = 0; i < W * 3; i++) data[r * W * 3 + i] = toUint8(y[r * Wp * 3 + i] ?? 0);
	}
	return { width: W, height: H, channels: 3, data, alpha: img.alpha };
}

/** Multiply-accumulates of one sample: each layer's kernels times the pixels it sweeps them over. */
export function generatorMacs(model: tfl.LayersModel): number {
	let macs = 0;
	for (const layer of leafLayers(model)) {
		const kernels = layer
			.getWeights()
			.filter((w) => w.rank >= 2)
			.reduce((s, w) => s + w.size, 0);
		if (kernels === 0) continue;
		const node = layer.inboundNodes[0];
		// A conv applies its kernel at each output pixel, a transposed conv at each input pixel.
		const shapes =
			layer.getClassName() === 'Conv2DTranspose' ? node?.inputShapes : node?.outputShapes;
		const shape = (Array.isArray(shapes?.[0]) ? shapes[0] : shapes) as
			(number | null)[] | undefined;
		const pixels = shape?.length === 4 ? (shape[1] ?? 1) * (shape[2] ?? 1) : 1;
		macs += kernels * pixels;
	}
	return macs;
}

/** Throws 413 when `n` samples of `model` would not finish within MAX_MACS. */
export function assertGenerateAffordable(model: tfl.LayersModel, n: number): void {
	const perSample = generatorMacs(model);
	if (perSample * n > MAX_MACS) {
		const fit = Math.floor(MAX_MACS / perSample);
		throw new HttpError(
			413,
			'image_too_large',
			fit >= 1
				? `${n} samples of this model are too many to make in time; at most ${fit} fit.`
				: 'This model is too large to sample in time.'
		);
	}
}

export interface GenerateOptions {
	seed: number;
	n: number;
}

/**
 * Samples `n` images from a generator (z ~ N(0, I), seeded) and lays them out in a near-square
 * grid with a 1-pixel gap. tanh outputs are mapped from [-1, 1], others read as [0, 1].
 */
export function generateGrid(model: tfl.LayersModel, opts: GenerateOptions): Raster {
	const inShape = model.inputs[0]?.shape ?? [];
	const outShape = model.outputs[0]?.shape ?? [];
	const latent = inShape[1];
	const [, h, w, c] = outShape;
	if (inShape.length !== 2 || latent == null || outShape.length !== 4 || !h || !w || !c) {
		throw new Error(`not an image generator: [${inShape}] → [${outShape}]`);
	}
	if (c !== 1 && c !== 3) throw new Error(`a generator with ${c} channels is not supported`);
	const last = model.layers.at(-1)?.getConfig() as { activation?: string } | undefined;
	const tanh = last?.activation === 'tanh';
	assertGenerateAffordable(model, opts.n);
	// The tensor, not its data, leaves tidy: tidy walks a returned typed array element by element.
	const unit = tf.tidy(() => {
		const z = tf.randomNormal([opts.n, latent], 0, 1, 'float32', opts.seed);
		const y = model.predict(z) as tf.Tensor;
		return tanh ? tf.div(tf.add(y, 1), 2) : y;
	});
	let pixels: Float32Array;
	try {
		pixels = unit.dataSync() as Float32Array;
	} finally {
		unit.dispose();
	}
	const cols = Math.ceil(Math.sqrt(opts.n));
	const rows = Math.ceil(opts.n / cols);
	const gap = 1;
	const W = cols * w + (cols - 1) * gap;
	const H = rows * h + (rows - 1) * gap;
	const data = new Uint8Array(W * H * c).fill(255);
	for (let i = 0; i < opts.n; i++) {
		const ox = (i % cols) * (w + gap);
		const oy = Math.floor(i / cols) * (h + gap);
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) {
				for (let k = 0; k < c; k++) {
					const v = pixels[((i * h + y) * w + x) * c + k] ?? 0;
					data[((oy + y) * W + ox + x) * c + k] = toUint8(v);
				}
			}
		}
	}
	return { width: W, height: H, channels: c, data };
}

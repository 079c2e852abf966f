/**
 * Runs an image-to-image denoiser (a tfjs LayersModel) on RGBA tiles. Pure tfjs, no DOM: used by
 * the photo worker and by Node specs.
 *
 * Conventions read from the model, overridable by `userDefinedMetadata` in its model.json
 * ({ residual?: boolean, sigmaInput?: boolean, range?: 1 | 255 }):
 *  - input channels 1 or 3 → grey or colour blind denoiser; 2 or 4 → the last channel is a
 *    constant noise-level map σ/255 (FFDNet-style σ conditioning); a second input of one channel
 *    is that map given separately (as src/lib/ml/models/denoiser builds it);
 *  - residual (DnCNN: the net predicts the noise, clean = x − f(x)) or direct (clean = f(x)):
 *    when not stated, a flat grey probe decides — a residual net answers ≈ 0, a direct one ≈ 0.5;
 *  - pixel range [0, 1] unless `range: 255`.
 * A grey model denoises a colour photo in an opponent colour space (a luminance and two
 * chrominance planes as a batch of three, see ml/models/denoiser/colour), which beats cleaning
 * R, G and B one by one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { RgbaImage } from '$lib/photo/image';
import { rgbaToTensor, tensorToRgba } from './stylize';
import { latentIOHandler } from '$lib/store/io-handler';
import { selfEnsemble } from '$lib/ml/models/denoiser/ensemble';
import {
	opponentPlanesToRgb,
	PLANE_NOISE,
	rgbToOpponentPlanes
} from '$lib/ml/models/denoiser/colour';

export interface DenoiserMeta {
	residual?: boolean;
	sigmaInput?: boolean;
	range?: 1 | 255;
}

export interface DenoiserInfo {
	name: string;
	/** Image channels the model sees: 1 (grey) or 3 (colour). */
	channels: 1 | 3;
	/** The model takes σ as an extra input channel; otherwise it is blind. */
	sigmaInput: boolean;
	residual: boolean;
	range: 1 | 255;
	/** The model only accepts this tile size (fixed input shape); undefined when any size works. */
	fixedTile?: number;
	params: number;
}

export interface DenoiseTileOptions {
	/** Average the 8 flips and quarter turns (ml/models/denoiser/ensemble): ~+0.2 dB, 8× slower. */
	selfEnsemble?: boolean;
}

export interface Denoiser extends DenoiserInfo {
	/** Denoises one tile; σ (0–255) is used only by σ-conditioned models. Alpha passes through. */
	run(tile: RgbaImage, sigma: number, opts?: DenoiseTileOptions): Promise<RgbaImage>;
	dispose(): void;
}

function readMeta(model: LayersModel): DenoiserMeta {
	const m = (model.getUserDefinedMetadata?.() ?? {}) as Record<string, unknown>;
	return {
		residual: typeof m.residual === 'boolean' ? m.residual : undefined,
		sigmaInput: typeof m.sigmaInput === 'boolean' ? m.sigmaInput : undefined,
		range: m.range === 255 ? 255 : m.range === 1 ? 1 : undefined
	};
}

function isGrey(tile: RgbaImage): boolean {
	const d = tile.data;
	for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 1] || d[i] !== d[i + 2]) return false;
	return true;
}

/**
 * Wraps a loaded model as a Denoiser, checking its shapes; takes ownership of `model`. `known`
 * states conventions the caller knows (it wins over the model's metadata and the probe).
 */
export async function createDenoiser(
	model: LayersModel,
	name: string,
	known: DenoiserMeta = {}
): Promise<Denoiser> {
	const shape = model.inputs[0]?.shape ?? [];
	const outShape = model.outputs[0]?.shape ?? [];
	const mapShape = model.inputs[1]?.shape;
	// Two inputs: [image, σ-map] (FFDNet-style, as src/lib/ml/models/denoiser builds it).
	const mapInput = model.inputs.length === 2 && mapShape?.length === 4 && mapShape[3] === 1;
	if (shape.length !== 4 || (model.inputs.length !== 1 && !mapInput)) {
		throw new Error(
			`${name}: expected an image input [batch, height, width, channels] (and optionally a σ-map [batch, height, width, 1]), got ${JSON.stringify(model.inputs.map((i) => i.shape))}`
		);
	}
	const inC = shape[3] ?? 0;
	if (![1, 2, 3, 4].includes(inC)) {
		throw new Error(`${name}: cannot denoise with ${inC} input channels`);
	}
	const meta = { ...readMeta(model), ...known };
	// Single input with one channel more than grey/colour: the σ-map rides as the last channel.
	const mapChannel = !mapInput && (meta.sigmaInput ?? (inC === 2 || inC === 4));
	const sigmaInput = mapInput || mapChannel;
	const channels = (mapChannel ? inC - 1 : inC) as 1 | 3;
	if (channels !== 1 && channels !== 3) {
		throw new Error(`${name}: ${inC} input channels do not fit grey or colour`);
	}
	if (outShape[3] !== channels) {
		throw new Error(`${name}: expected ${channels} output channels, got ${outShape[3]}`);
	}
	const h = shape[1];
	const w = shape[2];
	if ((h ?? w) !== (w ?? h))
		throw new Error(`${name}: fixed non-square input ${h}×${w} is not supported`);
	const fixedTile = h ?? w ?? undefined;
	const range = meta.range ?? 1;

	// σ per batch item: one value, or one per item (the opponent planes' noise differs).
	const predictOnce = (x: tf.Tensor4D, sigma: number | readonly number[]): tf.Tensor4D =>
		tf.tidy(() => {
			const [n, h, w] = x.shape;
			const perItem = typeof sigma === 'number' ? new Array<number>(n).fill(sigma) : sigma;
			const map = () =>
				tf.mul(
					tf.ones([n, h, w, 1]),
					tf.tensor4d(
						perItem.map((s) => (s / 255) * range),
						[n, 1, 1, 1]
					)
				);
			const input = mapInput ? [x, map()] : mapChannel ? tf.concat([x, map()], 3) : x;
			const y = model.predict(input) as tf.Tensor4D;
			return residual ? tf.sub(x, y) : y;
		});
	const predict = (
		x: tf.Tensor4D,
		sigma: number | readonly number[],
		opts: DenoiseTileOptions = {}
	): tf.Tensor4D =>
		opts.selfEnsemble ? selfEnsemble((t) => predictOnce(t, sigma), x) : predictOnce(x, sigma);

	let residual = meta.residual ?? false;
	if (meta.residual === undefined) {
		const side = fixedTile ?? 16;
		const probe = tf.fill([1, side, side, channels], 0.5 * range) as tf.Tensor4D;
		let meanAbs: tf.Tensor | undefined;
		try {
			meanAbs = tf.tidy(() => tf.mean(tf.abs(predict(probe, 25))));
			residual = ((await meanAbs.data())[0] ?? 0) < 0.25 * range;
		} finally {
			probe.dispose();
			meanAbs?.dispose();
		}
	}

	/** A grey model on a colour tile: it cleans the opponent planes (see denoiser/colour). */
	const runOpponent = async (
		tile: RgbaImage,
		sigma: number,
		opts: DenoiseTileOptions
	): Promise<RgbaImage> => {
		const y = tf.tidy(() => {
			const rgb = tf.expandDims(rgbaToTensor(tile), 0) as tf.Tensor4D;
			const planes = tf.mul(rgbToOpponentPlanes(rgb), range);
			const clean = predict(
				planes as tf.Tensor4D,
				PLANE_NOISE.map((k) => k * sigma),
				opts
			);
			return tf.squeeze(opponentPlanesToRgb(tf.div(clean, range) as tf.Tensor4D), [0]);
		}) as tf.Tensor3D;
		let res: RgbaImage;
		try {
			res = await tensorToRgba(y);
		} finally {
			y.dispose();
		}
		// The tile keeps its own transparency.
		for (let i = 3; i < res.data.length; i += 4) res.data[i] = tile.data[i] ?? 255;
		return res;
	};

	return {
		name,
		channels,
		sigmaInput,
		residual,
		range,
		fixedTile,
		params: model.countParams(),
		async run(tile, sigma, opts = {}) {
			const { width: tw, height: th, data } = tile;
			const n = tw * th;
			const scale = range / 255;
			if (channels === 1 && !isGrey(tile)) return runOpponent(tile, sigma, opts);
			// One image: colour for a colour model, the (equal) grey channel for a grey one.
			const x = new Float32Array(n * channels);
			for (let i = 0; i < n; i++)
				for (let c = 0; c < channels; c++) x[i * channels + c] = (data[i * 4 + c] ?? 0) * scale;
			const input = tf.tensor4d(x, [1, th, tw, channels]);
			let y: tf.Tensor4D | undefined;
			let out: Float32Array | Int32Array | Uint8Array;
			try {
				y = predict(input, sigma, opts);
				out = await y.data();
			} finally {
				// The input as well when predict throws (out of memory on a large tile).
				input.dispose();
				y?.dispose();
			}
			const res: RgbaImage = { data: new Uint8ClampedArray(data.length), width: tw, height: th };
			const back = 255 / range;
			for (let i = 0; i < n; i++) {
				for (let c = 0; c < 3; c++) {
					const v = out[i * channels + (channels === 3 ? c : 0)];
					res.data[i * 4 + c] = Math.round((v ?? 0) * back);
				}
				res.data[i * 4 + 3] = data[i * 4 + 3] ?? 255;
			}
			return res;
		},
		dispose() {
			model.dispose();
		}
	};
}

/**
 * Loads a denoiser from a URL (the Worker's `/api/weights/<name>/<version>/model.json`, or any
 * tfjs URL scheme) or from an IOHandler.
 */
export async function loadDenoiser(
	from: string | tf.io.IOHandler,
	name: string,
	onProgress?: (fraction: number) => void,
	known?: DenoiserMeta
): Promise<Denoiser> {
	const model = await loadLayersModel(from, { onProgress });
	try {
		return await createDenoiser(model, name, known);
	} catch (err) {
		model.dispose();
		throw err;
	}
}

/**
 * The person's denoising autoencoder from the model library (at `version`, a checkpoint id). It maps a
 * noisy image in [0, 1] straight to a clean one, so the probe is not asked: a Fashion-MNIST AE
 * answers a flat grey probe with dark clothes, which would read as "residual".
 */
export function loadLibraryDenoiser(
	modelId: string,
	name: string,
	version?: string
): Promise<Denoiser> {
	// The checkpoint the page listed (the cache's key), or the latest once training pruned it.
	const handler = latentIOHandler({ modelId, checkpointId: version, orLatest: true });
	return loadDenoiser(handler, name, undefined, {
		residual: false,
		sigmaInput: false,
		range: 1
	});
}

/**
 * "Train a stylizer for this style": trains a phone-sized feed-forward stylizer (Johnson et al.'s
 * perceptual loss, the recipe the shipped stylizers use) on random crops of the person's photo,
 * inside the photo worker. The run is a model in the library like any other: it checkpoints to
 * IndexedDB every half minute and when stopped, and resumes from its last checkpoint after a
 * reload with the photo and style it stored. Pure tfjs and IndexedDB, no DOM: Node specs run it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng } from 'fast-png';
import { createPatchProvider, type ByteImage } from '$lib/ml/data/patches';
import { STYLIZER_BATCH, STYLIZER_CROP, stylizerLossWeights } from '$lib/ml/models/stylizer/recipe';
import { StylizerTrainer } from '$lib/ml/models/stylizer/train';
import { trainLoop } from '$lib/ml/train/loop';
import { PhotoError } from '$lib/photo/errors';
import type { RgbaImage } from '$lib/photo/image';
import {
	isStylizerConfig,
	MAX_TRAIN_PHOTOS,
	STYLIZER_KIND,
	type StylizerConfig
} from '$lib/photo/library-models';
import {
	createModel,
	getModel,
	getStylizerInputs,
	purgeModel,
	saveStylizerInputs,
	StorageFullError,
	updateModel,
	type LatentDb,
	checkpointRun,
	resumeRun
} from '$lib/store';
import {
	fitWithin,
	rgbaToTensor,
	tensorToRgba,
	type StyleNetwork,
	type StyleNetworkKind
} from './stylize';

/** The photo is brought down to this long side before crops are cut (strokes at a useful scale). */
export const TRAIN_CONTENT_SIDE = 384;
/** The style image's long side: the scale its strokes are measured at (as in pretraining). */
export const TRAIN_STYLE_SIDE = 256;
/** Long side of the live preview of the photo through the network being trained. */
const PREVIEW_SIDE = 256;
const PREVIEW_EVERY = 25;
const THUMBNAIL_SIDE = 128;
const MIN_CROP = 32;

export type TrainStylizerRequest =
	| {
			type: 'new';
			/** The photos to learn from (1 to MAX_TRAIN_PHOTOS), any size (brought down to TRAIN_CONTENT_SIDE). */
			content: RgbaImage[];
			/** The style image, decoded. */
			style: RgbaImage;
			/** A built-in style's id, or 'own'. */
			styleId: string;
			styleName: string;
			network: StyleNetworkKind;
			steps: number;
			seed?: number;
			name: string;
			/** Tests shrink these; the app uses the recipe's. */
			crop?: number;
			batchSize?: number;
	  }
	| {
			type: 'resume';
			modelId: string;
			/** A new step target (only larger than the one it had counts). */
			steps?: number;
	  };

export interface TrainStylizerResult {
	modelId: string;
	step: number;
	steps: number;
	stopped: 'done' | 'stopped';
	losses: Record<string, number>;
	seconds: number;
}

export type TrainStylizerEvent =
	| { type: 'stylizer-model'; modelId: string; step: number; steps: number }
	| {
			type: 'stylizer-progress';
			step: number;
			total: number;
			losses: Record<string, number>;
			etaSeconds: number;
			elapsedMs: number;
	  }
	| { type: 'stylizer-preview'; step: number; image: RgbaImage }
	| { type: 'stylizer-checkpoint'; step: number; bytes: number }
	| { type: 'stylizer-storage-full'; step: number; message: string };

export interface TrainStylizerDeps {
	/** The feature network of the loss (owned by the caller's cache). */
	network(kind: StyleNetworkKind): Promise<StyleNetwork>;
	/** Aborting it stops the run gracefully: a last checkpoint, then the result. */
	signal: AbortSignal;
	emit(e: TrainStylizerEvent): void;
	/** Seconds between checkpoints (default 30). */
	checkpointSeconds?: number;
	db?: LatentDb;
}

/** RGBA → RGB bytes with the long side at most `side`. */
function toByteImage(img: RgbaImage, side: number, name: string): ByteImage {
	const t = tf.tidy(() => tf.round(tf.mul(fitWithin(rgbaToTensor(img), side), 255)));
	const [height, width] = t.shape as [number, number, number];
	const data = Uint8Array.from(t.dataSync());
	t.dispose();
	return { width, height, channels: 3, data, name };
}

function byteImageTensor(img: ByteImage): tf.Tensor3D {
	return tf.tidy(() =>
		tf.div(tf.tensor3d(img.data, [img.height, img.width, img.channels], 'float32'), 255)
	);
}

/** The crop side for a photo: the recipe's, or what fits a small photo (a multiple of 4). */
export function cropFor(img: { width: number; height: number }, wanted = STYLIZER_CROP): number {
	const fit = Math.floor(Math.min(img.width, img.height, wanted) / 4) * 4;
	if (fit < MIN_CROP) {
		throw new PhotoError(
			'too-small',
			`it needs at least ${MIN_CROP}×${MIN_CROP} pixels to learn a style from`
		);
	}
	return fit;
}

interface NewStylizer {
	config: StylizerConfig;
	photos: ByteImage[];
	style: ByteImage;
}

/** Checks a new stylizer's request and prepares its photos, style and config (nothing stored). */
function prepareModel(req: Extract<TrainStylizerRequest, { type: 'new' }>): NewStylizer {
	if (!(Number.isInteger(req.steps) && req.steps >= 1)) {
		throw new RangeError(`steps must be a positive integer, not ${req.steps}`);
	}
	if (req.content.length < 1 || req.content.length > MAX_TRAIN_PHOTOS) {
		throw new RangeError(`a stylizer learns from 1 to ${MAX_TRAIN_PHOTOS} photos`);
	}
	const photos = req.content.map((img, i) =>
		toByteImage(img, TRAIN_CONTENT_SIDE, `photo ${i + 1}`)
	);
	const style = toByteImage(req.style, TRAIN_STYLE_SIDE, req.styleName);
	const config: StylizerConfig = {
		styleId: req.styleId,
		styleName: req.styleName,
		network: req.network,
		steps: req.steps,
		seed: req.seed ?? 4,
		// One crop side for all: the smallest photo decides.
		crop: Math.min(...photos.map((p) => cropFor(p, req.crop))),
		batchSize: req.batchSize ?? STYLIZER_BATCH
	};
	return { config, photos, style };
}

/** Creates the model record and stores its photo and style; nothing is left behind on failure. */
async function createStylizer(
	name: string,
	{ config, photos, style }: NewStylizer,
	db: LatentDb | undefined
): Promise<string> {
	const record = await createModel({ name, kind: STYLIZER_KIND, config, dataset: null, db });
	try {
		await saveStylizerInputs({ modelId: record.id, photos, style });
	} catch (err) {
		await purgeModel(record.id, { db });
		throw err;
	}
	return record.id;
}

/** Trains (or resumes) a stylizer until its step target or until `signal` asks it to stop. */
export async function trainStylizer(
	req: TrainStylizerRequest,
	deps: TrainStylizerDeps
): Promise<TrainStylizerResult> {
	const t0 = performance.now();
	const { db, emit, signal } = deps;
	let modelId: string;
	let config: StylizerConfig;
	let photos: ByteImage[];
	let style: ByteImage;
	let network: StyleNetwork;
	if (req.type === 'new') {
		const prepared = prepareModel(req);
		({ config, photos, style } = prepared);
		// The loss network before the record: a VGG that fails to load leaves no empty stylizer.
		network = await deps.network(config.network);
		modelId = await createStylizer(req.name, prepared, db);
	} else {
		modelId = req.modelId;
		const record = await getModel(modelId, { db });
		if (!record || record.deletedAt !== undefined) {
			throw new Error('That stylizer is no longer in your models.');
		}
		if (record.kind !== STYLIZER_KIND || !isStylizerConfig(record.config)) {
			throw new Error(`"${record.name}" is not a stylizer trained in this app.`);
		}
		const inputs = await getStylizerInputs(modelId);
		if (!inputs) {
			throw new Error(
				`"${record.name}" came without its training photo (shared or imported), so it can be used but not trained further here.`
			);
		}
		config = { ...record.config, steps: Math.max(record.config.steps, req.steps ?? 0) };
		// A larger target is kept, so a reload during the extra steps can still resume them.
		if (config.steps !== record.config.steps) await updateModel(modelId, { config }, { db });
		({ photos, style } = inputs);
		network = await deps.network(config.network);
	}

	const styleTensor = byteImageTensor(style);
	// The first training photo, small, shown through the network as it learns.
	const preview = tf.tidy(() => fitWithin(byteImageTensor(photos[0]!), PREVIEW_SIDE));
	// Stopping is the caller's signal; a full disk stops the run from inside.
	const stop = new AbortController();
	const onAbort = () => stop.abort();
	signal.addEventListener('abort', onAbort, { once: true });
	if (signal.aborted) stop.abort();
	let trainer: StylizerTrainer | undefined;
	let data: ReturnType<typeof createPatchProvider> | undefined;
	let thumbnail: Uint8Array | undefined;
	let checkpointed = false;
	try {
		trainer = new StylizerTrainer({
			size: 'phone',
			seed: config.seed,
			features: network.model,
			contentLayer: network.contentLayer,
			styleLayers: network.styleLayers,
			style: styleTensor,
			...stylizerLossWeights(network.weights, network.kind === 'random')
		});
		data = createPatchProvider({
			images: photos,
			patchSize: config.crop,
			seed: config.seed,
			epochSize: 256
		});
		return await trainWith(trainer, data);
	} catch (err) {
		// A new stylizer that failed before its first checkpoint is no model the user can use.
		if (req.type === 'new' && !checkpointed) await purgeModel(modelId, { db }).catch(() => {});
		throw err;
	} finally {
		signal.removeEventListener('abort', onAbort);
		trainer?.dispose();
		data?.dispose();
		tf.dispose([styleTensor, preview]);
	}

	/** The run itself, once the network and the crops exist. */
	async function trainWith(
		trainer: StylizerTrainer,
		data: ReturnType<typeof createPatchProvider>
	): Promise<TrainStylizerResult> {
		const { step: startStep, history } = await resumeRun(modelId, trainer, data, { db });
		emit({ type: 'stylizer-model', modelId, step: startStep, steps: config.steps });
		let lastSaved = startStep;
		let storageFull = false;
		const checkpoint = async (step: number, losses: Record<string, number>) => {
			// After a full disk the stop's own save would fail (and report) a second time.
			if (step === lastSaved || storageFull) return;
			try {
				const record = await checkpointRun({
					modelId,
					trainer,
					data,
					step,
					seed: config.seed,
					history,
					losses,
					thumbnail,
					db
				});
				lastSaved = step;
				checkpointed = true;
				emit({ type: 'stylizer-checkpoint', step, bytes: record.byteLength });
			} catch (err) {
				if (!(err instanceof StorageFullError)) throw err;
				// Nothing was written: the previous checkpoint stands. Stop rather than train on unsaved.
				storageFull = true;
				emit({ type: 'stylizer-storage-full', step, message: err.message });
				stop.abort();
			}
		};
		const showPreview = async (step: number) => {
			const out = tf.tidy(() => {
				const [h, w] = preview.shape;
				const y = trainer.model.predict(
					tf.expandDims(tf.slice(preview, [0, 0, 0], [h - (h % 4), w - (w % 4), 3]), 0)
				) as tf.Tensor4D;
				return tf.clipByValue(tf.squeeze(y, [0]), 0, 1) as tf.Tensor3D;
			});
			const small = tf.tidy(() => fitWithin(out, THUMBNAIL_SIDE));
			const [image, thumb] = await Promise.all([tensorToRgba(out), tensorToRgba(small)]);
			tf.dispose([out, small]);
			// The library's (and a share's) thumbnail: small, well under the share limit.
			thumbnail = encodePng({
				width: thumb.width,
				height: thumb.height,
				data: new Uint8Array(thumb.data.buffer),
				channels: 4,
				depth: 8
			});
			emit({ type: 'stylizer-preview', step, image });
		};
		await showPreview(startStep);
		const loopStart = performance.now();
		const result = await trainLoop({
			trainer,
			data,
			batchSize: config.batchSize,
			totalSteps: config.steps,
			startStep,
			signal: stop.signal,
			readEvery: 1,
			sampleEvery: PREVIEW_EVERY,
			onSample: showPreview,
			checkpointSeconds: deps.checkpointSeconds ?? 30,
			onCheckpoint: checkpoint,
			onProgress: (p) => {
				history.steps.push(p.step);
				for (const [k, v] of Object.entries(p.losses)) (history.series[k] ??= []).push(v);
				emit({
					type: 'stylizer-progress',
					step: p.step,
					total: p.totalSteps,
					losses: p.losses,
					etaSeconds: p.etaSeconds,
					elapsedMs: performance.now() - loopStart
				});
			}
		});
		// The loop checkpoints when it completes; a stop is saved here so no step is lost.
		if (result.stopped === 'aborted' && result.step > lastSaved) {
			await checkpoint(result.step, result.lastLosses);
		}
		return {
			modelId,
			step: result.step,
			steps: config.steps,
			stopped: result.stopped === 'done' ? 'done' : 'stopped',
			losses: result.lastLosses,
			seconds: (performance.now() - t0) / 1000
		};
	}
}

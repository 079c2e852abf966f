/**
 * The /uses page's computations (few-label classification, find-similar, compression), free of
 * Worker globals so Node tests run them too. The autoencoder and the image codecs are passed in:
 * the worker loads the shipped weights over HTTP and encodes JPEG/WebP with OffscreenCanvas.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GridImages } from '$lib/components/grid-images';
import type { ImageSet } from '$lib/ml/data/fashion-mnist';
import { nmi } from '$lib/ml/metrics';
import { psnr, ssim } from '$lib/ml/metrics/image';
import { ConvAutoencoderTrainer } from '$lib/ml/models/conv-autoencoder/train';
import { createRng } from '$lib/ml/random';
import {
	compressWithAutoencoder,
	fitCodeRange,
	matchQualityToBytes
} from '$lib/ml/representations/compress';
import { arraySource, byteSource, encodeAll, subsetSource } from '$lib/ml/representations/fewshot';
import {
	prepareFewLabel,
	prepareManifold,
	runFewLabelSubset,
	type ManifoldFeatures
} from '$lib/ml/representations/experiment';
import {
	buildExactIndex,
	buildIvfIndex,
	searchExact,
	searchIvf,
	type ExactIndex,
	type IvfIndex
} from '$lib/ml/representations/search';
import { progressEvent, toGrid, toUnit, type Emit } from './jobs';
import { userDatasetId } from '$lib/store/datasets';
import type { LabelledSet } from './labelled-set';
import type {
	CodecResult,
	CompressRequest,
	CompressResult,
	FewLabelPoint,
	FewLabelRequest,
	FewLabelResult,
	SimilarIndexRequest,
	SimilarIndexResult,
	SimilarQueryResult
} from './protocol';

const PX = 784;
const SIDE = 28;
/** Unlabelled training images the PCA, the standardisers and the code ranges are fitted on. */
const REFERENCE_ROWS = 5000;

/** An autoencoder as the page uses it: image → code → image. */
export interface Autoencoder {
	encoder: LayersModel;
	decoder: LayersModel;
	codeSize: number;
	/** Releases the weights. */
	dispose(): void;
}

const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/** Trains the default conv AE (latent 32) for `steps` Adam steps on random training batches. */
export async function trainQuickAutoencoder(
	train: ImageSet,
	opts: { steps: number; seed: number; batchSize?: number },
	emit: Emit,
	signal?: AbortSignal
): Promise<Autoencoder> {
	const t0 = performance.now();
	const batch = opts.batchSize ?? 64;
	const trainer = new ConvAutoencoderTrainer({ latentSize: 32, seed: opts.seed });
	const rng = createRng(opts.seed + 17);
	const pixels = byteSource(train.images, PX);
	try {
		emit({ type: 'status', status: 'training-ae' });
		for (let step = 1; step <= opts.steps; step++) {
			signal?.throwIfAborted();
			const idx = Array.from({ length: batch }, () => rng.int(train.count));
			const x = tf.tensor4d(pixels.rows(idx), [batch, SIDE, SIDE, 1]);
			const { loss } = trainer.step({ x });
			x.dispose();
			if (step % 10 === 0 || step === opts.steps) {
				const value = (await loss!.data())[0];
				emit(progressEvent(step, opts.steps, t0, value));
				await pause();
			}
			loss?.dispose();
		}
	} catch (err) {
		trainer.dispose();
		throw err;
	}
	// The optimiser's slots are no longer needed; the model lives on in the returned handle.
	trainer.optimizers().autoencoder?.dispose();
	return {
		encoder: trainer.model.encoder,
		decoder: trainer.model.decoder,
		codeSize: 32,
		dispose: () => trainer.model.autoencoder.dispose()
	};
}

/** The first `n` training rows as floats: the unlabelled reference sample. */
function reference(train: ImageSet): Float32Array {
	return toUnit(train.images.subarray(0, Math.min(train.count, REFERENCE_ROWS) * PX));
}

/**
 * Few-label classification: for every labels-per-class budget, a linear probe on raw pixels, on
 * PCA components and on the frozen encoder's codes, then (optionally) the fine-tuned encoder.
 * Streams each accuracy as a `point` event as soon as it is measured. On a user's set every
 * held-out image is scored (`testCount` is for Fashion-MNIST's 10,000).
 */
export async function runFewLabel(
	{ train, test, classes }: LabelledSet,
	ae: Autoencoder,
	req: FewLabelRequest,
	emit: Emit,
	signal?: AbortSignal
): Promise<FewLabelResult> {
	const t0 = performance.now();
	emit({ type: 'status', status: 'running' });
	const budgets = [...new Set(req.perClass)].sort((a, b) => (a || Infinity) - (b || Infinity));
	const finite = budgets.filter((b) => b > 0);
	const withMap = req.manifold && finite.length > 0;
	// 3 set-up stages, the UMAP map (when asked for) worth 10 as it is the slowest stage, then per
	// budget 3 probes (4 with the map's) and a fine-tune worth 4.
	const MAP_WEIGHT = 10;
	const probes = (b: number) => 3 + (withMap && b > 0 ? 1 : 0);
	const total =
		3 +
		(withMap ? MAP_WEIGHT : 0) +
		budgets.reduce((s, b) => s + probes(b) + (req.fineTune ? 4 : 0), 0);
	let done = 0;
	const tick = async () => {
		done++;
		emit(progressEvent(done, total, t0));
		await pause();
	};

	const nTest = userDatasetId(req.dataset) ? test.count : Math.min(test.count, req.testCount);
	const prep = await prepareFewLabel(
		{
			pixels: byteSource(train.images, PX),
			trainLabels: train.labels,
			classes,
			testPixels: byteSource(test.images.subarray(0, nTest * PX), PX),
			testLabels: test.labels.subarray(0, nTest),
			reference: reference(train),
			encoder: ae.encoder,
			codeSize: ae.codeSize,
			pcaComponents: Math.min(req.pcaComponents, PX),
			signal
		},
		tick
	);
	let manifold: ManifoldFeatures | undefined;
	if (withMap) {
		emit({ type: 'status', status: 'mapping' });
		const before = done;
		manifold = await prepareManifold(prep, {
			seed: req.seed,
			maxPerClass: Math.max(...finite),
			referenceRows: req.manifoldRows,
			onProgress: (e, epochs) => emit(progressEvent(before + (MAP_WEIGHT * e) / epochs, total, t0))
		});
		done = before + MAP_WEIGHT;
		emit({ type: 'status', status: 'running' });
	}

	const points: FewLabelPoint[] = [];
	for (const perClass of budgets) {
		await runFewLabelSubset(
			prep,
			{
				perClass,
				seed: req.seed,
				fineTune: req.fineTune,
				manifold,
				probeSteps: req.probeSteps,
				fineTuneSteps: req.fineTuneSteps,
				onStep: pause
			},
			async (method, accuracy, labels) => {
				if (method === 'finetuned') done += 3;
				const point = { method, perClass, labels, accuracy };
				points.push(point);
				emit({ type: 'point', point });
				await tick();
			}
		);
	}
	return {
		points,
		codeSize: ae.codeSize,
		classes,
		trainCount: train.count,
		testCount: nTest,
		seconds: (performance.now() - t0) / 1000
	};
}

/** What the find-similar queries search: codes (IVF) and pixels (exact), plus the gallery. */
export interface SimilarState {
	ivf: IvfIndex;
	pixels: ExactIndex;
	train: ImageSet;
	n: number;
	/** Gallery test images (bytes) and their codes. */
	galleryBytes: Uint8Array;
	galleryLabels: Uint8Array;
	galleryCodes: Float32Array;
	codeSize: number;
}

const GALLERY = 24;

function bytesGrid(bytes: Uint8Array, rows: readonly number[], columns: number): GridImages {
	const data = new Uint8ClampedArray(rows.length * PX);
	rows.forEach((r, i) => data.set(bytes.subarray(r * PX, (r + 1) * PX), i * PX));
	return { data, count: rows.length, height: SIDE, width: SIDE, channels: 1, columns };
}

/** Encodes `subset` training images, clusters the codes (the IVF lists) and indexes the pixels. */
export async function runSimilarIndex(
	train: ImageSet,
	test: ImageSet,
	ae: Autoencoder,
	req: SimilarIndexRequest,
	emit: Emit,
	signal?: AbortSignal
): Promise<{ result: SimilarIndexResult; state: SimilarState }> {
	const t0 = performance.now();
	emit({ type: 'status', status: 'running' });
	const n = Math.max(req.clusters, Math.min(train.count, req.subset));
	const pixels = byteSource(train.images.subarray(0, n * PX), PX);
	const parts: Float32Array[] = [];
	const chunk = 2000;
	for (let start = 0; start < n; start += chunk) {
		signal?.throwIfAborted();
		const m = Math.min(chunk, n - start);
		parts.push(
			encodeAll(
				ae.encoder,
				subsetSource(
					pixels,
					Array.from({ length: m }, (_, i) => start + i)
				)
			)
		);
		emit(progressEvent(start + m, n + n / 4, t0));
		await pause();
	}
	const codes = new Float32Array(n * ae.codeSize);
	parts.reduce((off, p) => (codes.set(p, off), off + p.length), 0);
	const ivf = buildIvfIndex(codes, ae.codeSize, {
		nlist: req.clusters,
		metric: req.metric,
		seed: req.seed,
		signal
	});
	const pixelIndex = buildExactIndex(train.images.subarray(0, n * PX), PX, {
		metric: req.metric,
		scale: 1 / 255
	});
	const galleryBytes = test.images.slice(0, GALLERY * PX);
	const galleryCodes = encodeAll(ae.encoder, byteSource(galleryBytes, PX));
	// Cluster portraits: the members nearest each centroid.
	const shown = 8;
	const rows: number[] = [];
	const clusterLabels: { label: number; share: number }[] = [];
	for (let c = 0; c < req.clusters; c++) {
		const list = ivf.lists[c] ?? new Int32Array(0);
		const centroid = ivf.centroids.subarray(c * ae.codeSize, (c + 1) * ae.codeSize);
		const near = searchExact(ivf.exact, centroid, shown, { rows: list });
		for (let i = 0; i < shown; i++) rows.push(near[i]?.index ?? -1);
		const counts = new Array<number>(10).fill(0);
		for (const i of list) counts[train.labels[i] ?? 0]!++;
		const best = counts.indexOf(Math.max(...counts));
		clusterLabels.push({ label: best, share: list.length ? (counts[best] ?? 0) / list.length : 0 });
	}
	const grid = bytesGrid(
		train.images,
		rows.map((r) => Math.max(0, r)),
		shown
	);
	// Clusters with fewer than 8 members: blank the missing cells.
	rows.forEach((r, i) => r < 0 && grid.data.fill(0, i * PX, (i + 1) * PX));
	emit(progressEvent(1, 1, t0));
	return {
		result: {
			gallery: bytesGrid(
				galleryBytes,
				Array.from({ length: GALLERY }, (_, i) => i),
				12
			),
			clusterGrid: grid,
			clusterSizes: ivf.lists.map((l) => l.length),
			clusterLabels,
			nmi: nmi(train.labels.subarray(0, n), ivf.assignment),
			indexed: n,
			codeSize: ae.codeSize,
			seconds: (performance.now() - t0) / 1000
		},
		state: {
			ivf,
			pixels: pixelIndex,
			train,
			n,
			galleryBytes,
			galleryLabels: test.labels.slice(0, GALLERY),
			galleryCodes,
			codeSize: ae.codeSize
		}
	};
}

/** The k nearest training images of gallery image `query`, in code space and in pixel space. */
export function runSimilarQuery(
	state: SimilarState,
	opts: { query: number; k: number; nprobe: number }
): SimilarQueryResult {
	const q = Math.max(0, Math.min(GALLERY - 1, Math.round(opts.query)));
	const k = Math.max(1, Math.min(32, Math.round(opts.k)));
	const code = state.galleryCodes.subarray(q * state.codeSize, (q + 1) * state.codeSize);
	let t = performance.now();
	const latent = searchIvf(state.ivf, code, k, { nprobe: opts.nprobe });
	const latentMs = performance.now() - t;
	const queryPixels = toUnit(state.galleryBytes.subarray(q * PX, (q + 1) * PX));
	t = performance.now();
	const pixel = searchExact(state.pixels, queryPixels, k);
	const pixelMs = performance.now() - t;
	const latentIdx = latent.neighbours.map((nb) => nb.index);
	const pixelIdx = pixel.map((nb) => nb.index);
	const columns = Math.min(k, 8);
	return {
		query: bytesGrid(state.galleryBytes, [q], 1),
		queryLabel: state.galleryLabels[q] ?? 0,
		latent: bytesGrid(state.train.images, latentIdx, columns),
		latentLabels: latentIdx.map((i) => state.train.labels[i] ?? 0),
		pixel: bytesGrid(state.train.images, pixelIdx, columns),
		pixelLabels: pixelIdx.map((i) => state.train.labels[i] ?? 0),
		latentMs,
		pixelMs,
		scanned: latent.scanned,
		indexed: state.n
	};
}

/** A lossy image codec for one 28×28 grey image (bytes 0..255). */
export interface Codec {
	name: string;
	encode(pixels: Uint8Array, quality: number): Promise<Uint8Array>;
	decode(bytes: Uint8Array): Promise<Uint8Array>;
}

function quality(original: Float32Array, decoded: Float32Array): { psnr: number; ssim: number } {
	const a = tf.tensor4d(original, [1, SIDE, SIDE, 1]);
	const b = tf.tensor4d(decoded, [1, SIDE, SIDE, 1]);
	try {
		return { psnr: psnr(a, b), ssim: ssim(a, b) };
	} finally {
		tf.dispose([a, b]);
	}
}

/**
 * Compresses one test image with the AE (code quantised to `bits` bits per coordinate, ranges
 * calibrated on unlabelled training codes) and with each codec at the quality whose size comes
 * closest to the AE's bytes without exceeding them.
 */
export async function runCompress(
	train: ImageSet,
	test: ImageSet,
	ae: Autoencoder,
	codecs: Codec[],
	req: CompressRequest,
	emit: Emit
): Promise<CompressResult> {
	const t0 = performance.now();
	emit({ type: 'status', status: 'running' });
	const idx = Math.max(0, Math.min(test.count - 1, Math.round(req.image)));
	const bits = Math.max(1, Math.min(16, Math.round(req.bits)));
	const calib = encodeAll(ae.encoder, arraySource(reference(train).subarray(0, 2000 * PX), PX));
	const range = fitCodeRange(calib, ae.codeSize, { bits });
	const sampleN = Math.min(500, test.count);
	const sample = toUnit(test.images.subarray(0, sampleN * PX));
	const all = compressWithAutoencoder({ ...ae, images: sample, range });
	const meanPsnr = tf.tidy(() => {
		const a = tf.tensor4d(sample, [sampleN, SIDE, SIDE, 1]);
		const b = tf.tensor4d(all.reconstruction, [sampleN, SIDE, SIDE, 1]);
		return tf.mean(
			tf.mul(10, tf.div(tf.log(tf.div(1, tf.mean(tf.square(tf.sub(a, b)), [1, 2, 3]))), Math.LN10))
		);
	});
	const aeMeanPsnr = (await meanPsnr.data())[0] ?? NaN;
	meanPsnr.dispose();
	emit(progressEvent(1, 1 + codecs.length, t0));

	const bytes = test.images.slice(idx * PX, (idx + 1) * PX);
	const original = toUnit(bytes);
	const one = compressWithAutoencoder({ ...ae, images: original, range });
	const results: CodecResult[] = [
		{
			name: 'autoencoder',
			bytes: one.bytesPerImage,
			...quality(original, one.reconstruction),
			image: toGrid(one.reconstruction, 1, SIDE, 1)
		}
	];
	let note: string | undefined;
	for (const [i, codec] of codecs.entries()) {
		try {
			const size = async (q: number) => (await codec.encode(bytes, q)).length;
			const match = await matchQualityToBytes(size, one.bytesPerImage, { steps: 7 });
			const encoded = await codec.encode(bytes, match.quality);
			const decoded = toUnit(await codec.decode(encoded));
			results.push({
				name: codec.name,
				bytes: encoded.length,
				quality: match.quality,
				overBudget: encoded.length > one.bytesPerImage,
				...quality(original, decoded),
				image: toGrid(decoded, 1, SIDE, 1)
			});
		} catch (err) {
			note = `${codec.name}: ${err instanceof Error ? err.message : String(err)}`;
		}
		emit(progressEvent(2 + i, 1 + codecs.length, t0));
	}
	return {
		original: toGrid(original, 1, SIDE, 1),
		rawBytes: PX,
		results,
		aeMeanPsnr,
		note
	};
}

/**
 * Splits a loaded autoencoder into the handle the jobs use: the shipped conv AE and the lab's conv
 * AEs (nested `conv_ae_encoder` / `conv_ae_decoder` models), or the lab's dense and stacked AEs
 * (nested `…-encoder` / `…-decoder` models).
 */
export function splitAutoencoder(model: LayersModel): Autoencoder {
	const nested = (part: 'encoder' | 'decoder') =>
		model.layers.find((l) => l.name === `conv_ae_${part}` || l.name.endsWith(`-${part}`)) as
			LayersModel | undefined;
	const encoder = nested('encoder');
	const decoder = nested('decoder');
	const codeSize = encoder?.outputs[0]?.shape[1];
	if (!encoder || !decoder || typeof codeSize !== 'number') {
		throw new Error(
			'This model is not a conv autoencoder or a dense one with an encoder and a decoder.'
		);
	}
	return { encoder, decoder, codeSize, dispose: () => model.dispose() };
}

/**
 * A VAE as the jobs' autoencoder: the code is the encoder's mean μ (a view sharing the encoder's
 * layers, so fine-tuning trains them), decoded by the VAE's decoder.
 */
export function vaeAutoencoder(encoder: LayersModel, decoder: LayersModel): Autoencoder {
	const mu = encoder.outputs[0];
	const codeSize = mu?.shape[1];
	if (!mu || encoder.outputs.length !== 2 || typeof codeSize !== 'number') {
		throw new Error('This model is not a VAE encoder giving [μ, log σ²].');
	}
	return {
		encoder: tfl.model({ inputs: encoder.inputs, outputs: mu }),
		decoder,
		codeSize,
		dispose: () => {
			encoder.dispose();
			decoder.dispose();
		}
	};
}

/**
 * The Explore lab's computations, free of Worker globals so they run in Node tests too:
 * K-Means, PCA and reconstruction-based anomaly detection (the manifold view is in manifold.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GridImages } from '$lib/components/grid-images';
import type { ImageSet } from '$lib/ml/data/fashion-mnist';
import { ari, clusteringAccuracy, nmi } from '$lib/ml/metrics';
import {
	evaluateHeldOutClass,
	reconstructionScores,
	splitByClass
} from '$lib/ml/models/anomaly/score';
import { buildDenseAutoencoder } from '$lib/ml/models/autoencoder/model';
import { createAutoencoderTrainer, reconstruct } from '$lib/ml/models/autoencoder/train';
import { clusterOnManifold } from '$lib/ml/models/kmeans/manifold';
import { clusterMeans, fitKMeans, fitMiniBatchKMeans } from '$lib/ml/models/kmeans/model';
import { arraySource, encodeAll } from '$lib/ml/representations/fewshot';
import {
	cumulativeExplainedVariance,
	fitPca,
	pcaReconstructionError,
	projectPca,
	reconstructPca,
	type PcaModel
} from '$lib/ml/models/pca/model';
import { createRng } from '$lib/ml/random';
import { N2D_MAX_IMAGES } from './protocol';
import type {
	AnomalyRequest,
	AnomalyResult,
	ExploreEvent,
	KMeansRequest,
	KMeansResult,
	PcaFitResult,
	PcaReconstructResult,
	PcaRequest
} from './protocol';

export type Emit = (e: ExploreEvent) => void;

/** Bytes 0..255 → floats 0..1. */
export function toUnit(bytes: Uint8Array): Float32Array {
	const out = new Float32Array(bytes.length);
	for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] ?? 0) / 255;
	return out;
}

/** Floats (clamped to 0..1) of `count` square side×side images → a drawable grid. */
export function toGrid(
	values: Float32Array,
	count: number,
	side: number,
	columns: number
): GridImages {
	const data = new Uint8ClampedArray(count * side * side);
	for (let i = 0; i < data.length; i++) data[i] = Math.round((values[i] ?? 0) * 255);
	return { data, count, height: side, width: side, channels: 1, columns };
}

/** A progress event with an ETA from the time spent so far. */
export function progressEvent(
	done: number,
	total: number,
	startMs: number,
	loss?: number
): ExploreEvent {
	const elapsed = (performance.now() - startMs) / 1000;
	const etaSeconds = done > 0 ? (elapsed / done) * (total - done) : Number.POSITIVE_INFINITY;
	return { type: 'progress', done, total, etaSeconds, loss };
}

function gatherRows(rows: Uint8Array, rowLength: number, idx: ArrayLike<number>): Uint8Array {
	const out = new Uint8Array(idx.length * rowLength);
	for (let i = 0; i < idx.length; i++) {
		const r = idx[i] ?? 0;
		out.set(rows.subarray(r * rowLength, (r + 1) * rowLength), i * rowLength);
	}
	return out;
}

/**
 * K-Means on the first `subset` training images, scored against the labels: mini-batch on the
 * pixels, or (given the encoder) Lloyd's on the AE codes or in their UMAP embedding (N2D).
 */
export async function runKMeans(
	train: ImageSet,
	req: KMeansRequest,
	emit: Emit,
	signal?: AbortSignal,
	encoder?: LayersModel
): Promise<KMeansResult> {
	const t0 = performance.now();
	const features = req.features ?? 'pixels';
	const cap = features === 'n2d' ? N2D_MAX_IMAGES : train.count;
	const n = Math.max(req.k, Math.min(train.count, cap, req.subset));
	const px = train.rows * train.cols;
	const points = toUnit(train.images.subarray(0, n * px));
	emit({ type: 'status', status: 'running' });
	let labels: Int32Array;
	let inertia: number;
	let centroids: Float32Array;
	if (features === 'pixels' || !encoder) {
		const nInit = 3;
		const total = nInit * req.steps;
		const model = fitMiniBatchKMeans(points, px, {
			k: req.k,
			seed: req.seed,
			nInit,
			steps: req.steps,
			batchSize: Math.min(req.batchSize, n),
			signal,
			onIteration: ({ run, iteration }) => {
				const done = run * req.steps + iteration;
				if (done % 5 === 0 || done === total) emit(progressEvent(done, total, t0));
			}
		});
		({ labels, inertia, centroids } = model);
	} else {
		const codes = encodeAll(encoder, arraySource(points, px));
		const dims = codes.length / n;
		if (features === 'codes') {
			const model = fitKMeans(codes, dims, { k: req.k, seed: req.seed, nInit: 3, signal });
			({ labels, inertia } = model);
		} else {
			const r = await clusterOnManifold(codes, dims, {
				k: req.k,
				seed: req.seed,
				signal,
				onProgress: (done, total) => emit(progressEvent(done, total, t0))
			});
			({ labels } = r);
			inertia = r.kmeans.inertia;
		}
		centroids = clusterMeans(points, px, labels, req.k);
	}
	const truth = train.labels.subarray(0, n);
	return {
		centroids: toGrid(centroids, req.k, train.rows, Math.min(10, req.k)),
		nmi: nmi(truth, labels),
		ari: ari(truth, labels),
		accuracy: clusteringAccuracy(truth, labels),
		inertia,
		seconds: (performance.now() - t0) / 1000
	};
}

/** A fitted PCA and the test rows its reconstructions are shown for. */
export interface PcaState {
	model: PcaModel;
	/** The 8 shown test images, 0..1. */
	shown: Float32Array;
	/** The test rows the MSE is measured on, 0..1. */
	evalRows: Float32Array;
	side: number;
}

const SHOWN = 8;

/** Fits PCA on `subset` training images; returns the curve, a 2-D test scatter and the state. */
export function runPcaFit(
	train: ImageSet,
	test: ImageSet,
	req: PcaRequest,
	emit: Emit,
	signal?: AbortSignal
): { result: PcaFitResult; state: PcaState } {
	const t0 = performance.now();
	const px = train.rows * train.cols;
	const n = Math.max(2, Math.min(train.count, req.subset));
	emit({ type: 'status', status: 'running' });
	const model = fitPca(toUnit(train.images.subarray(0, n * px)), px, {
		maxComponents: Math.min(px, 256),
		signal
	});
	const m = Math.min(test.count, req.scatterPoints);
	const images = test.images.slice(0, m * px);
	const coords = tf.tidy(() => projectPca(model, tf.tensor2d(toUnit(images), [m, px]), 2));
	const xy = coords.dataSync() as Float32Array;
	coords.dispose();
	const shown = toUnit(test.images.subarray(0, SHOWN * px));
	const evalCount = Math.min(test.count, 1000);
	const state: PcaState = {
		model,
		shown,
		evalRows: toUnit(test.images.subarray(0, evalCount * px)),
		side: train.rows
	};
	return {
		result: {
			cumulative: Array.from(cumulativeExplainedVariance(model)).slice(0, model.nComponents),
			xy: Float32Array.from(xy),
			labels: test.labels.slice(0, m),
			images,
			originals: toGrid(shown, SHOWN, train.rows, SHOWN),
			maxK: model.nComponents,
			seconds: (performance.now() - t0) / 1000
		},
		state
	};
}

/** The shown images rebuilt from k components, and the test MSE at k. */
export function runPcaReconstruct(state: PcaState, k: number): PcaReconstructResult {
	const { model, side } = state;
	const kk = Math.max(0, Math.min(model.nComponents, Math.round(k)));
	const px = model.dims;
	const rec = tf.tidy(() => {
		const x = tf.tensor2d(state.shown, [SHOWN, px]);
		return reconstructPca(model, projectPca(model, x, kk), kk);
	});
	const values = rec.dataSync() as Float32Array;
	rec.dispose();
	const evalT = tf.tensor2d(state.evalRows, [state.evalRows.length / px, px]);
	const mse = pcaReconstructionError(model, evalT, kk);
	evalT.dispose();
	return { k: kk, grid: toGrid(values, SHOWN, side, SHOWN), mse };
}

/** Trains a dense AE on every class but one, then scores test images by reconstruction error. */
export async function runAnomaly(
	train: ImageSet,
	test: ImageSet,
	req: AnomalyRequest,
	emit: Emit,
	signal?: AbortSignal
): Promise<AnomalyResult> {
	const t0 = performance.now();
	const px = train.rows * train.cols;
	const { normal } = splitByClass(train.images, train.labels, px, req.anomalyClass);
	const nNormal = normal.labels.length;
	const rng = createRng(req.seed);
	const ae = buildDenseAutoencoder({
		inputSize: px,
		hidden: [128],
		latentSize: 16,
		seed: req.seed
	});
	const trainer = createAutoencoderTrainer(ae, { seed: req.seed, loss: 'bce', learningRate: 2e-3 });
	try {
		emit({ type: 'status', status: 'running' });
		for (let step = 1; step <= req.steps; step++) {
			signal?.throwIfAborted();
			const idx = Array.from({ length: req.batchSize }, () => rng.int(nNormal));
			const x = tf.tensor4d(toUnit(gatherRows(normal.rows, px, idx)), [
				req.batchSize,
				train.rows,
				train.cols,
				1
			]);
			const losses = trainer.step({ x });
			x.dispose();
			const report = step % 10 === 0 || step === req.steps;
			if (report) {
				const loss = (await losses.loss!.data())[0];
				emit(progressEvent(step, req.steps, t0, loss));
				// Let cancel messages in.
				await new Promise((r) => setTimeout(r, 0));
			}
			for (const l of Object.values(losses)) l.dispose();
		}
		emit({ type: 'status', status: 'scoring' });
		const m = Math.min(test.count, req.testCount);
		const rows = toUnit(test.images.subarray(0, m * px));
		const labels = test.labels.subarray(0, m);
		const scores = reconstructionScores((x) => reconstruct(ae, x), rows, px);
		const ev = evaluateHeldOutClass(scores, labels, req.anomalyClass);
		const order = Array.from({ length: m }, (_, i) => i).sort(
			(a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)
		);
		const topIdx = order.slice(0, 8);
		return {
			auc: ev.auc,
			...thinCurve(ev.roc.fpr, ev.roc.tpr, 400),
			meanNormal: ev.meanNormal,
			meanAnomaly: ev.meanAnomaly,
			top: toGrid(
				toUnit(gatherRows(test.images.subarray(0, m * px), px, topIdx)),
				8,
				train.rows,
				8
			),
			topLabels: topIdx.map((i) => labels[i] ?? 0),
			seconds: (performance.now() - t0) / 1000
		};
	} finally {
		trainer.dispose();
	}
}

/** Keeps at most ~`max` points of a curve (first and last always), for cheap drawing. */
export function thinCurve(x: number[], y: number[], max: number): { fpr: number[]; tpr: number[] } {
	if (x.length <= max) return { fpr: x, tpr: y };
	const stride = Math.ceil(x.length / max);
	const fpr: number[] = [];
	const tpr: number[] = [];
	for (let i = 0; i < x.length; i += stride) {
		fpr.push(x[i] ?? 0);
		tpr.push(y[i] ?? 0);
	}
	if (fpr[fpr.length - 1] !== x[x.length - 1]) {
		fpr.push(x[x.length - 1] ?? 1);
		tpr.push(y[y.length - 1] ?? 1);
	}
	return { fpr, tpr };
}

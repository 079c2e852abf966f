/**
 * The message protocol between the Explore page and its worker (K-Means, PCA, anomaly detection,
 * manifold embeddings). Same shape as the compute worker's: calls with ids, streamed events,
 * cancellation. Everything here is structured-clone safe.
 */
import type { GridImages } from '$lib/components/grid-images';
import type { BackendInfo, BackendName } from '$lib/ml/backend';
import type { Toy3dKind } from '$lib/ml/data/toy3d';

export interface KMeansRequest {
	/** Training images used (first n of the 60 000). */
	subset: number;
	k: number;
	seed: number;
	/** Mini-batch steps per run. */
	steps: number;
	batchSize: number;
}

export interface KMeansResult {
	centroids: GridImages;
	nmi: number;
	ari: number;
	accuracy: number;
	inertia: number;
	seconds: number;
}

export interface PcaRequest {
	subset: number;
	/** Points drawn in the 2-D projection scatter (from the test set). */
	scatterPoints: number;
}

export interface PcaFitResult {
	/** Cumulative explained-variance ratio; entry i is for i + 1 components. */
	cumulative: number[];
	/** 2-D coordinates (x, y interleaved) of the scatter points. */
	xy: Float32Array;
	labels: Uint8Array;
	/** The scatter points' images, for the hover preview. */
	images: Uint8Array;
	/** The 8 test images the reconstructions are of. */
	originals: GridImages;
	maxK: number;
	seconds: number;
}

export interface PcaReconstructResult {
	k: number;
	grid: GridImages;
	/** Mean squared error per pixel (in [0, 1] units) over the test sample. */
	mse: number;
}

export interface AnomalyRequest {
	anomalyClass: number;
	steps: number;
	batchSize: number;
	seed: number;
	/** Test images scored. */
	testCount: number;
}

export interface AnomalyResult {
	auc: number;
	fpr: number[];
	tpr: number[];
	meanNormal: number;
	meanAnomaly: number;
	/** The most anomalous test images, highest score first. */
	top: GridImages;
	topLabels: number[];
	seconds: number;
}

export interface ManifoldRequest {
	kind: Toy3dKind;
	n: number;
	steps: number;
	seed: number;
}

export interface ManifoldResult {
	/** Input cloud, [n, 3] row-major. */
	points: Float32Array;
	t: Float32Array;
	pca: Float32Array;
	ae: Float32Array;
	aeLoss: number;
	seconds: number;
}

/** The functions the explore worker exposes. */
export interface ExploreApi {
	init(opts: { preferred?: BackendName; threads?: number }): BackendInfo;
	kmeans(req: KMeansRequest): KMeansResult;
	pcaFit(req: PcaRequest): PcaFitResult;
	/** Reconstructs the 8 test images with the last fitted PCA at k components. */
	pcaReconstruct(opts: { k: number }): PcaReconstructResult;
	anomaly(req: AnomalyRequest): AnomalyResult;
	manifold(req: ManifoldRequest): ManifoldResult;
}

export type ExploreMethod = keyof ExploreApi;

/** Events a long call may stream before its result. */
export type ExploreEvent =
	| { type: 'status'; status: 'loading-data' | 'running' | 'scoring' }
	| { type: 'download'; loaded: number; total: number }
	| { type: 'progress'; done: number; total: number; etaSeconds: number; loss?: number };

export type ToExploreWorker =
	| {
			[M in ExploreMethod]: {
				type: 'call';
				id: number;
				method: M;
				args: Parameters<ExploreApi[M]>;
			};
	  }[ExploreMethod]
	| { type: 'cancel'; id: number };

export type FromExploreWorker =
	| { type: 'result'; id: number; value: unknown }
	| { type: 'error'; id: number; error: { name: string; message: string } }
	| { type: 'event'; id: number; event: ExploreEvent };

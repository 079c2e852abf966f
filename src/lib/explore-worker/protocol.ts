/**
 * The message protocol between the Explore page and its worker (K-Means, PCA, anomaly detection,
 * manifold embeddings). Same shape as the compute worker's: calls with ids, streamed events,
 * cancellation. Everything here is structured-clone safe.
 */
import type { FromWorkerMessage, ToWorkerMessage } from '$lib/rpc/messages';
import type { FewLabelMethod } from '$lib/ml/representations/experiment';
import type { GridImages } from '$lib/components/grid-images';
import type { BackendInfo, BackendName } from '$lib/ml/backend';
import type { Toy3dKind } from '$lib/ml/data/toy3d';
import type { Metric } from '$lib/ml/representations/search';

export interface KMeansRequest {
	/** Training images used (first n of the 60 000). */
	subset: number;
	k: number;
	seed: number;
	/** Mini-batch steps per run. */
	steps: number;
	batchSize: number;
	/**
	 * What is clustered: the pixels (mini-batch K-Means), the shipped conv AE's 32-D codes
	 * (Lloyd's K-Means), or those codes in a UMAP embedding (N2D). Default: pixels.
	 */
	features?: KMeansFeatures;
}

export type KMeansFeatures = 'pixels' | 'codes' | 'n2d';

/** N2D clusters at most this many images: UMAP's neighbour search and layout grow fast with n. */
export const N2D_MAX_IMAGES = 10_000;

export interface KMeansResult {
	/** The centroids (pixels), or each cluster's mean image (codes and N2D). */
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
	/** The GRAE's codes (autoencoder + Isomap term); missing when Isomap could not run. */
	grae?: Float32Array;
	/** The GRAE's reconstruction MSE (its embedding term excluded), comparable to aeLoss. */
	graeLoss: number;
	/** Why there is no GRAE (the neighbour graph fell apart), in words. */
	graeError?: string;
	/**
	 * For clouds that are a bent flat sheet: the share of each point's 10 nearest neighbours on
	 * the flat sheet that stay its nearest in each embedding (1 = all kept); `isomap` is the
	 * GRAE's target itself, for reference.
	 */
	neighboursKept?: { pca: number; ae: number; grae?: number; isomap?: number };
	seconds: number;
}

/** Which autoencoder the /uses page works with. */
export type EncoderSource =
	/** The conv AE shipped in weights/ (latent 32), served at /api/weights. */
	| { type: 'pretrained' }
	/** A conv AE trained in the worker for `steps` Adam steps on unlabelled training images. */
	| { type: 'quick'; steps: number; seed: number }
	/** An autoencoder or VAE the user trained, from My models (its latest checkpoint). */
	| { type: 'mine'; modelId: string; checkpointId: string; kind: string };

export type { FewLabelMethod };

export interface FewLabelRequest {
	/** 'fashion-mnist' (default) or a labelled set of the user's own images ('user:<id>'). */
	dataset?: string;
	/** Labels per class to try; 0 means every training label. */
	perClass: number[];
	encoder: EncoderSource;
	fineTune: boolean;
	/** Also probe the code joined with its UMAP map (N2D), for the finite budgets. */
	manifold: boolean;
	/** Unlabelled training images the UMAP map is fitted on (default 5 000). */
	manifoldRows?: number;
	/** Fashion-MNIST test images scored (the first n of 10 000); a user's set scores its held-out quarter. */
	testCount: number;
	seed: number;
	pcaComponents: number;
	/** Adam steps of each linear probe and of each fine-tuning run. */
	probeSteps: number;
	fineTuneSteps: number;
}

export interface FewLabelPoint {
	method: FewLabelMethod;
	/** Labels per class asked for (0 = all). */
	perClass: number;
	/** Labelled images actually used. */
	labels: number;
	accuracy: number;
}

export interface FewLabelResult {
	points: FewLabelPoint[];
	codeSize: number;
	classes: number;
	/** Training images (labelled or not) and test images scored. */
	trainCount: number;
	testCount: number;
	seconds: number;
}

export interface SimilarIndexRequest {
	/** Training images indexed (the first n of 60 000). */
	subset: number;
	encoder: EncoderSource;
	metric: Metric;
	/** K-Means clusters of the codes (also the IVF index's lists). */
	clusters: number;
	seed: number;
}

export interface SimilarIndexResult {
	/** Test images to pick a query from. */
	gallery: GridImages;
	/** Per cluster: up to 8 members nearest its centroid, one cluster per row. */
	clusterGrid: GridImages;
	clusterSizes: number[];
	/** Most common label in each cluster and its share. */
	clusterLabels: { label: number; share: number }[];
	/** NMI of the clusters against the true labels. */
	nmi: number;
	indexed: number;
	codeSize: number;
	seconds: number;
}

export interface SimilarQueryResult {
	query: GridImages;
	queryLabel: number;
	latent: GridImages;
	latentLabels: number[];
	pixel: GridImages;
	pixelLabels: number[];
	/** Milliseconds per search. */
	latentMs: number;
	pixelMs: number;
	/** Codes the IVF search compared against (of `indexed`). */
	scanned: number;
	indexed: number;
}

export interface CompressRequest {
	encoder: EncoderSource;
	/** Test image index. */
	image: number;
	bits: number;
}

export interface CodecResult {
	name: string;
	bytes: number;
	psnr: number;
	ssim: number;
	image: GridImages;
	/** The codec's quality knob in 0..1 (undefined for the autoencoder). */
	quality?: number;
	/** True when even the lowest quality is larger than the autoencoder's bytes. */
	overBudget?: boolean;
}

export interface CompressResult {
	original: GridImages;
	rawBytes: number;
	results: CodecResult[];
	/** Mean PSNR of the autoencoder over 500 test images, at the same bits. */
	aeMeanPsnr: number;
	/** Why a codec is missing (e.g. no OffscreenCanvas). */
	note?: string;
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
	fewLabel(req: FewLabelRequest): FewLabelResult;
	similarIndex(req: SimilarIndexRequest): SimilarIndexResult;
	/** Neighbours of gallery image `query` in the last built index. */
	similarQuery(opts: { query: number; k: number; nprobe: number }): SimilarQueryResult;
	compress(req: CompressRequest): CompressResult;
}

export type ExploreMethod = keyof ExploreApi;

/** Events a long call may stream before its result. */
export type ExploreEvent =
	| {
			type: 'status';
			status: 'loading-data' | 'loading-model' | 'training-ae' | 'mapping' | 'running' | 'scoring';
	  }
	/** One finished measurement of the few-label experiment, for a live chart. */
	| { type: 'point'; point: FewLabelPoint }
	| { type: 'download'; loaded: number; total: number }
	| { type: 'progress'; done: number; total: number; etaSeconds: number; loss?: number };

/** Page → worker: a call of one ExploreApi method, or a cancellation. */
export type ToExploreWorker = ToWorkerMessage<ExploreApi>;

/** Worker → page: a call's events, then its result or error. */
export type FromExploreWorker = FromWorkerMessage<ExploreEvent>;

/**
 * The one message protocol between the page and the compute worker.
 * Calls are request/response with an id; long jobs also stream events tagged with the same id,
 * and can be cancelled. Everything here is structured-clone safe.
 */
import type { FromWorkerMessage, ToWorkerMessage } from '$lib/rpc/messages';
import type { GridImages } from '$lib/components/grid-images';
import type { BackendInfo, BackendName } from '$lib/ml/backend';
import type { HyperParams } from '$lib/ml/models/specs';
import type { ThroughputResult } from '$lib/ml/train/throughput';
import type { SkippedFile, UserDatasetInfo } from '$lib/store/datasets';

/** The built-in set, or one of the user's stored image sets ('user:<id>'). */
export type DatasetId = 'fashion-mnist' | `user:${string}`;

/** Latent codes of the lab's probe images brought to 2-D (see src/lib/ml/latent). */
export interface LatentSnapshot {
	step: number;
	/** Interleaved x, y of each probe image. */
	xy: Float32Array;
	/** Class of each probe image, when the set has labels. */
	labels?: Uint8Array;
	/** Names of those classes for a user's labelled set (undefined: Fashion-MNIST's). */
	classNames?: string[];
	/** The probe images, 28×28 bytes each, for the preview under the pointer. */
	images: Uint8Array;
	method: 'direct' | 'pca';
	/** Share of the latent variance the 2-D view keeps. */
	explained: number;
	/** For latent sizes ≥ 3: interleaved x, y, z (the codes, or their first 3 principal axes). */
	xyz?: Float32Array;
	/** Share of the latent variance the 3-D view keeps. */
	explained3?: number;
	latentSize: number;
}

export interface InitOptions {
	preferred?: BackendName;
	threads?: number;
}

/** One model's measured training throughput on this device's backend. */
export interface BenchResult extends ThroughputResult {
	kind: string;
	batch: number;
	backend: BackendName;
	threads: number;
}

export interface MemoryInfo {
	numTensors: number;
	numBytes: number;
	/** WebGPU only: bytes held on the GPU. */
	numBytesInGPU?: number;
}

export interface SelfTestResult {
	backend: BackendName;
	threads: number;
	size: number;
	ms: number;
	/** Max abs difference against the same product computed in plain JS. */
	maxError: number;
}

export interface TrainRequest {
	/** A family of MODEL_FAMILIES, e.g. 'conv-ae'. */
	kind: string;
	dataset: DatasetId;
	params: HyperParams;
	/** Latent scatter (autoencoders) or class histogram (GANs) every N steps (default 100). */
	labEvery?: number;
	/** Render samples every N steps. */
	sampleEvery?: number;
	/** Continue this saved model from its latest checkpoint instead of starting fresh. */
	resumeModelId?: string;
	/** Auto-checkpoint period in seconds of training (default 30). */
	checkpointSeconds?: number;
	/** Name for a new model in the library. */
	name?: string;
}

export interface TrainSummary {
	modelId: string;
	step: number;
	stopped: 'done' | 'aborted';
	losses: Record<string, number>;
	seconds: number;
}

/** Where a generator comes from: the Worker's pretrained weights or the user's own model. */
export type GeneratorSource =
	{ type: 'weights'; name: string; version: string } | { type: 'model'; modelId: string };

export type ControlCommand =
	| { action: 'pause' }
	| { action: 'resume' }
	| { action: 'step' }
	| { action: 'slow'; delayMs: number }
	| { action: 'checkpoint' };

/** The functions the worker exposes; the client's types are derived from these signatures. */
export interface ComputeApi {
	init(opts: InitOptions): BackendInfo;
	memory(): MemoryInfo;
	selfTest(opts: { size: number }): SelfTestResult;
	/** Training samples/s of a family's default configuration on a random batch (diagnostics). */
	benchTrain(opts: { kind: string; batch: number; warmup: number; seconds: number }): BenchResult;
	/** Trains until done or cancelled; streams TrainEvents. One run at a time. */
	train(req: TrainRequest): TrainSummary;
	/** Steers the running training (pause, resume, single step, slow motion). */
	control(cmd: ControlCommand): void;
	/** A grid of n samples from the prior with a fixed seed, and the first one's latent vector. */
	sample(opts: { source: GeneratorSource; n: number; seed: number; columns: number }): {
		grid: GridImages;
		first: number[];
	};
	/** Frames of a slerp walk between two seeds' latent points. */
	interpolate(opts: { source: GeneratorSource; seedA: number; seedB: number; frames: number }): {
		grid: GridImages;
	};
	/** The image for one latent vector (latent sliders). */
	decodeVector(opts: { source: GeneratorSource; vector: number[] }): {
		grid: GridImages;
		latentSize: number;
	};
	/** The latent scatter of the running (or last finished) autoencoder, now. */
	latents(): LatentSnapshot;
	/** Frames decoded along the straight line between the codes of probe images a and b. */
	interpolateLatent(opts: { a: number; b: number; frames: number }): { grid: GridImages };
	/**
	 * Decodes image files to 28×28 grayscale and stores them as a training set named after `name`
	 * (a folder, or ''); `paths` (the files' webkitRelativePath) label it by class subfolders.
	 */
	importImages(opts: { files: File[]; name: string; paths?: string[] }): {
		dataset?: UserDatasetInfo;
		skipped: SkippedFile[];
		total: number;
	};
	/** One-file export (zip) of a saved model, with optimizer state so training can resume. */
	exportModel(opts: { modelId: string; includeCheckpoint?: boolean }): Uint8Array;
	/** Validates and imports a model zip into the library; nothing changes if it is refused. */
	importModel(opts: { bytes: Uint8Array; name?: string }): {
		modelId: string;
		name: string;
		kind: string;
	};
}

export type Method = keyof ComputeApi;

/** Events a long call may stream before its result; a discriminated union on `type`. */
export type ComputeEvent =
	| { type: 'log'; message: string }
	| { type: 'download'; what: string; loaded: number; total: number }
	| {
			type: 'status';
			status: 'loading-data' | 'building' | 'running' | 'paused';
			paramCount?: number;
	  }
	| {
			type: 'progress';
			step: number;
			totalSteps: number;
			epoch: number;
			losses: Record<string, number>;
			samplesPerSec: number;
			etaSeconds: number;
	  }
	| { type: 'samples'; step: number; rows: string[]; grid: GridImages }
	| {
			type: 'model';
			modelId: string;
			resumedFrom?: number;
			history?: { steps: number[]; series: Record<string, number[]> };
	  }
	| { type: 'checkpoint'; step: number; bytes: number; ms: number }
	| ({ type: 'latent' } & LatentSnapshot)
	| {
			type: 'class-histogram';
			step: number;
			/** Samples per class under the project's Fashion-MNIST classifier. */
			counts: number[];
			/** Set when the classifier could not be loaded. */
			error?: string;
	  }
	| { type: 'import'; done: number; total: number }
	| { type: 'storage-full'; bytesAttempted: number; message: string }
	| { type: 'bench-progress'; kind: string; fraction: number };

/** Page → worker: a call of one ComputeApi method, or a cancellation. */
export type ToWorker = ToWorkerMessage<ComputeApi>;

/** Worker → page: a call's events, then its result or error. */
export type FromWorker = FromWorkerMessage<ComputeEvent>;

/**
 * The message protocol between the Photos page and the photo worker, in the same shape as the
 * compute worker's: typed request/response calls with ids, streamed events, cancellation.
 * Everything is structured-clone safe; big pixel buffers travel back as transferables.
 */
import type { FromWorkerMessage, ToWorkerMessage } from '$lib/rpc/messages';
import type { BackendInfo, BackendName } from '$lib/ml/backend';
import type { DecodedPhoto } from '$lib/photo/decode';
import type { ExportFormat } from '$lib/photo/encode';
import type { RgbaImage } from '$lib/photo/image';
import type { DenoiserInfo } from './denoiser';
import type { StyleNetworkKind, StylePreview, StylizeOutput, WeightScale } from './stylize';
import type {
	TrainStylizerEvent,
	TrainStylizerRequest,
	TrainStylizerResult
} from './train-stylizer';

export interface PhotoInitOptions {
	preferred?: BackendName;
	threads?: number;
}

/** A decoded photo plus its blind noise estimate (σ̂, 0–255). */
export interface OpenedPhoto extends DecodedPhoto {
	sigma: number;
}

/** A published denoiser from GET /api/weights. */
export interface DenoiserEntry {
	name: string;
	version: string;
	kind: string;
	params?: number;
	metrics?: Record<string, number>;
}

/** A published fast stylizer from GET /api/weights. */
export interface StylizerEntry {
	name: string;
	version: string;
	/** The built-in style it was trained for (its id in src/lib/photo/styles). */
	style: string;
	/** The feature network of its perceptual loss. */
	lossNetwork: 'vgg19' | 'random';
	metrics?: Record<string, number>;
	/** Set for a stylizer the person trained (or opened from a link): its id in the model library. */
	modelId?: string;
}

export interface CatalogueStatus {
	denoisers: DenoiserEntry[];
	stylizers: StylizerEntry[];
	/** The VGG19 feature extractor that style transfer needs, when installed. */
	vgg?: { name: string; version: string };
	/** Set when the catalogue could not be read (offline, server error). */
	error?: string;
}

/**
 * Where a denoiser comes from: a published model, any tfjs model URL, or the person's own denoising
 * autoencoder from the model library.
 */
export type DenoiserSource =
	| { type: 'catalogue'; name: string; version: string }
	| { type: 'url'; name: string; url: string }
	/** A denoising autoencoder from the model library; its version is the checkpoint id. */
	| { type: 'library'; name: string; modelId: string; version: string };

export interface DenoiseRequest {
	image: RgbaImage;
	source: DenoiserSource;
	/** Noise level σ (0–255) for σ-conditioned models; 'auto' uses the estimate. */
	sigma: number | 'auto';
	tile?: number;
	overlap?: number;
	/** Average 8 flipped and turned passes (about +0.2 dB, 8× slower). */
	selfEnsemble?: boolean;
}

export interface DenoiseResult {
	image: RgbaImage;
	/** Passes per tile: 8 with the self-ensemble, else 1. */
	passes: number;
	/** The σ given to the model (the estimate when 'auto'). */
	sigma: number;
	model: DenoiserInfo;
	tiles: number;
	seconds: number;
	tilesPerSecond: number;
	megapixelsPerSecond: number;
}

export interface StylizeRequest {
	/** The photo at full size (it is brought down to `maxSide` in the worker). */
	image: RgbaImage;
	/** The painting or any photo, as its encoded file: decoded with the same checks as photos. */
	style: Blob;
	network: StyleNetworkKind;
	/** Long side of the result in pixels. */
	maxSide: number;
	iterations: number;
	/** Multipliers on the network's default content, style and smoothness weights. */
	scale?: WeightScale;
}

export interface StylizeResult extends StylizeOutput {
	/** The feature network (optimisation) or the loss network the fast stylizer was trained with. */
	network: StyleNetworkKind;
	/** The fast stylizer used, when it was one. */
	stylizer?: string;
}

export interface FastStylizeRequest {
	image: RgbaImage;
	/** A published stylizer as the catalogue lists it, or one in the model library (`modelId`). */
	source: StylizerEntry;
	/** Long side of the result in pixels. */
	maxSide: number;
}

/** The strength blend and colour preservation on a result (cheap: re-run on every slider move). */
export interface FinishStyleRequest {
	stylized: RgbaImage;
	content: RgbaImage;
	/** 0 = the photo, 1 = the full stylization. */
	strength: number;
	keepColours: boolean;
}

/**
 * trainStylizer's request as the page sends it: the open photo decoded, and the style and any
 * more photos as their files, decoded in the worker with the photo checks.
 */
export type TrainStylizerCall =
	| (Omit<Extract<TrainStylizerRequest, { type: 'new' }>, 'style' | 'content'> & {
			content: RgbaImage;
			style: Blob;
			morePhotos?: Blob[];
	  })
	| Extract<TrainStylizerRequest, { type: 'resume' }>;

export interface EncodeRequest {
	image: RgbaImage;
	format: ExportFormat;
	/** Scale down (never up) so the long side is at most this many pixels. */
	maxSide?: number;
	/** JPEG quality in (0, 1]; default 0.92. */
	quality?: number;
}

/** The functions the photo worker exposes; the client's types are derived from these. */
export interface PhotoApi {
	init(opts: PhotoInitOptions): BackendInfo;
	/** Sniffs, size-checks and decodes a file to upright RGBA; estimates its noise. */
	open(file: Blob): OpenedPhoto;
	/** Which denoisers and feature extractors are published. */
	catalogue(): CatalogueStatus;
	/** Denoises tile by tile; streams PhotoEvents; cancellable between tiles. */
	denoise(req: DenoiseRequest): DenoiseResult;
	/** Style transfer by optimisation; streams 'style-preview' events; cancellable between steps. */
	stylize(req: StylizeRequest): StylizeResult;
	/** One forward pass of a published feed-forward stylizer. */
	stylizeFast(req: FastStylizeRequest): StylizeResult;
	/** Applies the strength blend and colour preservation to a stylized image. */
	finishStyle(req: FinishStyleRequest): RgbaImage;
	/** Encodes at full resolution for download. */
	encode(req: EncodeRequest): Blob;
	/** Trains or resumes a stylizer for a style; streams its progress; see stopStylizerTraining. */
	trainStylizer(req: TrainStylizerCall): TrainStylizerResult;
	/** Asks the running stylizer training to save and stop (its trainStylizer call then resolves). */
	stopStylizerTraining(): boolean;
}

export type PhotoMethod = keyof PhotoApi;

export type PhotoEvent =
	| { type: 'status'; status: 'starting' | 'loading-model' | 'running' | 'encoding' }
	| { type: 'download'; fraction: number }
	| { type: 'progress'; done: number; total: number; elapsedMs: number; etaSeconds: number }
	| ({ type: 'style-preview'; etaSeconds: number } & StylePreview)
	| TrainStylizerEvent;

/** Page → worker. */
export type ToPhotoWorker = ToWorkerMessage<PhotoApi>;

/** Worker → page. */
export type FromPhotoWorker = FromWorkerMessage<PhotoEvent>;

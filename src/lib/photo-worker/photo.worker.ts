/// <reference lib="webworker" />
/**
 * The photo worker: decodes photos, runs denoisers tile by tile and encodes results, so the page
 * never blocks. It owns its own tfjs backend (one per worker lifetime) and a cache of loaded
 * models. Cancelling a call aborts its signal, which the tile loop checks between tiles.
 */
import { decodePhoto } from '$lib/photo/decode';
import { encodePng, mimeOf } from '$lib/photo/encode';
import { isPhotoError } from '$lib/photo/errors';
import { estimateNoiseSigma } from '$lib/photo/noise';
import { DEFAULT_OVERLAP, DEFAULT_TILE, runTiled } from '$lib/photo/tiling';
import { ENSEMBLE_SIZE } from '$lib/ml/models/denoiser/ensemble';
import {
	findCatalogueEntry,
	forgetCatalogue,
	loadCatalogue,
	verifiedWeightsHandler
} from '$lib/net/verified-weights';
import { fetchCatalogue, hasModelJson, isVgg19, modelUrl } from './catalogue';
import { loadDenoiser, loadLibraryDenoiser, type Denoiser } from './denoiser';
import { loadVgg19 } from '$lib/ml/models/vgg/model';
import type { CatalogueModel } from '$lib/share/schema';
import { PhotoError } from '$lib/photo/errors';
// Registers the stylizers' custom layers (instance norm, reflection padding), so they load.
import '$lib/ml/models/stylizer/layers';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import {
	applyStylizer,
	randomStyleNetwork,
	stylizePhoto,
	finishStyle,
	vggStyleNetwork,
	workingSize,
	type StyleNetwork,
	type StyleNetworkKind
} from './stylize';
import { trainStylizer } from './train-stylizer';
import { latentIOHandler } from '$lib/store';
import type {
	DenoiseRequest,
	DenoiseResult,
	DenoiserSource,
	EncodeRequest,
	FastStylizeRequest,
	StylizeRequest,
	StylizeResult,
	PhotoApi,
	PhotoEvent
} from './protocol';
import { serveCalls, type Handlers } from '$lib/rpc/serve';
import { startBackend } from '$lib/worker/start-backend';
import { dropSuperseded } from '$lib/worker/model-cache';

declare const self: DedicatedWorkerGlobalScope;

const models = new Map<string, Promise<Denoiser>>();
const styleNetworks = new Map<StyleNetworkKind, Promise<StyleNetwork>>();
const stylizers = new Map<string, Promise<LayersModel>>();

/** One cache key per model file set (a library model's version is its checkpoint id). */
function sourceKey(source: DenoiserSource): string {
	if (source.type === 'catalogue')
		return new URL(modelUrl(source.name, source.version), self.location.href).href;
	if (source.type === 'library') return `library:${source.modelId}@${source.version}`;
	return source.url;
}

function getDenoiser(source: DenoiserSource, emit: (e: PhotoEvent) => void): Promise<Denoiser> {
	const url = sourceKey(source);
	let p = models.get(url);
	if (!p) {
		const onProgress = (fraction: number) => emit({ type: 'download', fraction });
		// Published weights are verified file by file against the catalogue's sha256 before use.
		p =
			source.type === 'catalogue'
				? findCatalogueEntry(source.name, source.version).then((entry) =>
						loadDenoiser(verifiedWeightsHandler(entry, { onProgress }), source.name)
					)
				: source.type === 'library'
					? loadLibraryDenoiser(source.modelId, source.name, source.version)
					: loadDenoiser(url, source.name, onProgress);
		models.set(url, p);
		if (source.type === 'library')
			dropSuperseded(models, `library:${source.modelId}@`, url, (d) => d.dispose());
		// A failed load must not stay cached: the next try downloads again.
		p.catch(() => models.delete(url));
	}
	return p;
}

async function denoise(
	req: DenoiseRequest,
	signal: AbortSignal,
	emit: (e: PhotoEvent) => void
): Promise<DenoiseResult> {
	emit({ type: 'status', status: 'starting' });
	await startBackend({});
	emit({ type: 'status', status: 'loading-model' });
	const d = await getDenoiser(req.source, emit);
	signal.throwIfAborted();
	const sigma = req.sigma === 'auto' ? estimateNoiseSigma(req.image) : req.sigma;
	const tile = d.fixedTile ?? req.tile ?? DEFAULT_TILE;
	const overlap = Math.min(req.overlap ?? DEFAULT_OVERLAP, Math.floor(tile / 4));
	emit({ type: 'status', status: 'running' });
	const t0 = performance.now();
	let tiles = 0;
	const runOpts = { selfEnsemble: req.selfEnsemble ?? false };
	const image = await runTiled(req.image, (t) => d.run(t, sigma, runOpts), {
		tile,
		overlap,
		signal,
		onProgress: (p) => {
			tiles = p.total;
			emit({ type: 'progress', ...p });
		}
	});
	const seconds = (performance.now() - t0) / 1000;
	const { run: _run, dispose: _dispose, ...model } = d;
	return {
		image,
		passes: runOpts.selfEnsemble ? ENSEMBLE_SIZE : 1,
		sigma,
		model,
		tiles,
		seconds,
		tilesPerSecond: tiles / seconds,
		megapixelsPerSecond: (req.image.width * req.image.height) / 1e6 / seconds
	};
}

/** The feature network for style transfer: the published VGG19 (verified), or the random one. */
function getStyleNetwork(
	kind: StyleNetworkKind,
	emit: (e: PhotoEvent) => void
): Promise<StyleNetwork> {
	let p = styleNetworks.get(kind);
	if (!p) {
		p =
			kind === 'random'
				? Promise.resolve(randomStyleNetwork())
				: (async () => {
						// One catalogue read (cached per worker) finds and verifies the entry; a miss
						// asks the server again, since VGG19 can be installed while the page is open.
						const find = (models: CatalogueModel[]) =>
							models.find((m) => isVgg19(m) && hasModelJson(m));
						let entry = find(await loadCatalogue());
						if (!entry) {
							forgetCatalogue();
							entry = find(await loadCatalogue());
						}
						if (!entry) throw new PhotoError('no-vgg', 'VGG19 is not installed on this server');
						const onProgress = (fraction: number) => emit({ type: 'download', fraction });
						return vggStyleNetwork(await loadVgg19(verifiedWeightsHandler(entry, { onProgress })));
					})();
		styleNetworks.set(kind, p);
		p.catch(() => styleNetworks.delete(kind));
	}
	return p;
}

async function stylize(
	req: StylizeRequest,
	signal: AbortSignal,
	emit: (e: PhotoEvent) => void
): Promise<StylizeResult> {
	emit({ type: 'status', status: 'starting' });
	await startBackend({});
	// Decoded with the photo checks: a corrupt or huge style file fails here with a clear code.
	const style = await decodePhoto(req.style);
	emit({ type: 'status', status: 'loading-model' });
	const network = await getStyleNetwork(req.network, emit);
	signal.throwIfAborted();
	emit({ type: 'status', status: 'running' });
	const out = await stylizePhoto({
		content: req.image,
		style: style.image,
		network,
		maxSide: req.maxSide,
		iterations: req.iterations,
		scale: req.scale,
		signal,
		onPreview: (p) => {
			const perStep = p.elapsedMs / 1000 / p.step;
			emit({
				type: 'style-preview',
				...p,
				etaSeconds: perStep * (p.total - p.step)
			});
		}
	});
	return { ...out, network: req.network };
}

async function stylizeFast(
	req: FastStylizeRequest,
	signal: AbortSignal,
	emit: (e: PhotoEvent) => void
): Promise<StylizeResult> {
	emit({ type: 'status', status: 'starting' });
	await startBackend({});
	emit({ type: 'status', status: 'loading-model' });
	const { modelId } = req.source;
	// A library stylizer's version is its checkpoint id, so more training loads afresh.
	const key = `${modelId ? `library:${modelId}` : req.source.name}@${req.source.version}`;
	let model = stylizers.get(key);
	if (!model) {
		const onProgress = (fraction: number) => emit({ type: 'download', fraction });
		// Published ones are verified against the catalogue's sha256, like every weight file.
		model = modelId
			? loadLayersModel(
					latentIOHandler({ modelId, checkpointId: req.source.version, orLatest: true })
				)
			: findCatalogueEntry(req.source.name, req.source.version).then((entry) =>
					loadLayersModel(verifiedWeightsHandler(entry, { onProgress }))
				);
		stylizers.set(key, model);
		if (modelId) dropSuperseded(stylizers, `library:${modelId}@`, key, (m) => m.dispose());
		model.catch(() => stylizers.delete(key));
	}
	const loaded = await model;
	signal.throwIfAborted();
	emit({ type: 'status', status: 'running' });
	const out = await applyStylizer(loaded, req.image, req.maxSide);
	return { ...out, network: req.source.lossNetwork, stylizer: req.source.name };
}

/** The running stylizer training's stop switch (one at a time per worker). */
let stylizerTraining: AbortController | undefined;

async function trainStylizerJob(
	req: Parameters<PhotoApi['trainStylizer']>[0],
	signal: AbortSignal,
	emit: (e: PhotoEvent) => void
): ReturnType<typeof trainStylizer> {
	if (stylizerTraining) throw new Error('A stylizer is already training in this tab.');
	const stop = new AbortController();
	stylizerTraining = stop;
	// Cancelling the call stops it too (the client then ends the worker if it lingers).
	const onAbort = () => stop.abort();
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		emit({ type: 'status', status: 'starting' });
		await startBackend({});
		// The style file gets the photo checks: a corrupt or huge one fails with a clear code.
		let request: Parameters<typeof trainStylizer>[0];
		if (req.type === 'new') {
			const { morePhotos = [], ...rest } = req;
			const more = [];
			for (const file of morePhotos) more.push((await decodePhoto(file)).image);
			request = {
				...rest,
				content: [req.content, ...more],
				style: (await decodePhoto(req.style)).image
			};
		} else request = req;
		emit({ type: 'status', status: 'running' });
		return await trainStylizer(request, {
			network: (kind) => getStyleNetwork(kind, emit),
			signal: stop.signal,
			emit
		});
	} finally {
		signal.removeEventListener('abort', onAbort);
		stylizerTraining = undefined;
	}
}

async function encode(req: EncodeRequest): Promise<Blob> {
	const { image, format } = req;
	const type = mimeOf(format);
	if (typeof OffscreenCanvas !== 'undefined') {
		const full = new OffscreenCanvas(image.width, image.height);
		const ctx = full.getContext('2d');
		if (ctx) {
			ctx.putImageData(
				new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height),
				0,
				0
			);
			const size = workingSize(image.width, image.height, req.maxSide ?? Infinity);
			if (size.width === image.width && size.height === image.height) {
				return full.convertToBlob({ type, quality: req.quality ?? 0.92 });
			}
			const small = new OffscreenCanvas(size.width, size.height);
			const sctx = small.getContext('2d');
			if (!sctx) throw new Error('this browser cannot scale images in a worker');
			sctx.imageSmoothingQuality = 'high';
			sctx.drawImage(full, 0, 0, size.width, size.height);
			return small.convertToBlob({ type, quality: req.quality ?? 0.92 });
		}
	}
	if (format !== 'png')
		throw new Error('JPEG export needs OffscreenCanvas, which this browser lacks');
	return new Blob([encodePng(image) as BlobPart], { type });
}

const impl: Handlers<PhotoApi, PhotoEvent> = {
	init: async (_signal, _emit, opts) => startBackend(opts),
	open: async (_signal, _emit, file) => {
		const photo = await decodePhoto(file);
		return { ...photo, sigma: estimateNoiseSigma(photo.image) };
	},
	catalogue: async () => fetchCatalogue(self.location.href),
	denoise: (signal, emit, req) => denoise(req, signal, emit),
	stylize: (signal, emit, req) => stylize(req, signal, emit),
	stylizeFast: (signal, emit, req) => stylizeFast(req, signal, emit),
	finishStyle: async (_signal, _emit, req) =>
		finishStyle(req.stylized, req.content, req.strength, req.keepColours),
	encode: async (_signal, emit, req) => {
		emit({ type: 'status', status: 'encoding' });
		return encode(req);
	},
	trainStylizer: (signal, emit, req) => trainStylizerJob(req, signal, emit),
	stopStylizerTraining: async () => {
		stylizerTraining?.abort();
		return stylizerTraining !== undefined;
	}
};

/** Pixel buffers in a result or event (the value itself, its image or content) go back without a copy. */
function transferables(value: unknown): Transferable[] {
	const v = value as { data?: unknown; image?: { data?: unknown }; content?: { data?: unknown } };
	const out = new Set<ArrayBuffer>();
	for (const data of [v?.data, v?.image?.data, v?.content?.data]) {
		if (data instanceof Uint8ClampedArray && data.buffer instanceof ArrayBuffer)
			out.add(data.buffer);
	}
	return [...out];
}

serveCalls<PhotoApi, PhotoEvent>(self, impl, {
	transfer: transferables,
	errorCode: (err) => (isPhotoError(err) ? err.code : undefined)
});

/// <reference lib="webworker" />
/**
 * The explore worker: owns tfjs (one backend per worker lifetime) for the Explore lab's
 * K-Means, PCA, anomaly and manifold jobs and the /uses page's few-label, find-similar and
 * compression jobs. Cancelling a call aborts its AbortSignal; the page
 * also restarts the worker to stop a synchronous job at once.
 */
import { linkTiedLayers } from '$lib/ml/models/autoencoder/tied-dense';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { latentIOHandler } from '$lib/store';
import type { ImageSet } from '$lib/ml/data/fashion-mnist';
import { getUserDataset, userDatasetId } from '$lib/store/datasets';
import { loadFashion } from '$lib/worker/datasets';
import { browserCodecs } from './codecs';
import { runAnomaly, runKMeans, runPcaFit, runPcaReconstruct, type PcaState } from './jobs';
import { labelledUserSet, type LabelledSet } from './labelled-set';
import { adopt, loadAll } from './load-models';
import { runManifold } from './manifold';
import {
	runCompress,
	runFewLabel,
	runSimilarIndex,
	runSimilarQuery,
	splitAutoencoder,
	trainQuickAutoencoder,
	vaeAutoencoder,
	type Autoencoder,
	type SimilarState
} from './representations';
import { serveCalls, type Handlers } from '$lib/rpc/serve';
import { startBackend } from '$lib/worker/start-backend';
import type { ExploreApi, ExploreEvent, EncoderSource } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let pcaState: PcaState | undefined;
let similarState: SimilarState | undefined;
/** The autoencoders loaded or trained so far, by source (one quick AE is kept at a time). */
const autoencoders = new Map<string, Promise<Autoencoder>>();

function data(signal: AbortSignal, emit: (e: ExploreEvent) => void) {
	emit({ type: 'status', status: 'loading-data' });
	return loadFashion({
		signal,
		onProgress: (p) => emit({ type: 'download', loaded: p.loaded, total: p.total })
	});
}

/** The few-label experiment's data: Fashion-MNIST, or a user's labelled set split in two. */
async function labelledSet(
	dataset: string | undefined,
	signal: AbortSignal,
	emit: (e: ExploreEvent) => void
): Promise<LabelledSet> {
	const id = userDatasetId(dataset);
	if (!id) {
		const { train, test } = await data(signal, emit);
		return { train, test, classes: 10 };
	}
	emit({ type: 'status', status: 'loading-data' });
	const set = await getUserDataset(id).catch(() => undefined);
	if (!set) {
		throw new Error('This image set is no longer stored on this device. Import the folder again.');
	}
	return labelledUserSet(set);
}

/**
 * The shipped conv AE (fetched once) or a conv AE trained here for `steps` steps, on `own`
 * training images when given (a user's set, by its dataset id) or on Fashion-MNIST's.
 */
async function autoencoder(
	source: EncoderSource,
	signal: AbortSignal,
	emit: (e: ExploreEvent) => void,
	own?: { dataset: string; train: ImageSet }
): Promise<Autoencoder> {
	const key =
		source.type === 'pretrained'
			? 'pretrained'
			: source.type === 'mine'
				? `mine:${source.modelId}:${source.checkpointId}`
				: `quick:${own?.dataset ?? 'fashion-mnist'}:${source.steps}:${source.seed}`;
	const cached = autoencoders.get(key);
	if (cached) return cached;
	let p: Promise<Autoencoder>;
	if (source.type === 'pretrained') {
		emit({ type: 'status', status: 'loading-model' });
		p = loadLayersModel('/api/weights/conv-ae-fashion/1/model.json').then((m) =>
			adopt([m], () => splitAutoencoder(m))
		);
	} else if (source.type === 'mine') {
		emit({ type: 'status', status: 'loading-model' });
		const { modelId, checkpointId } = source;
		const load = (role: string) =>
			loadLayersModel(latentIOHandler({ modelId, checkpointId, role }));
		// VAE checkpoints hold 'encoder' and 'decoder'; the autoencoders, the joined model under
		// 'autoencoder' (a stacked AE's tied decoder layers then need their encoder kernels).
		p =
			source.kind === 'vae'
				? loadAll([load('encoder'), load('decoder')]).then(([e, d]) =>
						adopt([e, d], () => vaeAutoencoder(e, d))
					)
				: load('autoencoder').then((m) =>
						adopt([m], () => {
							linkTiedLayers([m]);
							return splitAutoencoder(m);
						})
					);
	} else {
		// Drop an older quick AE before training a new one: their weights are not small.
		for (const [k, old] of autoencoders) {
			if (k.startsWith('quick:')) {
				autoencoders.delete(k);
				void old.then((a) => a.dispose()).catch(() => undefined);
			}
		}
		const train = own?.train ?? (await data(signal, emit)).train;
		p = trainQuickAutoencoder(train, source, emit, signal);
	}
	autoencoders.set(key, p);
	p.catch(() => autoencoders.delete(key));
	return p;
}

const impl: Handlers<ExploreApi, ExploreEvent> = {
	init: async (_signal, _emit, opts) => startBackend(opts),
	kmeans: async (signal, emit, req) => {
		await startBackend({});
		const { train } = await data(signal, emit);
		const features = req.features ?? 'pixels';
		const ae =
			features === 'pixels' ? undefined : await autoencoder({ type: 'pretrained' }, signal, emit);
		return runKMeans(train, req, emit, signal, ae?.encoder);
	},
	pcaFit: async (signal, emit, req) => {
		await startBackend({});
		const { train, test } = await data(signal, emit);
		const { result, state } = runPcaFit(train, test, req, emit, signal);
		pcaState = state;
		return result;
	},
	pcaReconstruct: async (_signal, _emit, { k }) => {
		if (!pcaState) throw new Error('Fit PCA first.');
		return runPcaReconstruct(pcaState, k);
	},
	anomaly: async (signal, emit, req) => {
		await startBackend({});
		const { train, test } = await data(signal, emit);
		return runAnomaly(train, test, req, emit, signal);
	},
	manifold: async (signal, emit, req) => {
		await startBackend({});
		return runManifold(req, emit, signal);
	},
	fewLabel: async (signal, emit, req) => {
		await startBackend({});
		const set = await labelledSet(req.dataset, signal, emit);
		const own = { dataset: req.dataset ?? 'fashion-mnist', train: set.train };
		const ae = await autoencoder(req.encoder, signal, emit, own);
		return runFewLabel(set, ae, req, emit, signal);
	},
	similarIndex: async (signal, emit, req) => {
		await startBackend({});
		const { train, test } = await data(signal, emit);
		const ae = await autoencoder(req.encoder, signal, emit);
		similarState = undefined;
		const { result, state } = await runSimilarIndex(train, test, ae, req, emit, signal);
		similarState = state;
		return result;
	},
	similarQuery: async (_signal, _emit, opts) => {
		if (!similarState) throw new Error('Build the index first.');
		return runSimilarQuery(similarState, opts);
	},
	compress: async (signal, emit, req) => {
		await startBackend({});
		const { train, test } = await data(signal, emit);
		const ae = await autoencoder(req.encoder, signal, emit);
		return runCompress(train, test, ae, browserCodecs(), req, emit);
	}
};

serveCalls<ExploreApi, ExploreEvent>(self, impl);

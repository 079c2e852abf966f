/// <reference lib="webworker" />
/**
 * The explore worker: owns tfjs (one backend per worker lifetime) for the Explore lab's
 * K-Means, PCA, anomaly and manifold jobs. Cancelling a call aborts its AbortSignal; the page
 * also restarts the worker to stop a synchronous job at once.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendInfo, type BackendName } from '$lib/ml/backend';
import { registerWasmTrainingKernels } from '$lib/ml/kernels';
import { loadFashion } from '$lib/worker/datasets';
import {
	runAnomaly,
	runKMeans,
	runManifold,
	runPcaFit,
	runPcaReconstruct,
	type PcaState
} from './jobs';
import type {
	ExploreApi,
	ExploreEvent,
	ExploreMethod,
	FromExploreWorker,
	ToExploreWorker
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let backend: Promise<BackendInfo> | undefined;
let pcaState: PcaState | undefined;

function absolute(url: string): string {
	return new URL(url, self.location.href).href;
}

function init(opts: { preferred?: BackendName; threads?: number }): Promise<BackendInfo> {
	backend ??= selectBackend({
		preferred: opts.preferred,
		threads: opts.threads,
		wasmPaths: {
			'tfjs-backend-wasm.wasm': absolute(wasmPlain),
			'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
			'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded)
		},
		onBackendReady: (name) => {
			if (name === 'wasm') registerWasmTrainingKernels();
		}
	});
	return backend;
}

function data(signal: AbortSignal, emit: (e: ExploreEvent) => void) {
	emit({ type: 'status', status: 'loading-data' });
	return loadFashion({
		signal,
		onProgress: (p) => emit({ type: 'download', loaded: p.loaded, total: p.total })
	});
}

type Impl = {
	[M in ExploreMethod]: (
		signal: AbortSignal,
		emit: (e: ExploreEvent) => void,
		...args: Parameters<ExploreApi[M]>
	) => Promise<ReturnType<ExploreApi[M]>>;
};

const impl: Impl = {
	init: async (_signal, _emit, opts) => init(opts),
	kmeans: async (signal, emit, req) => {
		await init({});
		const { train } = await data(signal, emit);
		return runKMeans(train, req, emit, signal);
	},
	pcaFit: async (signal, emit, req) => {
		await init({});
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
		await init({});
		const { train, test } = await data(signal, emit);
		return runAnomaly(train, test, req, emit, signal);
	},
	manifold: async (signal, emit, req) => {
		await init({});
		return runManifold(req, emit, signal);
	}
};

const running = new Map<number, AbortController>();

function post(msg: FromExploreWorker): void {
	self.postMessage(msg);
}

self.onmessage = async (e: MessageEvent<ToExploreWorker>) => {
	const msg = e.data;
	if (msg.type === 'cancel') {
		running.get(msg.id)?.abort();
		return;
	}
	const controller = new AbortController();
	running.set(msg.id, controller);
	try {
		const fn = impl[msg.method] as (
			signal: AbortSignal,
			emit: (e: ExploreEvent) => void,
			...args: unknown[]
		) => Promise<unknown>;
		const emit = (event: ExploreEvent) => post({ type: 'event', id: msg.id, event });
		const value = await fn(controller.signal, emit, ...msg.args);
		post({ type: 'result', id: msg.id, value });
	} catch (err) {
		const error = err instanceof Error ? err : new Error(String(err));
		post({ type: 'error', id: msg.id, error: { name: error.name, message: error.message } });
	} finally {
		running.delete(msg.id);
	}
};

/**
 * The one message protocol between the page and the compute worker.
 * Calls are request/response with an id; long jobs also stream events tagged with the same id,
 * and can be cancelled. Everything here is structured-clone safe.
 */
import type { BackendInfo, BackendName } from '$lib/ml/backend';

export interface InitOptions {
	preferred?: BackendName;
	threads?: number;
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

/** The functions the worker exposes; the client's types are derived from these signatures. */
export interface ComputeApi {
	init(opts: InitOptions): BackendInfo;
	memory(): MemoryInfo;
	selfTest(opts: { size: number }): SelfTestResult;
}

export type Method = keyof ComputeApi;

/** Events a long call may stream before its result; a discriminated union on `type`. */
export type ComputeEvent = { type: 'log'; message: string };

/** Page → worker. */
export type ToWorker =
	| {
			[M in Method]: { type: 'call'; id: number; method: M; args: Parameters<ComputeApi[M]> };
	  }[Method]
	| { type: 'cancel'; id: number };

/** Worker → page. */
export type FromWorker =
	| { type: 'result'; id: number; value: unknown }
	| { type: 'error'; id: number; error: WorkerError }
	| { type: 'event'; id: number; event: ComputeEvent };

/** An error as it crosses the worker boundary. */
export interface WorkerError {
	name: string;
	message: string;
	code?: string;
}

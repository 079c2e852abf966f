/**
 * The page side of the compute worker: typed calls derived from ComputeApi, cancellation through
 * AbortSignal, and a fresh worker after a crash. tfjs is loaded only inside the worker.
 */
import { RpcClient, type RpcCallOptions } from '$lib/rpc/client';
import type { ComputeApi, ComputeEvent, WorkerError } from './protocol';

/** An error raised inside the worker, rethrown on the page with its name kept. */
export class ComputeError extends Error {
	constructor(readonly detail: WorkerError) {
		super(detail.message);
		this.name = detail.name;
	}
}

export type CallOptions = RpcCallOptions<ComputeEvent>;

/** A handle on one compute worker. */
export class ComputeClient extends RpcClient<ComputeApi, ComputeEvent> {
	constructor(create: () => Worker) {
		super(create, {
			toError: (detail) => new ComputeError(detail),
			crashMessage: 'The compute worker stopped.',
			stopMessage: 'The compute worker was restarted.'
		});
	}
}

/** Creates the app's compute worker (a module worker bundled by Vite). */
export function createComputeClient(): ComputeClient {
	return new ComputeClient(
		() =>
			new Worker(new URL('./compute.worker.ts', import.meta.url), {
				type: 'module',
				name: 'compute'
			})
	);
}

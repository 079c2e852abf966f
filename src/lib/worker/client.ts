/**
 * The page side of the compute worker: typed calls derived from ComputeApi, cancellation through
 * AbortSignal, and a fresh worker after a crash (src/lib/rpc). tfjs is loaded only inside the
 * worker.
 */
import { RpcClient } from '$lib/rpc/client';
import type { ComputeApi, ComputeEvent } from './protocol';

/** A handle on one compute worker. */
export type ComputeClient = RpcClient<ComputeApi, ComputeEvent>;

/** Creates the app's compute worker (a module worker bundled by Vite). */
export function createComputeClient(): ComputeClient {
	return new RpcClient(
		() =>
			new Worker(new URL('./compute.worker.ts', import.meta.url), {
				type: 'module',
				name: 'compute'
			}),
		{ name: 'compute' }
	);
}

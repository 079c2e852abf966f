/**
 * The page side of the explore worker: typed calls derived from ExploreApi, cancellation through
 * AbortSignal (src/lib/rpc). tfjs is loaded only inside the worker.
 */
import { RpcClient } from '$lib/rpc/client';
import type { ExploreApi, ExploreEvent } from './protocol';

/** A handle on one explore worker. */
export type ExploreClient = RpcClient<ExploreApi, ExploreEvent>;

/** Creates the explore worker (a module worker bundled by Vite). */
export function createExploreClient(): ExploreClient {
	return new RpcClient(
		() =>
			new Worker(new URL('./explore.worker.ts', import.meta.url), {
				type: 'module',
				name: 'explore'
			}),
		{ name: 'explore' }
	);
}

/**
 * The page side of the explore worker: typed calls derived from ExploreApi, cancellation through
 * AbortSignal. tfjs is loaded only inside the worker.
 */
import { RpcClient } from '$lib/rpc/client';
import type { ExploreApi, ExploreEvent } from './protocol';

/** An error raised inside the worker, rethrown on the page with its name kept. */
export class ExploreError extends Error {
	constructor(detail: { name: string; message: string }) {
		super(detail.message);
		this.name = detail.name;
	}
}

/** A handle on one explore worker. */
export class ExploreClient extends RpcClient<ExploreApi, ExploreEvent> {
	constructor(create: () => Worker) {
		super(create, {
			toError: (detail) => new ExploreError(detail),
			crashMessage: 'The explore worker stopped.',
			stopMessage: 'The worker was restarted.'
		});
	}
}

/** Creates the explore worker (a module worker bundled by Vite). */
export function createExploreClient(): ExploreClient {
	return new ExploreClient(
		() =>
			new Worker(new URL('./explore.worker.ts', import.meta.url), {
				type: 'module',
				name: 'explore'
			})
	);
}

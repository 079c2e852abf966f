/**
 * The page side of the photo worker: typed calls derived from PhotoApi, AbortSignal cancellation,
 * and a fresh worker after a crash (src/lib/rpc). A cancelled call rejects at once; if the worker
 * has not let go of the job within CANCEL_GRACE_MS (a tile can take long on a slow device) it is
 * terminated, so the device stops working within a second either way.
 */
import { RpcClient } from '$lib/rpc/client';
import type { PhotoApi, PhotoEvent } from './protocol';

export const CANCEL_GRACE_MS = 800;

/** A handle on one photo worker (started on first call). */
export type PhotoClient = RpcClient<PhotoApi, PhotoEvent>;

/** A photo worker client on workers from `create` (the bundled photo worker by default). */
export function createPhotoClient(create: () => Worker = startPhotoWorker): PhotoClient {
	return new RpcClient(create, { name: 'photo', cancelGraceMs: CANCEL_GRACE_MS });
}

function startPhotoWorker(): Worker {
	return new Worker(new URL('./photo.worker.ts', import.meta.url), {
		type: 'module',
		name: 'photo'
	});
}

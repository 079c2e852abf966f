/**
 * The page side of the photo worker: typed calls derived from PhotoApi, AbortSignal cancellation,
 * and a fresh worker after a crash. A cancelled call rejects at once; if the worker has not let go
 * of the job within CANCEL_GRACE_MS (a tile can take long on a slow device) it is terminated, so
 * the device stops working within a second either way.
 */
import { RpcClient, type RpcCallOptions } from '$lib/rpc/client';
import type { PhotoApi, PhotoEvent, PhotoWorkerError } from './protocol';

export const CANCEL_GRACE_MS = 800;

/** An error raised inside the photo worker, rethrown on the page with its name and code kept. */
export class PhotoWorkerFailure extends Error {
	readonly code: string | undefined;
	constructor(readonly detail: PhotoWorkerError) {
		super(detail.message);
		this.name = detail.name;
		this.code = detail.code;
	}
}

export type PhotoCallOptions = RpcCallOptions<PhotoEvent>;

/** A handle on one photo worker (started on first call). */
export class PhotoClient extends RpcClient<PhotoApi, PhotoEvent> {
	constructor(create: () => Worker) {
		super(create, {
			toError: (detail) => new PhotoWorkerFailure(detail),
			crashMessage: 'The photo worker stopped.',
			stopMessage: 'The photo worker was stopped.',
			cancelGraceMs: CANCEL_GRACE_MS
		});
	}
}

/** Creates the photo worker client (a module worker bundled by Vite). */
export function createPhotoClient(): PhotoClient {
	return new PhotoClient(
		() =>
			new Worker(new URL('./photo.worker.ts', import.meta.url), { type: 'module', name: 'photo' })
	);
}

/**
 * The page side of the photo worker: typed calls derived from PhotoApi, AbortSignal cancellation,
 * and a fresh worker after a crash. A cancelled call rejects at once; if the worker has not let go
 * of the job within CANCEL_GRACE_MS (a tile can take long on a slow device) it is terminated, so
 * the device stops working within a second either way.
 */
import type {
	FromPhotoWorker,
	PhotoApi,
	PhotoEvent,
	PhotoMethod,
	PhotoWorkerError,
	ToPhotoWorker
} from './protocol';

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

interface Pending {
	/** The call as posted, so it can be replayed on a fresh worker. */
	message: ToPhotoWorker;
	resolve(value: unknown): void;
	reject(err: unknown): void;
	onEvent?: (e: PhotoEvent) => void;
}

export interface PhotoCallOptions {
	signal?: AbortSignal;
	onEvent?: (e: PhotoEvent) => void;
}

/** A handle on one photo worker (started on first call). */
export class PhotoClient {
	private worker: Worker | undefined;
	private nextId = 1;
	private pending = new Map<number, Pending>();
	/** Cancelled calls the worker has not yet answered, with their termination timers. */
	private draining = new Map<number, ReturnType<typeof setTimeout>>();

	constructor(private readonly create: () => Worker) {}

	private ensure(): Worker {
		if (this.worker) return this.worker;
		const w = this.create();
		w.onmessage = (e: MessageEvent<FromPhotoWorker>) => this.receive(e.data);
		w.onerror = (e) => {
			e.preventDefault();
			this.failAll(
				new PhotoWorkerFailure({
					name: 'WorkerCrashed',
					message: e.message || 'The photo worker stopped.'
				})
			);
		};
		this.worker = w;
		return w;
	}

	private receive(msg: FromPhotoWorker): void {
		if (msg.type !== 'event') {
			const timer = this.draining.get(msg.id);
			if (timer !== undefined) {
				clearTimeout(timer);
				this.draining.delete(msg.id);
			}
		}
		const p = this.pending.get(msg.id);
		if (!p) return;
		if (msg.type === 'event') p.onEvent?.(msg.event);
		else {
			this.pending.delete(msg.id);
			if (msg.type === 'result') p.resolve(msg.value);
			else p.reject(new PhotoWorkerFailure(msg.error));
		}
	}

	/** Kills a worker stuck on a cancelled job; other calls in flight are replayed on a fresh one. */
	private restart(): void {
		for (const t of this.draining.values()) clearTimeout(t);
		this.draining.clear();
		this.worker?.terminate();
		this.worker = undefined;
		if (this.pending.size === 0) return;
		const w = this.ensure();
		for (const p of this.pending.values()) w.postMessage(p.message);
	}

	private failAll(err: Error): void {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
		for (const t of this.draining.values()) clearTimeout(t);
		this.draining.clear();
		this.worker?.terminate();
		this.worker = undefined;
	}

	/** Calls a worker function; rejects with the signal's reason as soon as it aborts. */
	call<M extends PhotoMethod>(
		method: M,
		args: Parameters<PhotoApi[M]>,
		opts: PhotoCallOptions = {}
	): Promise<ReturnType<PhotoApi[M]>> {
		const { signal } = opts;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = this.nextId++;
		const worker = this.ensure();
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				this.pending.delete(id);
				worker.postMessage({ type: 'cancel', id } satisfies ToPhotoWorker);
				this.draining.set(
					id,
					setTimeout(() => {
						// The job did not stop in time: kill the worker (calls in flight move to a fresh one).
						if (this.worker === worker) this.restart();
					}, CANCEL_GRACE_MS)
				);
				reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			const message = { type: 'call', id, method, args } as ToPhotoWorker;
			this.pending.set(id, {
				message,
				resolve: (v) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(v as ReturnType<PhotoApi[M]>);
				},
				reject: (e) => {
					signal?.removeEventListener('abort', onAbort);
					reject(e);
				},
				onEvent: opts.onEvent
			});
			worker.postMessage(message);
		});
	}

	/** Stops the worker; pending calls reject. */
	terminate(): void {
		this.failAll(
			new PhotoWorkerFailure({ name: 'AbortError', message: 'The photo worker was stopped.' })
		);
	}
}

/** Creates the photo worker client (a module worker bundled by Vite). */
export function createPhotoClient(): PhotoClient {
	return new PhotoClient(
		() =>
			new Worker(new URL('./photo.worker.ts', import.meta.url), { type: 'module', name: 'photo' })
	);
}

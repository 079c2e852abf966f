/**
 * The page side of the compute worker: typed calls derived from ComputeApi, cancellation through
 * AbortSignal, and a fresh worker after a crash. tfjs is loaded only inside the worker.
 */
import type {
	ComputeApi,
	ComputeEvent,
	FromWorker,
	Method,
	ToWorker,
	WorkerError
} from './protocol';

/** An error raised inside the worker, rethrown on the page with its name kept. */
export class ComputeError extends Error {
	constructor(readonly detail: WorkerError) {
		super(detail.message);
		this.name = detail.name;
	}
}

interface Pending {
	resolve(value: unknown): void;
	reject(err: unknown): void;
	onEvent?: (e: ComputeEvent) => void;
}

export interface CallOptions {
	signal?: AbortSignal;
	onEvent?: (e: ComputeEvent) => void;
}

/** A handle on one compute worker. */
export class ComputeClient {
	private worker: Worker | undefined;
	private nextId = 1;
	private pending = new Map<number, Pending>();

	constructor(private readonly create: () => Worker) {}

	private ensure(): Worker {
		if (this.worker) return this.worker;
		const w = this.create();
		w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
		w.onerror = (e) => {
			e.preventDefault();
			this.failAll(
				new ComputeError({
					name: 'WorkerCrashed',
					message: e.message || 'The compute worker stopped.'
				})
			);
		};
		this.worker = w;
		return w;
	}

	private receive(msg: FromWorker): void {
		const p = this.pending.get(msg.id);
		if (!p) return;
		if (msg.type === 'event') p.onEvent?.(msg.event);
		else {
			this.pending.delete(msg.id);
			if (msg.type === 'result') p.resolve(msg.value);
			else p.reject(new ComputeError(msg.error));
		}
	}

	private failAll(err: Error): void {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
		this.worker?.terminate();
		this.worker = undefined;
	}

	/** Calls a worker function; rejects with AbortError when `signal` aborts. */
	call<M extends Method>(
		method: M,
		args: Parameters<ComputeApi[M]>,
		opts: CallOptions = {}
	): Promise<ReturnType<ComputeApi[M]>> {
		const { signal } = opts;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = this.nextId++;
		const worker = this.ensure();
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				this.pending.delete(id);
				worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
				reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.pending.set(id, {
				resolve: (v) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(v as ReturnType<ComputeApi[M]>);
				},
				reject: (e) => {
					signal?.removeEventListener('abort', onAbort);
					reject(e);
				},
				onEvent: opts.onEvent
			});
			worker.postMessage({ type: 'call', id, method, args } as ToWorker);
		});
	}

	/** Stops the worker; pending calls reject. The next call starts a fresh worker. */
	terminate(): void {
		this.failAll(
			new ComputeError({ name: 'AbortError', message: 'The compute worker was restarted.' })
		);
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

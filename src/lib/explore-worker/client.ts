/**
 * The page side of the explore worker: typed calls derived from ExploreApi, cancellation through
 * AbortSignal. tfjs is loaded only inside the worker.
 */
import type {
	ExploreApi,
	ExploreEvent,
	ExploreMethod,
	FromExploreWorker,
	ToExploreWorker
} from './protocol';

/** An error raised inside the worker, rethrown on the page with its name kept. */
export class ExploreError extends Error {
	constructor(detail: { name: string; message: string }) {
		super(detail.message);
		this.name = detail.name;
	}
}

interface Pending {
	resolve(value: unknown): void;
	reject(err: unknown): void;
	onEvent?: (e: ExploreEvent) => void;
}

/** A handle on one explore worker. */
export class ExploreClient {
	private worker: Worker | undefined;
	private nextId = 1;
	private pending = new Map<number, Pending>();

	constructor(private readonly create: () => Worker) {}

	private ensure(): Worker {
		if (this.worker) return this.worker;
		const w = this.create();
		w.onmessage = (e: MessageEvent<FromExploreWorker>) => this.receive(e.data);
		w.onerror = (e) => {
			e.preventDefault();
			for (const p of this.pending.values()) {
				p.reject(new ExploreError({ name: 'WorkerCrashed', message: e.message || 'crashed' }));
			}
			this.pending.clear();
			w.terminate();
			this.worker = undefined;
		};
		this.worker = w;
		return w;
	}

	private receive(msg: FromExploreWorker): void {
		const p = this.pending.get(msg.id);
		if (!p) return;
		if (msg.type === 'event') p.onEvent?.(msg.event);
		else {
			this.pending.delete(msg.id);
			if (msg.type === 'result') p.resolve(msg.value);
			else p.reject(new ExploreError(msg.error));
		}
	}

	/** Calls a worker function; rejects with the abort reason when `signal` aborts. */
	call<M extends ExploreMethod>(
		method: M,
		args: Parameters<ExploreApi[M]>,
		opts: { signal?: AbortSignal; onEvent?: (e: ExploreEvent) => void } = {}
	): Promise<ReturnType<ExploreApi[M]>> {
		const { signal } = opts;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = this.nextId++;
		const worker = this.ensure();
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				this.pending.delete(id);
				worker.postMessage({ type: 'cancel', id } satisfies ToExploreWorker);
				reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.pending.set(id, {
				resolve: (v) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(v as ReturnType<ExploreApi[M]>);
				},
				reject: (e) => {
					signal?.removeEventListener('abort', onAbort);
					reject(e);
				},
				onEvent: opts.onEvent
			});
			worker.postMessage({ type: 'call', id, method, args } as ToExploreWorker);
		});
	}

	/** Stops the worker; the next call starts a fresh one. */
	terminate(): void {
		for (const p of this.pending.values()) {
			p.reject(new ExploreError({ name: 'AbortError', message: 'The worker was restarted.' }));
		}
		this.pending.clear();
		this.worker?.terminate();
		this.worker = undefined;
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

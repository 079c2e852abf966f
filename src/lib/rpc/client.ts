/**
 * The page side of a worker that answers typed calls: promises per call, streamed events,
 * cancellation through AbortSignal, and a fresh worker after a crash. The compute, explore and
 * photo workers each wrap one.
 */
import type { FromWorkerMessage, ToWorkerMessage, WireError, WorkerApi } from './messages';

export interface RpcCallOptions<Event> {
	signal?: AbortSignal;
	onEvent?: (e: Event) => void;
}

/** An error raised inside a worker, rethrown on the page with its name (and code, if any) kept. */
export class WorkerFailure extends Error {
	readonly code: string | undefined;
	constructor(readonly detail: WireError) {
		super(detail.message);
		this.name = detail.name;
		this.code = detail.code;
	}
}

export interface RpcClientOptions {
	/** The worker's name in messages ("The photo worker stopped."). */
	name: string;
	/**
	 * When set, a cancelled call that the worker has not let go of within this many ms gets the
	 * worker killed (a long kernel cannot see the abort), and the other calls in flight are sent
	 * again to a fresh one; so cancelling stops the device's work in bounded time.
	 */
	cancelGraceMs?: number;
}

interface Pending<Event> {
	/** The call as posted, so it can be replayed on a fresh worker. */
	message: unknown;
	resolve(value: unknown): void;
	reject(err: unknown): void;
	onEvent?: (e: Event) => void;
}

/** A handle on one worker (started on the first call). */
export class RpcClient<Api extends WorkerApi<Api>, Event> {
	private worker: Worker | undefined;
	private nextId = 1;
	private pending = new Map<number, Pending<Event>>();
	/** Cancelled calls the worker has not yet answered, with their termination timers. */
	private draining = new Map<number, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly create: () => Worker,
		private readonly opts: RpcClientOptions
	) {}

	private ensure(): Worker {
		if (this.worker) return this.worker;
		const w = this.create();
		w.onmessage = (e: MessageEvent<FromWorkerMessage<Event>>) => this.receive(e.data);
		w.onerror = (e) => {
			e.preventDefault();
			this.failAll(
				new WorkerFailure({
					name: 'WorkerCrashed',
					message: e.message || `The ${this.opts.name} worker stopped.`
				})
			);
		};
		this.worker = w;
		return w;
	}

	private receive(msg: FromWorkerMessage<Event>): void {
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
			else p.reject(new WorkerFailure(msg.error));
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
	call<M extends keyof Api & string>(
		method: M,
		args: Parameters<Api[M]>,
		opts: RpcCallOptions<Event> = {}
	): Promise<ReturnType<Api[M]>> {
		const { signal } = opts;
		if (signal?.aborted) return Promise.reject(signal.reason);
		const id = this.nextId++;
		const worker = this.ensure();
		return new Promise((resolve, reject) => {
			const onAbort = () => {
				this.pending.delete(id);
				worker.postMessage({ type: 'cancel', id } satisfies ToWorkerMessage<Api>);
				const grace = this.opts.cancelGraceMs;
				if (grace !== undefined) {
					this.draining.set(
						id,
						setTimeout(() => {
							// The job did not stop in time: kill the worker (calls in flight move to a fresh one).
							if (this.worker === worker) this.restart();
						}, grace)
					);
				}
				reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			const message = { type: 'call', id, method, args } as ToWorkerMessage<Api>;
			this.pending.set(id, {
				message,
				resolve: (v) => {
					signal?.removeEventListener('abort', onAbort);
					resolve(v as ReturnType<Api[M]>);
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

	/** Stops the worker; pending calls reject. The next call starts a fresh worker. */
	terminate(): void {
		this.failAll(
			new WorkerFailure({
				name: 'AbortError',
				message: `The ${this.opts.name} worker was stopped.`
			})
		);
	}
}

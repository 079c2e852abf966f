/**
 * The page side of a worker that answers typed calls: promises per call, streamed events,
 * cancellation through AbortSignal, and a fresh worker after a crash. The compute, explore and
 * photo workers each wrap one.
 */
import type { FromWorkerMessage, ToWorkerMessage, WireError, WorkerApi } from './messages';

export interface RpcCallOptions<Event> {
	signal?: AbortSignal;
	onEvent?: (e: Event) => void;
	/**
	 * Whether the call may be sent again to a fresh worker when a stuck cancelled job gets the
	 * worker killed (default true: fine for idempotent work such as a photo tile). A call with side
	 * effects (a training run that creates a model) sets false: it rejects with WorkerRestarted.
	 */
	replay?: boolean;
	/**
	 * Keep passing this call's events to `onEvent` after it is aborted, until the worker answers
	 * (default false). For a job that still reports while it winds down: a stopped training run's
	 * last save can fail for want of space, and the person must hear of it.
	 */
	lateEvents?: boolean;
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
	 * again to a fresh one (unless they opt out with `replay: false`); so cancelling stops the
	 * device's work in bounded time.
	 */
	cancelGraceMs?: number;
}

interface Pending<Event> {
	/** The call as posted, so it can be replayed on a fresh worker. */
	message: unknown;
	/** The worker the call was last posted to: its cancel must reach that one. */
	worker: Worker;
	replay: boolean;
	lateEvents: boolean;
	resolve(value: unknown): void;
	reject(err: unknown): void;
	onEvent?: (e: Event) => void;
}

/** A cancelled call the worker has not answered yet: it may still report (a last save failing). */
interface Draining<Event> {
	worker: Worker;
	onEvent?: (e: Event) => void;
	/** Kills the worker if the job does not stop within the cancel grace. */
	timer?: ReturnType<typeof setTimeout>;
}

/** A handle on one worker (started on the first call). */
export class RpcClient<Api extends WorkerApi<Api>, Event> {
	private worker: Worker | undefined;
	private nextId = 1;
	private pending = new Map<number, Pending<Event>>();
	/** Cancelled calls the worker has not yet answered. */
	private draining = new Map<number, Draining<Event>>();

	constructor(
		private readonly create: () => Worker,
		private readonly opts: RpcClientOptions
	) {}

	private ensure(): Worker {
		if (this.worker) return this.worker;
		const w = this.create();
		w.onmessage = (e: MessageEvent<FromWorkerMessage<Event>>) => this.receive(w, e.data);
		w.onerror = (e) => {
			e.preventDefault();
			// A worker already replaced must not fail the calls now running on its successor.
			if (w !== this.worker) return;
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

	private receive(from: Worker, msg: FromWorkerMessage<Event>): void {
		if (from !== this.worker) return;
		const d = this.draining.get(msg.id);
		if (d) {
			// The caller has its rejection already; it still hears the job wind down if it asked to.
			if (msg.type === 'event') d.onEvent?.(msg.event);
			else {
				clearTimeout(d.timer);
				this.draining.delete(msg.id);
			}
			return;
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

	private stopDraining(): void {
		for (const d of this.draining.values()) clearTimeout(d.timer);
		this.draining.clear();
	}

	/**
	 * Kills a worker stuck on a cancelled job; other calls in flight are replayed on a fresh one,
	 * except those that must not run twice, which reject.
	 */
	private restart(): void {
		this.stopDraining();
		this.worker?.terminate();
		this.worker = undefined;
		for (const [id, p] of this.pending) {
			if (p.replay) continue;
			this.pending.delete(id);
			p.reject(
				new WorkerFailure({
					name: 'WorkerRestarted',
					message: `The ${this.opts.name} worker was restarted; this call was stopped and not sent again.`
				})
			);
		}
		if (this.pending.size === 0) return;
		const w = this.ensure();
		for (const p of this.pending.values()) {
			p.worker = w;
			w.postMessage(p.message);
		}
	}

	private failAll(err: Error): void {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
		this.stopDraining();
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
				const p = this.pending.get(id);
				if (!p) return;
				this.pending.delete(id);
				// After a restart the call lives on a fresh worker: that is the one to tell and to kill.
				const d: Draining<Event> = {
					worker: p.worker,
					onEvent: p.lateEvents ? p.onEvent : undefined
				};
				this.draining.set(id, d);
				p.worker.postMessage({ type: 'cancel', id } satisfies ToWorkerMessage<Api>);
				const grace = this.opts.cancelGraceMs;
				if (grace !== undefined) {
					d.timer = setTimeout(() => {
						// The job did not stop in time: kill the worker (calls in flight move to a fresh one).
						if (this.worker === d.worker) this.restart();
					}, grace);
				}
				reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			const message = { type: 'call', id, method, args } as ToWorkerMessage<Api>;
			this.pending.set(id, {
				message,
				worker,
				replay: opts.replay ?? true,
				lateEvents: opts.lateEvents ?? false,
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

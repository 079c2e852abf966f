/**
 * The worker side of the call protocol: runs each call's handler with an AbortSignal (cancelled
 * by the page) and an `emit` for its events, and posts the result or the error back.
 */
import type { FromWorkerMessage, ToWorkerMessage, WireError, WorkerApi } from './messages';

/** How a worker implements `Api`: each method gets the call's signal and event emitter first. */
export type Handlers<Api extends WorkerApi<Api>, Event> = {
	[M in keyof Api]: (
		signal: AbortSignal,
		emit: (e: Event) => void,
		...args: Parameters<Api[M]>
	) => Promise<ReturnType<Api[M]>>;
};

export interface ServeOptions {
	/** Buffers to move rather than copy with a message (big images). */
	transfer?: (value: unknown) => Transferable[];
	/** A typed error's code, to cross the boundary with it. */
	errorCode?: (err: unknown) => string | undefined;
}

/** Answers the calls that reach `scope` (the worker's global) with `handlers`. */
export function serveCalls<Api extends WorkerApi<Api>, Event>(
	scope: Pick<DedicatedWorkerGlobalScope, 'postMessage' | 'onmessage'>,
	handlers: Handlers<Api, Event>,
	opts: ServeOptions = {}
): void {
	const running = new Map<number, AbortController>();
	const post = (msg: FromWorkerMessage<Event>, value: unknown) =>
		scope.postMessage(msg, opts.transfer?.(value) ?? []);
	scope.onmessage = async (e: MessageEvent<ToWorkerMessage<Api>>) => {
		const msg = e.data;
		if (msg.type === 'cancel') {
			running.get(msg.id)?.abort();
			return;
		}
		const controller = new AbortController();
		running.set(msg.id, controller);
		try {
			const fn = handlers[msg.method] as (
				signal: AbortSignal,
				emit: (e: Event) => void,
				...args: unknown[]
			) => Promise<unknown>;
			const emit = (event: Event) => post({ type: 'event', id: msg.id, event }, event);
			const value = await fn(controller.signal, emit, ...msg.args);
			post({ type: 'result', id: msg.id, value }, value);
		} catch (err) {
			const error = err instanceof Error ? err : new Error(String(err));
			const detail: WireError = { name: error.name, message: error.message };
			const code = opts.errorCode?.(err);
			if (code !== undefined) detail.code = code;
			post({ type: 'error', id: msg.id, error: detail }, undefined);
		} finally {
			running.delete(msg.id);
		}
	};
}

/**
 * The messages of the page ↔ worker call protocol, generic over a worker's API and its events.
 * Each worker's protocol.ts names its own instance (ToWorker, FromWorker …) as one discriminated
 * union on `type`.
 */

/**
 * A worker API: each method as the page calls it. (`never[]` parameters so that every method's
 * parameter list fits, whatever its types.)
 */
export type WorkerApi<Api> = { [M in keyof Api]: (...args: never[]) => unknown };

/** An error as it crosses the worker boundary; `code` carries a typed error's code, if any. */
export interface WireError {
	name: string;
	message: string;
	code?: string;
}

/** Page → worker: a call of one method with its arguments, or the cancellation of a call. */
export type ToWorkerMessage<Api extends WorkerApi<Api>> =
	| {
			[M in keyof Api & string]: {
				type: 'call';
				id: number;
				method: M;
				args: Parameters<Api[M]>;
			};
	  }[keyof Api & string]
	| { type: 'cancel'; id: number };

/** Worker → page: events a call streams, then its result or its error. */
export type FromWorkerMessage<Event> =
	| { type: 'result'; id: number; value: unknown }
	| { type: 'error'; id: number; error: WireError }
	| { type: 'event'; id: number; event: Event };

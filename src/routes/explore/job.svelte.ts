/** One long call to the explore worker as reactive page state: phase, progress, ETA, cancel. */
import { parseBackendName } from '$lib/ml/backend';
import { readSetting } from '$lib/settings/storage';
import { createExploreClient, type ExploreClient } from '$lib/explore-worker/client';
import type { ExploreApi, ExploreEvent, ExploreMethod } from '$lib/explore-worker/protocol';

let client: ExploreClient | undefined;
let ready: Promise<unknown> | undefined;

/** Bumped each time the shared worker is killed: whatever it held (a PCA fit, an index) is gone. */
export const exploreWorker = $state({ restarts: 0 });

/** The shared explore worker, started with ?backend= or the saved backend setting. */
async function worker(): Promise<ExploreClient> {
	client ??= createExploreClient();
	const c = client;
	if (!ready) {
		const fromUrl = new URL(location.href).searchParams.get('backend');
		const preferred = parseBackendName(fromUrl) ?? parseBackendName(readSetting('backend'));
		ready = c.call('init', [{ preferred }]).catch((err: unknown) => {
			ready = undefined;
			throw err;
		});
	}
	await ready;
	return c;
}

export type JobPhase =
	| 'idle'
	| 'loading-data'
	| 'loading-model'
	| 'training-ae'
	| 'mapping'
	| 'running'
	| 'scoring'
	| 'done'
	| 'cancelled'
	| 'error';

export class Job {
	phase = $state<JobPhase>('idle');
	/** In [0, 1]; undefined when unknown. */
	progress = $state<number | undefined>();
	etaSeconds = $state<number | undefined>();
	loss = $state<number | undefined>();
	error = $state<string | undefined>();
	private controller: AbortController | undefined;

	get busy(): boolean {
		return (
			this.phase === 'loading-data' ||
			this.phase === 'loading-model' ||
			this.phase === 'training-ae' ||
			this.phase === 'mapping' ||
			this.phase === 'running' ||
			this.phase === 'scoring'
		);
	}

	/** Runs `method`; resolves undefined when cancelled or failed (see `phase` and `error`). */
	async run<M extends ExploreMethod>(
		method: M,
		args: Parameters<ExploreApi[M]>,
		opts: { restartOnCancel?: boolean; onEvent?: (e: ExploreEvent) => void } = {}
	): Promise<ReturnType<ExploreApi[M]> | undefined> {
		this.controller?.abort();
		const controller = new AbortController();
		this.controller = controller;
		this.phase = 'running';
		this.progress = undefined;
		this.etaSeconds = undefined;
		this.loss = undefined;
		this.error = undefined;
		const onAbort = () => {
			// Synchronous jobs (K-Means, PCA) cannot see the cancel message: restart the worker.
			if (opts.restartOnCancel) {
				client?.terminate();
				ready = undefined;
				exploreWorker.restarts++;
			}
		};
		controller.signal.addEventListener('abort', onAbort, { once: true });
		try {
			const c = await worker();
			const value = await c.call(method, args, {
				signal: controller.signal,
				onEvent: (e) => {
					this.onEvent(e);
					opts.onEvent?.(e);
				}
			});
			this.phase = 'done';
			this.progress = 1;
			this.etaSeconds = undefined;
			return value;
		} catch (err) {
			if (controller.signal.aborted) this.phase = 'cancelled';
			else {
				this.phase = 'error';
				this.error = err instanceof Error ? err.message : String(err);
			}
			return undefined;
		} finally {
			controller.signal.removeEventListener('abort', onAbort);
		}
	}

	cancel(): void {
		this.controller?.abort();
	}

	private onEvent(e: ExploreEvent): void {
		if (e.type === 'status') {
			this.phase = e.status;
			if (e.status !== 'loading-data') this.progress = undefined;
		} else if (e.type === 'point') {
			// Results for the caller's own handler; not progress.
		} else if (e.type === 'download') {
			this.progress = e.total > 0 ? Math.min(1, e.loaded / e.total) : undefined;
		} else {
			this.progress = e.total > 0 ? e.done / e.total : undefined;
			this.etaSeconds = e.etaSeconds;
			this.loss = e.loss;
		}
	}
}

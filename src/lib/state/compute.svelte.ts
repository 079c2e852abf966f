/** The page's view of the compute worker: which backend runs, and tfjs memory, as reactive state. */
import { parseBackendName, type BackendInfo, type BackendName } from '$lib/ml/backend';
import { readSetting, writeSetting } from '$lib/settings/storage';
import { createComputeClient, type ComputeClient } from '$lib/worker/client';
import type { MemoryInfo } from '$lib/worker/protocol';

class ComputeState {
	info = $state<BackendInfo | undefined>();
	error = $state<string | undefined>();
	memory = $state<MemoryInfo | undefined>();
	starting = $state(false);
	private client: ComputeClient | undefined;
	private ready: Promise<BackendInfo> | undefined;

	/** The backend asked for: ?backend= wins over the saved setting; undefined means automatic. */
	requested(): BackendName | undefined {
		const fromUrl =
			typeof location !== 'undefined' ? new URL(location.href).searchParams.get('backend') : null;
		return parseBackendName(fromUrl) ?? parseBackendName(readSetting('backend'));
	}

	/** Starts the worker and its backend once; every caller shares the same promise. */
	start(): Promise<BackendInfo> {
		if (this.ready) return this.ready;
		this.client ??= createComputeClient();
		this.starting = true;
		// ?threads= (like ?backend=) lets a link or a benchmark pin the WASM thread count.
		const fromUrl =
			typeof location !== 'undefined' ? new URL(location.href).searchParams.get('threads') : null;
		const threads = Number(fromUrl) || Number(readSetting('threads')) || undefined;
		this.ready = this.client
			.call('init', [{ preferred: this.requested(), threads }])
			.then((info) => {
				this.info = info;
				this.error = undefined;
				void this.refreshMemory();
				return info;
			})
			.catch((err: unknown) => {
				this.error = err instanceof Error ? err.message : String(err);
				this.ready = undefined;
				throw err;
			})
			.finally(() => (this.starting = false));
		return this.ready;
	}

	/** The worker handle, started. */
	async worker(): Promise<ComputeClient> {
		await this.start();
		if (!this.client) throw new Error('compute worker missing');
		return this.client;
	}

	async refreshMemory(): Promise<void> {
		if (!this.client || !this.info) return;
		try {
			this.memory = await this.client.call('memory', []);
		} catch {
			// Memory is informational; a failed poll is not worth an error banner.
		}
	}

	/** Saves a backend choice and restarts the worker with it (one backend per worker lifetime). */
	async restart(backend: BackendName | undefined, threads?: number): Promise<void> {
		writeSetting('backend', backend);
		writeSetting('threads', threads ? String(threads) : undefined);
		this.client?.terminate();
		this.client = undefined;
		this.ready = undefined;
		this.info = undefined;
		this.memory = undefined;
		await this.start().catch(() => undefined);
	}
}

export const compute = new ComputeState();

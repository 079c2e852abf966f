/**
 * The photo studio's stylizer training run as app state: it outlives the panel that shows it
 * (switching tabs or methods unmounts the panel while the worker trains on). One run at a time.
 */
import type { PhotoClient } from '$lib/photo-worker/client';
import type { PhotoEvent, TrainStylizerCall } from '$lib/photo-worker/protocol';
import type { RgbaImage } from '$lib/photo/image';
import { STYLIZER_KIND, isStylizerConfig } from '$lib/photo/library-models';
// The modules themselves, not $lib/store's index: that pulls tfjs into the page.
import type { ModelRecord } from '$lib/store/db';
import { listModels } from '$lib/store/library';
import { getStylizerInputs } from '$lib/store/stylizer-inputs';

export type TrainingMessage =
	| { kind: 'done' | 'stopped'; name: string; step: number; steps: number; seconds: number }
	| { kind: 'storage-full'; detail: string }
	| { kind: 'error'; error: unknown };

/** A run that can go on: its photo is stored here and it has not reached its step target. */
export interface ResumableRun {
	record: ModelRecord;
	step: number;
	steps: number;
}

class StylizerTraining {
	phase = $state<'idle' | 'preparing' | 'running' | 'stopping'>('idle');
	progress = $state<{ step: number; total: number; eta: number } | undefined>();
	losses = $state<{ step: number; style: number; content: number } | undefined>();
	preview = $state.raw<{ step: number; image: RgbaImage } | undefined>();
	saved = $state<number | undefined>();
	message = $state.raw<TrainingMessage | undefined>();
	resumable = $state.raw<ResumableRun[]>([]);
	/** The last run trained in this page, for "train it N steps more". */
	last = $state<{ modelId: string; name: string; step: number } | undefined>();
	training = $derived(this.phase !== 'idle');
	private client: PhotoClient | undefined;
	private running: Promise<void> | undefined;

	/** Lists the runs that can be resumed (none when storage is unavailable). */
	async refresh(): Promise<void> {
		try {
			const out: ResumableRun[] = [];
			for (const record of await listModels()) {
				if (record.kind !== STYLIZER_KIND || !isStylizerConfig(record.config)) continue;
				const step = record.metrics.step ?? 0;
				if (step < record.config.steps && (await getStylizerInputs(record.id))) {
					out.push({ record, step, steps: record.config.steps });
				}
			}
			this.resumable = out;
		} catch {
			this.resumable = [];
		}
	}

	private onEvent = (e: PhotoEvent) => {
		if (e.type === 'stylizer-model') {
			this.progress = { step: e.step, total: e.steps, eta: NaN };
			this.saved = e.step > 0 ? e.step : undefined;
		} else if (e.type === 'stylizer-progress') {
			if (this.phase === 'preparing') this.phase = 'running';
			this.progress = { step: e.step, total: e.total, eta: e.etaSeconds };
			this.losses = {
				step: e.step,
				style: e.losses.style ?? NaN,
				content: e.losses.content ?? NaN
			};
		} else if (e.type === 'stylizer-preview') this.preview = { step: e.step, image: e.image };
		else if (e.type === 'stylizer-checkpoint') this.saved = e.step;
		else if (e.type === 'stylizer-storage-full') {
			this.message = { kind: 'storage-full', detail: e.message };
		}
	};

	/** Runs one training call; `ontrained` hears of every run that saved weights. */
	async run(
		client: PhotoClient,
		make: () => Promise<TrainStylizerCall>,
		name: string,
		ontrained: (modelId: string, finished: boolean) => void
	): Promise<void> {
		if (this.training) return;
		this.running = this.runOnce(client, make, name, ontrained);
		return this.running;
	}

	private async runOnce(
		client: PhotoClient,
		make: () => Promise<TrainStylizerCall>,
		name: string,
		ontrained: (modelId: string, finished: boolean) => void
	): Promise<void> {
		this.client = client;
		this.phase = 'preparing';
		this.message = undefined;
		this.progress = undefined;
		this.losses = undefined;
		this.preview = undefined;
		this.saved = undefined;
		try {
			// Never sent twice: a second copy would start a second model from step 0.
			const out = await client.call('trainStylizer', [await make()], {
				onEvent: this.onEvent,
				replay: false
			});
			this.last = { modelId: out.modelId, name, step: out.step };
			// A full disk already said why it stopped (set by an event during the call).
			const said = this.message as TrainingMessage | undefined;
			if (said?.kind !== 'storage-full') {
				this.message = {
					kind: out.stopped === 'done' ? 'done' : 'stopped',
					name,
					step: out.step,
					steps: out.steps,
					seconds: Math.round(out.seconds)
				};
			}
			ontrained(out.modelId, out.stopped === 'done');
		} catch (error) {
			this.message = { kind: 'error', error };
		} finally {
			this.phase = 'idle';
			this.client = undefined;
			await this.refresh();
		}
	}

	/** The run in progress, if any (it settles once the run has ended, however it ended). */
	pending(): Promise<void> | undefined {
		return this.training ? this.running : undefined;
	}

	/** Asks the run to save and stop; its run() then resolves as 'stopped'. */
	async stop(): Promise<void> {
		if (!this.client || this.phase === 'stopping') return;
		this.phase = 'stopping';
		await this.client.call('stopStylizerTraining', []);
	}
}

/** The one stylizer training of this tab. */
export const stylizerTraining = new StylizerTraining();

/**
 * Leaving the photo studio: a running stylizer saves and stops before `then` (which ends the
 * photo worker) runs, so the steps since the last checkpoint are kept; at most `graceMs` later
 * `then` runs anyway.
 */
export async function stopStylizerTrainingThen(then: () => void, graceMs = 15_000): Promise<void> {
	const job = stylizerTraining;
	const running = job.pending();
	if (!running) return then();
	await job.stop().catch(() => undefined);
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([running, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
	clearTimeout(timer);
	then();
}

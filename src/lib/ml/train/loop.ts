/**
 * The one training loop: drives any Trainer over any DatasetProvider with pause/step control,
 * cancellation, throughput and ETA, and hooks for samples and checkpoints. Losses are read from
 * the device only every `readEvery` steps, because each read forces a sync that stalls the queue.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetProvider } from '../data/provider';
import { LoopControl, yieldToEventLoop } from './control';
import type { Trainer } from './trainer';

export interface Progress {
	step: number;
	totalSteps: number;
	epoch: number;
	losses: Record<string, number>;
	samplesPerSec: number;
	etaSeconds: number;
}

export interface TrainLoopOptions {
	trainer: Trainer;
	data: DatasetProvider;
	batchSize: number;
	/** Stop after this many steps in total (counting `startStep`). */
	totalSteps: number;
	/** Resume from here (a checkpoint's step); default 0. */
	startStep?: number;
	signal?: AbortSignal;
	control?: LoopControl;
	/** Read losses and report progress every N steps (default 5). */
	readEvery?: number;
	onProgress?: (p: Progress) => void;
	/** Called every `sampleEvery` steps (and at the end) so the caller can render samples. */
	sampleEvery?: number;
	onSample?: (step: number) => void | Promise<void>;
	/** Called when `checkpointSeconds` of training have passed since the last call, and at the end. */
	checkpointSeconds?: number;
	onCheckpoint?: (step: number, losses: Record<string, number>) => void | Promise<void>;
	now?: () => number;
}

export interface TrainLoopResult {
	step: number;
	stopped: 'done' | 'aborted';
	lastLosses: Record<string, number>;
}

async function readLosses(losses: Record<string, tf.Scalar>): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	const entries = Object.entries(losses);
	const values = await Promise.all(entries.map(([, t]) => t.data()));
	entries.forEach(([k], i) => (out[k] = values[i]?.[0] ?? NaN));
	return out;
}

function disposeLosses(losses: Record<string, tf.Scalar>): void {
	for (const t of Object.values(losses)) t.dispose();
}

/** Trains until `totalSteps` or abort; never leaks the tensors it creates. */
export async function trainLoop(opts: TrainLoopOptions): Promise<TrainLoopResult> {
	const now = opts.now ?? (() => performance.now());
	const control = opts.control ?? new LoopControl();
	const readEvery = Math.max(1, opts.readEvery ?? 5);
	let step = opts.startStep ?? 0;
	let lastLosses: Record<string, number> = {};
	let windowStart = now();
	let windowSteps = 0;
	let rate = 0; // samples/s, smoothed
	let lastCheckpoint = now();

	const report = (losses: Record<string, number>) => {
		const remaining = Math.max(0, opts.totalSteps - step);
		opts.onProgress?.({
			step,
			totalSteps: opts.totalSteps,
			epoch: opts.data.epoch,
			losses,
			samplesPerSec: rate,
			etaSeconds: rate > 0 ? (remaining * opts.batchSize) / rate : NaN
		});
	};

	let checkpointedAt = step;
	const checkpoint = async () => {
		if (!opts.onCheckpoint || checkpointedAt === step) return;
		await opts.onCheckpoint(step, lastLosses);
		checkpointedAt = step;
		lastCheckpoint = now();
	};
	try {
		while (step < opts.totalSteps) {
			const wasPaused = control.state === 'paused';
			// Pausing is when people close laptops: save first, then wait.
			if (wasPaused || control.takeCheckpointRequest()) await checkpoint();
			await control.gate(opts.signal);
			if (control.takeCheckpointRequest()) await checkpoint();
			if (wasPaused) {
				// Time spent paused is not training time.
				windowStart = now();
				windowSteps = 0;
				lastCheckpoint = now();
			}
			const batch = opts.data.nextBatch(opts.batchSize);
			let losses: Record<string, tf.Scalar>;
			try {
				losses = opts.trainer.step(batch);
			} finally {
				batch.x.dispose();
			}
			step++;
			windowSteps++;
			const mustRead =
				step % readEvery === 0 || step === opts.totalSteps || control.state === 'paused';
			if (mustRead) {
				try {
					lastLosses = await readLosses(losses);
				} finally {
					disposeLosses(losses);
				}
				const elapsed = (now() - windowStart) / 1000;
				if (elapsed > 0) {
					const current = (windowSteps * opts.batchSize) / elapsed;
					rate = rate === 0 ? current : 0.7 * rate + 0.3 * current;
				}
				windowStart = now();
				windowSteps = 0;
				report(lastLosses);
			} else {
				disposeLosses(losses);
			}
			if (opts.onSample && opts.sampleEvery && step % opts.sampleEvery === 0) {
				await opts.onSample(step);
			}
			if (
				opts.checkpointSeconds !== undefined &&
				(now() - lastCheckpoint) / 1000 >= opts.checkpointSeconds
			) {
				await checkpoint();
			}
			await yieldToEventLoop();
		}
	} catch (err) {
		if (opts.signal?.aborted) return { step, stopped: 'aborted', lastLosses };
		throw err;
	}
	if (opts.onSample) await opts.onSample(step);
	await checkpoint();
	return { step, stopped: 'done', lastLosses };
}

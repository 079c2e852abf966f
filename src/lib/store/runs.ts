/**
 * A training run's checkpoints, the part every loop shares (the lab's compute worker and the
 * photo studio's stylizer training): resume a trainer and its data cursor from the model's
 * latest checkpoint, and save one with the cursor, the loss history and the latest losses.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isProviderState, type ProviderState } from '$lib/ml/data/provider';
import type { CheckpointRecord, LatentDb, LossHistory } from './db';
import { loadCheckpoint, restoreInto, saveCheckpoint } from './checkpoints';

/** What a run needs of its trainer: its models and optimizers by role. */
export interface RunTrainer {
	models(): Record<string, LayersModel>;
	optimizers(): Record<string, tf.Optimizer>;
}

/** What a run needs of its data: where it is, to save and to restore. */
export interface RunData {
	readonly epoch: number;
	state(): ProviderState;
	restore(state: ProviderState): void;
}

/**
 * Restores `trainer` and `data` from the model's latest checkpoint; returns the step to go on
 * from and the loss history so far (step 0 and an empty history when there is no checkpoint).
 */
export async function resumeRun(
	modelId: string,
	trainer: RunTrainer,
	data: RunData,
	opts: { db?: LatentDb } = {}
): Promise<{ step: number; history: LossHistory }> {
	const history: LossHistory = { steps: [], series: {} };
	const loaded = await loadCheckpoint(modelId, undefined, opts);
	if (!loaded) return { step: 0, history };
	await restoreInto(trainer, loaded);
	const { checkpoint } = loaded;
	if (isProviderState(checkpoint.cursor)) data.restore(checkpoint.cursor);
	history.steps.push(...checkpoint.losses.steps);
	for (const [k, v] of Object.entries(checkpoint.losses.series)) history.series[k] = [...v];
	return { step: checkpoint.step, history };
}

/** Saves a checkpoint of the run at `step`; throws StorageFullError when the quota refuses it. */
export function checkpointRun(opts: {
	modelId: string;
	trainer: RunTrainer;
	data: RunData;
	step: number;
	seed: number;
	history: LossHistory;
	losses: Record<string, number>;
	thumbnail?: Uint8Array;
	db?: LatentDb;
}): Promise<CheckpointRecord> {
	const { trainer, data, step } = opts;
	return saveCheckpoint({
		modelId: opts.modelId,
		models: trainer.models(),
		optimizers: trainer.optimizers(),
		step,
		epoch: data.epoch,
		cursor: { ...data.state() },
		rngSeed: opts.seed,
		losses: opts.history,
		metrics: { step, ...opts.losses },
		thumbnail: opts.thumbnail,
		db: opts.db
	});
}

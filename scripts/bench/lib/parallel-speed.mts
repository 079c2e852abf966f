/** Step time of the grey denoiser job's trainer alone and split over two threads (`--parallel`). */
import * as tf from '@tensorflow/tfjs-core';
import {
	DenoiserTrainer,
	type DenoiserTrainerOptions
} from '../../../src/lib/ml/models/denoiser/train';
import type { Trainer } from '../../../src/lib/ml/train/trainer';
import { DENOISER_BATCH, DENOISER_PATCH, DENOISER_SIZE } from '../../pretrain/jobs.mts';
import { DataParallelDenoiser } from '../../pretrain/parallel.mts';

export interface ParallelSpeed {
	batch: number;
	patch: number;
	steps: number;
	singleSecondsPerStep: number;
	parallelSecondsPerStep: number;
	speedUp: number;
}

async function secondsPerStep(trainer: Trainer, x: tf.Tensor4D, steps: number): Promise<number> {
	for (let i = 0; i < 2; i++) tf.dispose(Object.values(trainer.step({ x })));
	const t0 = performance.now();
	for (let i = 0; i < steps; i++) {
		const losses = trainer.step({ x });
		await losses.loss?.data();
		tf.dispose(Object.values(losses));
	}
	return (performance.now() - t0) / steps / 1000;
}

/** Times `steps` steps (after 2 warm-up steps) of each, on the same random batch. */
export async function measureParallelSpeed(steps: number, seed = 1): Promise<ParallelSpeed> {
	const batch = DENOISER_BATCH;
	const patch = DENOISER_PATCH;
	const options: DenoiserTrainerOptions = { channels: 1, ...DENOISER_SIZE, seed };
	const x = tf.randomUniform([batch, patch, patch, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
	const single = new DenoiserTrainer(options);
	let parallel: DataParallelDenoiser | undefined;
	try {
		const singleSecondsPerStep = await secondsPerStep(single, x, steps);
		parallel = await DataParallelDenoiser.create(new DenoiserTrainer(options), options, batch, [
			patch,
			patch,
			1
		]);
		const parallelSecondsPerStep = await secondsPerStep(parallel, x, steps);
		return {
			batch,
			patch,
			steps,
			singleSecondsPerStep,
			parallelSecondsPerStep,
			speedUp: singleSecondsPerStep / parallelSecondsPerStep
		};
	} finally {
		single.dispose();
		parallel?.dispose();
		x.dispose();
	}
}

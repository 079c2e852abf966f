/**
 * One training run inside the compute worker: data → trainer → loop, streaming progress and
 * sample grids to the page. Everything it allocates is released when the run ends or is cancelled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createInMemoryProvider } from '$lib/ml/data/provider';
import { findBuilder } from '$lib/ml/models/catalog';
import { findSpec, normaliseParams } from '$lib/ml/models/specs';
import { LoopControl } from '$lib/ml/train/control';
import { trainLoop } from '$lib/ml/train/loop';
import { loadFashion } from './datasets';
import { rowsToGrid } from './images';
import type { ComputeEvent, ControlCommand, TrainRequest, TrainSummary } from './protocol';

const PREVIEW_COUNT = 8;

let current: LoopControl | undefined;

/** Applies a control command to the running training, if any. */
export function controlTraining(cmd: ControlCommand): void {
	if (!current) return;
	if (cmd.action === 'pause') current.pause();
	else if (cmd.action === 'resume') current.resume();
	else if (cmd.action === 'step') current.stepOnce();
	else current.delayMs = Math.max(0, Math.min(5000, cmd.delayMs));
}

function countParams(trainer: { models(): Record<string, { countParams(): number }> }): number {
	return Object.values(trainer.models()).reduce((n, m) => n + m.countParams(), 0);
}

/** Runs one training job to completion or cancellation. */
export async function runTraining(
	req: TrainRequest,
	signal: AbortSignal,
	emit: (e: ComputeEvent) => void
): Promise<TrainSummary> {
	if (current) throw new Error('A training run is already in progress in this tab.');
	const spec = findSpec(req.kind);
	const family = findBuilder(req.kind);
	if (!spec || !family) throw new Error(`Unknown model "${req.kind}".`);
	const params = normaliseParams(spec, req.params);
	const seed = params.seed as number;
	const control = new LoopControl();
	current = control;
	const t0 = performance.now();
	emit({ type: 'status', status: 'loading-data' });
	try {
		const { train, test } = await loadFashion({
			signal,
			onProgress: (p) =>
				emit({ type: 'download', what: 'Fashion-MNIST', loaded: p.loaded, total: p.total })
		});
		signal.throwIfAborted();
		emit({ type: 'status', status: 'building' });
		const data = createInMemoryProvider({
			images: train.images,
			labels: train.labels,
			shape: [train.rows, train.cols, 1],
			seed
		});
		const px = test.rows * test.cols;
		const fixed = tf.tidy(() =>
			tf.div(
				tf.tensor4d(Float32Array.from(test.images.subarray(0, PREVIEW_COUNT * px)), [
					PREVIEW_COUNT,
					test.rows,
					test.cols,
					1
				]),
				255
			)
		) as tf.Tensor4D;
		const trainer = family.create(params, seed);
		try {
			emit({ type: 'status', status: 'running', paramCount: countParams(trainer) });
			const sample = async (step: number) => {
				const { labels, grid } = await rowsToGrid(family.preview(trainer, fixed, seed));
				emit({ type: 'samples', step, rows: labels, grid });
			};
			await sample(0);
			const result = await trainLoop({
				trainer,
				data,
				batchSize: params.batchSize as number,
				totalSteps: params.steps as number,
				signal,
				control,
				readEvery: 5,
				sampleEvery: req.sampleEvery ?? 25,
				onSample: sample,
				onProgress: (p) => {
					emit({ type: 'progress', ...p });
					if (control.state === 'paused') emit({ type: 'status', status: 'paused' });
				}
			});
			return {
				step: result.step,
				stopped: result.stopped,
				losses: result.lastLosses,
				seconds: (performance.now() - t0) / 1000
			};
		} finally {
			trainer.dispose();
			fixed.dispose();
			data.dispose();
		}
	} finally {
		current = undefined;
	}
}

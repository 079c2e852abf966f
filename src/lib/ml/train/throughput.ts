/**
 * Training throughput of one trainer on one fixed random batch: warm-up steps (kernel
 * compilation, XNNPACK operator set-up), then timed steps for a wall-clock budget. Shared by the
 * Node benchmark and the browser's "measure training speed" diagnostics, so both time the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from './trainer';

export interface ThroughputOptions {
	trainer: Trainer;
	batch: number;
	/** Untimed steps first. */
	warmup: number;
	/** Timed budget; at least `minSteps` steps run whatever the budget. */
	seconds: number;
	minSteps?: number;
	seed?: number;
	signal?: AbortSignal;
	/** Called after every timed step (e.g. to sample RSS in Node). */
	onStep?: () => void;
	/** Called with the fraction of the timed budget used, for a progress bar. */
	onProgress?: (fraction: number) => void;
}

export interface ThroughputResult {
	steps: number;
	seconds: number;
	samplesPerSec: number;
	/** Highest tf.memory().numBytes seen after a step. */
	peakBytes: number;
	tensorsAfterWarmup: number;
	tensorsAfterSteps: number;
	/** No tensor count growth over the timed steps. */
	leakFree: boolean;
}

/** Times `trainer.step` on a fixed batch [batch, 28, 28, 1]; the batch is disposed afterwards. */
export async function measureThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
	const { trainer, batch, warmup, seconds, minSteps = 3, seed = 1, signal } = opts;
	const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
	let peakBytes = 0;
	const step = async () => {
		const losses = trainer.step({ x });
		// Waiting for one loss is what makes the timing honest on asynchronous backends (WebGPU).
		await Object.values(losses)[0]?.data();
		peakBytes = Math.max(peakBytes, tf.memory().numBytes);
		tf.dispose(Object.values(losses));
	};
	try {
		for (let i = 0; i < warmup; i++) {
			signal?.throwIfAborted();
			await step();
		}
		const tensorsAfterWarmup = tf.memory().numTensors;
		let steps = 0;
		const t0 = performance.now();
		const elapsed = () => (performance.now() - t0) / 1000;
		while (elapsed() < seconds || steps < minSteps) {
			signal?.throwIfAborted();
			await step();
			steps++;
			opts.onStep?.();
			opts.onProgress?.(Math.min(1, elapsed() / seconds));
		}
		const wall = elapsed();
		const tensorsAfterSteps = tf.memory().numTensors;
		return {
			steps,
			seconds: wall,
			samplesPerSec: (steps * batch) / wall,
			peakBytes,
			tensorsAfterWarmup,
			tensorsAfterSteps,
			leakFree: tensorsAfterSteps <= tensorsAfterWarmup
		};
	} finally {
		x.dispose();
	}
}

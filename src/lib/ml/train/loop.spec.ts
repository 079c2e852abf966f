import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryProvider } from '../data/provider';
import { LoopControl } from './control';
import { trainLoop, type Progress } from './loop';
import type { Trainer } from './trainer';

/** A real (tiny) trainer: a dense layer learning to reproduce the mean brightness of an image. */
function meanBrightnessTrainer(): Trainer {
	const model = tfl.sequential({
		layers: [tfl.layers.dense({ inputShape: [16], units: 1, kernelInitializer: 'zeros' })]
	});
	const optimizer = tf.train.adam(0.05);
	return {
		kind: 'test-linear',
		step(batch) {
			return tf.tidy(() => {
				const x = tf.reshape(batch.x, [batch.x.shape[0], 16]);
				const y = tf.mean(x, 1, true);
				const loss = optimizer.minimize(
					() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor),
					true
				) as tf.Scalar;
				return { loss };
			});
		},
		models: () => ({ model }),
		optimizers: () => ({ model: optimizer }),
		dispose() {
			model.dispose();
			optimizer.dispose();
		}
	};
}

function provider(seed = 1) {
	const images = new Uint8Array(200 * 16).map((_, i) => (i * 37) % 256);
	return createInMemoryProvider({ images, shape: [4, 4, 1], seed });
}

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('trainLoop', () => {
	it('trains until totalSteps, the loss falls, progress has ETA, and nothing leaks', async () => {
		const before = tf.memory().numTensors;
		const trainer = meanBrightnessTrainer();
		const data = provider();
		const progress: Progress[] = [];
		const samples: number[] = [];
		const result = await trainLoop({
			trainer,
			data,
			batchSize: 20,
			totalSteps: 60,
			readEvery: 5,
			onProgress: (p) => progress.push(p),
			sampleEvery: 20,
			onSample: (s) => void samples.push(s)
		});
		expect(result).toMatchObject({ step: 60, stopped: 'done' });
		expect(progress.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
		const first = progress[0]?.losses.loss ?? NaN;
		const last = progress.at(-1)?.losses.loss ?? NaN;
		expect(last).toBeLessThan(first * 0.5);
		expect(progress[3]?.samplesPerSec).toBeGreaterThan(0);
		expect(progress[3]?.etaSeconds).toBeGreaterThan(0);
		expect(progress.at(-1)?.etaSeconds).toBe(0);
		// 60 steps × 20 = 1200 examples = 6 passes over 200 (the provider counts a pass when it wraps)
		expect(progress.at(-1)?.epoch).toBeGreaterThanOrEqual(5);
		expect(samples).toEqual([20, 40, 60, 60]);
		trainer.dispose();
		data.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('pauses, single-steps and resumes, and stops promptly on abort', async () => {
		const trainer = meanBrightnessTrainer();
		const data = provider();
		const control = new LoopControl();
		const controller = new AbortController();
		const steps: number[] = [];
		const saved: number[] = [];
		control.pause();
		const run = trainLoop({
			onCheckpoint: (s) => void saved.push(s),
			trainer,
			data,
			batchSize: 10,
			totalSteps: 1_000_000,
			readEvery: 1,
			control,
			signal: controller.signal,
			onProgress: (p) => steps.push(p.step)
		});
		await new Promise((r) => setTimeout(r, 50));
		expect(steps).toEqual([]); // paused before the first step
		control.stepOnce();
		await new Promise((r) => setTimeout(r, 50));
		expect(steps).toEqual([1]);
		control.stepOnce();
		await new Promise((r) => setTimeout(r, 50));
		expect(steps).toEqual([1, 2]);
		// Pausing saves a checkpoint (once per paused position).
		expect(saved).toEqual([1, 2]);
		control.resume();
		await new Promise((r) => setTimeout(r, 100));
		expect(steps.length).toBeGreaterThan(3);
		const t0 = performance.now();
		controller.abort();
		const result = await run;
		expect(result.stopped).toBe('aborted');
		expect(performance.now() - t0).toBeLessThan(1000);
		trainer.dispose();
		data.dispose();
	});

	it('resumes from a start step and checkpoints on its clock and at the end', async () => {
		const trainer = meanBrightnessTrainer();
		const data = provider();
		let clock = 0;
		const checkpoints: number[] = [];
		await trainLoop({
			trainer,
			data,
			batchSize: 10,
			startStep: 30,
			totalSteps: 40,
			now: () => (clock += 1000), // every call advances a second
			checkpointSeconds: 5,
			onCheckpoint: (s) => void checkpoints.push(s)
		});
		expect(checkpoints.length).toBeGreaterThan(1);
		expect(checkpoints.at(-1)).toBe(40);
		expect(checkpoints[0]).toBeGreaterThan(30);
		trainer.dispose();
		data.dispose();
	});
});

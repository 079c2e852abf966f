/**
 * The contract every trainable model family implements, so one training loop (in the browser
 * worker, in Node for tests, benchmarks and pretraining) drives them all.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** One mini-batch. `x` is [n, h, w, c] in [0, 1]; `labels` are class ids when known. */
export interface Batch {
	x: tf.Tensor4D;
	labels?: Int32Array;
}

/**
 * Loss values of one step, still on the device. The loop reads them only every few steps
 * (reading forces a sync), then disposes them.
 */
export type StepLosses = Record<string, tf.Scalar>;

export interface Trainer {
	/** Model family id, e.g. 'conv-ae', 'dcgan'. */
	readonly kind: string;
	/** One optimisation step. Must not leak tensors other than the returned losses. */
	step(batch: Batch): StepLosses;
	/** The layers models whose weights make up a checkpoint, by role (e.g. { generator, discriminator }). */
	models(): Record<string, LayersModel>;
	/** The optimizers whose state makes up a checkpoint, by the same role names. */
	optimizers(): Record<string, tf.Optimizer>;
	/** Releases every tensor the trainer owns. */
	dispose(): void;
}

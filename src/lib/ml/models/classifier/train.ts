/**
 * Adam trainer for the CNN classifier: L = mean softmax cross-entropy(onehot(y), logits).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { buildClassifier, type ClassifierOptions } from './model';

export const DEFAULT_LEARNING_RATE = 1e-3;

export interface ClassifierTrainerOptions extends ClassifierOptions {
	learningRate?: number;
}

/** Implements the shared Trainer; step() returns { loss, acc } (batch accuracy). */
export class ClassifierTrainer implements Trainer {
	readonly kind = 'classifier';
	readonly model: LayersModel;
	readonly classes: number;
	private readonly optimizer: tf.AdamOptimizer;

	constructor(opts: ClassifierTrainerOptions = {}) {
		this.classes = opts.classes ?? 10;
		this.model = buildClassifier(opts);
		this.optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_LEARNING_RATE);
	}

	step(batch: Batch): StepLosses {
		if (!batch.labels) throw new Error('classifier training needs labelled batches');
		const labels = batch.labels;
		const n = batch.x.shape[0];
		if (labels.length !== n) throw new Error(`${n} images but ${labels.length} labels`);
		const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), this.classes));
		let acc: tf.Scalar | undefined;
		const vars = this.model.trainableWeights.map((v) => v.read() as tf.Variable);
		try {
			const loss = this.optimizer.minimize(
				() => {
					const logits = this.model.apply(batch.x, { training: true }) as tf.Tensor2D;
					acc = tf.keep(
						tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'))
					);
					return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
				},
				true,
				vars
			);
			if (!loss || !acc) throw new Error('classifier step produced no loss');
			return { loss, acc };
		} finally {
			y.dispose();
		}
	}

	models(): Record<string, LayersModel> {
		return { classifier: this.model };
	}

	optimizers(): Record<string, tf.Optimizer> {
		return { classifier: this.optimizer };
	}

	dispose(): void {
		this.optimizer.dispose();
		this.model.dispose();
	}
}

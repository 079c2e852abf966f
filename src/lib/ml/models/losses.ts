/** Reconstruction losses shared by the autoencoder family; each returns a scalar mean. */
import * as tf from '@tensorflow/tfjs-core';

export type ReconstructionLoss = 'mse' | 'bce';

/** Keeps log() finite when a sigmoid output saturates (Keras uses the same epsilon). */
export const BCE_EPSILON = 1e-7;

/** MSE = mean((x̂ − x)²) over every value. */
export function meanSquaredError(target: tf.Tensor, prediction: tf.Tensor): tf.Scalar {
	return tf.tidy(() => tf.mean(tf.square(tf.sub(prediction, target))));
}

/** BCE = −mean(x·log x̂ + (1 − x)·log(1 − x̂)), x̂ clipped to [ε, 1 − ε]; targets in [0, 1]. */
export function binaryCrossEntropy(target: tf.Tensor, prediction: tf.Tensor): tf.Scalar {
	return tf.tidy(() => {
		const p = tf.clipByValue(prediction, BCE_EPSILON, 1 - BCE_EPSILON);
		const ll = tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p))));
		return tf.neg(tf.mean(ll));
	});
}

/** Per-sample summed BCE over features: Σ_j −(x_j·log x̂_j + (1 − x_j)·log(1 − x̂_j)), shape [n]. */
export function binaryCrossEntropyPerSample(
	target: tf.Tensor2D,
	prediction: tf.Tensor2D
): tf.Tensor1D {
	return tf.tidy(() => {
		const p = tf.clipByValue(prediction, BCE_EPSILON, 1 - BCE_EPSILON);
		const ll = tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p))));
		return tf.neg(tf.sum(ll, 1));
	});
}

/** The loss function for a name. */
export function reconstructionLoss(
	kind: ReconstructionLoss
): (t: tf.Tensor, p: tf.Tensor) => tf.Scalar {
	return kind === 'bce' ? binaryCrossEntropy : meanSquaredError;
}

/**
 * Sigmoid cross-entropy from logits, mean over all entries, in the overflow-free form
 * max(l, 0) − l·y + log(1 + exp(−|l|)) (as in TensorFlow's sigmoid_cross_entropy_with_logits).
 */
export function sigmoidCrossEntropyWithLogits(
	labels: tf.Tensor | number,
	logits: tf.Tensor
): tf.Scalar {
	return tf.tidy(() =>
		tf.mean(
			tf.add(
				tf.sub(tf.relu(logits), tf.mul(logits, labels)),
				tf.log1p(tf.exp(tf.neg(tf.abs(logits))))
			)
		)
	);
}

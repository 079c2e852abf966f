/** Batched evaluation helpers on Fashion-MNIST-shaped data (28×28×1 in [0, 1]). */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../../../src/lib/ml/data/fashion-mnist';
import { arraySource, encodeAll, transformAll } from '../../../src/lib/ml/representations/fewshot';

/** The first `limit` images of `set` as floats in [0, 1], row-major n×(h·w). */
export function unitFloats(set: ImageSet, limit = set.count): Float32Array {
	const n = Math.min(limit, set.count);
	const px = set.rows * set.cols;
	const out = new Float32Array(n * px);
	for (let i = 0; i < out.length; i++) out[i] = (set.images[i] ?? 0) / 255;
	return out;
}

/** Runs `fn` on consecutive [m, 28, 28, 1] slices of flat pixels and concatenates its 2-D outputs. */
export function mapBatches(
	pixels: Float32Array,
	fn: (x: tf.Tensor4D) => tf.Tensor,
	batch = 500
): Float32Array {
	const images = (x: tf.Tensor2D) => fn(tf.reshape(x, [x.shape[0], 28, 28, 1]));
	return transformAll(arraySource(pixels, 784), images, batch).values;
}

/** Mean squared error per value between two equally long arrays. */
export function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
	if (a.length !== b.length) throw new RangeError(`${a.length} vs ${b.length} values`);
	let s = 0;
	for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
	return s / a.length;
}

/** Predicts a LayersModel over flat pixels (its input reshaped as it expects: flat or image). */
export function predictFlat(
	model: tfl.LayersModel,
	pixels: Float32Array,
	batch = 500
): Float32Array {
	return encodeAll(model, arraySource(pixels, 784), batch);
}

/** Number of distinct values in `labels` that occur at least `minCount` times. */
export function classesCovered(labels: ArrayLike<number>, minCount = 1): number {
	const counts = new Map<number, number>();
	for (let i = 0; i < labels.length; i++) {
		const l = labels[i] ?? -1;
		counts.set(l, (counts.get(l) ?? 0) + 1);
	}
	let c = 0;
	for (const v of counts.values()) if (v >= minCount) c++;
	return c;
}

/** Helpers for custom training steps over layers models' variables. */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** The trainable variables of several models, each once (shared or tied weights are not repeated). */
export function uniqueVariables(models: LayersModel[]): tf.Variable[] {
	const seen = new Set<number>();
	const out: tf.Variable[] = [];
	for (const m of models) {
		for (const w of m.trainableWeights) {
			const v = w.read() as tf.Variable;
			if (seen.has(v.id)) continue;
			seen.add(v.id);
			out.push(v);
		}
	}
	return out;
}

/** The gradients of just `vars` from a gradient map keyed by variable name, ready for applyGradients. */
export function pick(
	grads: tf.NamedTensorMap,
	vars: readonly tf.Variable[]
): { name: string; tensor: tf.Tensor }[] {
	const out: { name: string; tensor: tf.Tensor }[] = [];
	for (const v of vars) {
		const g = grads[v.name];
		if (g) out.push({ name: v.name, tensor: g });
	}
	return out;
}

/** [h, w, c] of one image. */
export type ImageShape = readonly [number, number, number];

/** The natural image shape for a flat size: 784 → 28×28×1 (Fashion-MNIST), else a 1×n×1 strip. */
export function defaultImageShape(flatSize: number): ImageShape {
	return flatSize === 784 ? [28, 28, 1] : [1, flatSize, 1];
}

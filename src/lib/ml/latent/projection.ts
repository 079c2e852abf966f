/**
 * Views of a model's latent space for the training lab: codes of many images brought down to 2-D
 * for a scatter (as they are when the latent size is 2, else their first two principal axes), and
 * straight-line walks between two codes for interpolation frames.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fitPca, projectPca } from '../models/pca/model';

export interface LatentProjection {
	/** Interleaved x, y of each code. */
	xy: Float32Array;
	/** 'direct' when the codes were already 2-D; 'pca' otherwise. */
	method: 'direct' | 'pca';
	/** Share of the codes' variance the two axes keep (1 for 'direct'). */
	explained: number;
}

/** 2-D coordinates of n codes of `dims` values each (row-major): themselves, or PCA to 2-D. */
export function projectTo2d(codes: Float32Array, dims: number): LatentProjection {
	if (!Number.isInteger(dims) || dims < 1 || codes.length % dims !== 0) {
		throw new RangeError(`${codes.length} values do not split into codes of ${dims}`);
	}
	const n = codes.length / dims;
	if (dims === 2) return { xy: Float32Array.from(codes), method: 'direct', explained: 1 };
	if (dims === 1) {
		const xy = new Float32Array(2 * n);
		for (let i = 0; i < n; i++) xy[2 * i] = codes[i] ?? 0;
		return { xy, method: 'direct', explained: 1 };
	}
	if (n < 2) return { xy: new Float32Array(2 * n), method: 'pca', explained: 0 };
	const model = fitPca(codes, dims, { maxComponents: 2 });
	const points = tf.tensor2d(codes, [n, dims]);
	const z = projectPca(model, points, 2);
	try {
		const explained =
			(model.explainedVarianceRatio[0] ?? 0) + (model.explainedVarianceRatio[1] ?? 0);
		return { xy: Float32Array.from(z.dataSync()), method: 'pca', explained };
	} finally {
		tf.dispose([points, z]);
	}
}

/** `frames` codes evenly spaced on the segment from a to b, both ends included: [frames, dims]. */
export function interpolateCodes(
	a: ArrayLike<number>,
	b: ArrayLike<number>,
	frames: number
): Float32Array {
	if (a.length !== b.length) throw new RangeError(`codes of ${a.length} and ${b.length} values`);
	if (!Number.isInteger(frames) || frames < 2) {
		throw new RangeError(`frames must be an integer ≥ 2, got ${frames}`);
	}
	const d = a.length;
	const out = new Float32Array(frames * d);
	for (let f = 0; f < frames; f++) {
		const t = f / (frames - 1);
		for (let j = 0; j < d; j++) out[f * d + j] = (1 - t) * (a[j] ?? 0) + t * (b[j] ?? 0);
	}
	return out;
}

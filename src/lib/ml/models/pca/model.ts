/**
 * Principal component analysis (Pearson 1901; Hotelling 1933): the eigenvectors of the sample
 * covariance Σ = (X − μ)ᵀ(X − μ) / (n − 1), sorted by eigenvalue. The covariance is accumulated
 * with tfjs matMuls over chunks of rows; the eigendecomposition is a float64 Householder + QL
 * solver (../../linalg/eigen), a few seconds for 784 dimensions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { symmetricEigen } from '../../linalg/eigen';

export interface PcaModel {
	dims: number;
	nSamples: number;
	mean: Float32Array;
	/** Principal axes as rows, nComponents×dims, unit length, by decreasing variance. */
	components: Float32Array;
	nComponents: number;
	/** Variance along every axis (all `dims` eigenvalues, descending, clamped at 0). */
	variances: Float64Array;
	/** variances / Σ variances: the explained-variance ratio of each axis; sums to 1. */
	explainedVarianceRatio: Float64Array;
}

export interface PcaOptions {
	/** Axes to keep (default all `dims`). */
	maxComponents?: number;
	/** Rows per covariance matMul, bounding device memory (default 2048). */
	chunkRows?: number;
	signal?: AbortSignal;
}

/** Fits PCA to n×dims row-major data: eigendecomposition of the sample covariance. */
export function fitPca(points: Float32Array, dims: number, opts: PcaOptions = {}): PcaModel {
	if (!Number.isInteger(dims) || dims < 1 || points.length % dims !== 0) {
		throw new RangeError(`${points.length} values do not split into rows of ${dims}`);
	}
	const n = points.length / dims;
	if (n < 2) throw new RangeError('PCA needs at least two samples');
	const nComponents = Math.min(dims, opts.maxComponents ?? dims);
	const chunkRows = opts.chunkRows ?? 2048;

	const mean = new Float64Array(dims);
	for (let i = 0; i < points.length; i++) mean[i % dims] = (mean[i % dims] ?? 0) + (points[i] ?? 0);
	for (let j = 0; j < dims; j++) mean[j] = (mean[j] ?? 0) / n;
	const mean32 = Float32Array.from(mean);

	const muT = tf.tensor2d(mean32, [1, dims]);
	let acc: tf.Tensor2D = tf.zeros([dims, dims]);
	try {
		for (let start = 0; start < n; start += chunkRows) {
			opts.signal?.throwIfAborted();
			const rows = Math.min(chunkRows, n - start);
			const next = tf.tidy(() => {
				const x = tf.sub(
					tf.tensor2d(points.subarray(start * dims, (start + rows) * dims), [rows, dims]),
					muT
				);
				return tf.add<tf.Tensor2D>(acc, tf.matMul(tf.transpose(x), x));
			});
			acc.dispose();
			acc = next;
		}
		const cov = Float64Array.from(acc.dataSync(), (v) => v / (n - 1));
		opts.signal?.throwIfAborted();
		const { values, vectors } = symmetricEigen(cov, dims);
		const variances = values.map((v) => Math.max(v, 0));
		const total = variances.reduce((s, v) => s + v, 0);
		const explainedVarianceRatio = variances.map((v) => (total > 0 ? v / total : 0));
		const components = new Float32Array(nComponents * dims);
		for (let c = 0; c < nComponents; c++) {
			// Sign convention: the largest-magnitude coordinate is positive, so refits agree.
			let big = 0;
			for (let j = 0; j < dims; j++) {
				const v = vectors[c * dims + j] ?? 0;
				if (Math.abs(v) > Math.abs(big)) big = v;
			}
			const sign = big < 0 ? -1 : 1;
			for (let j = 0; j < dims; j++) components[c * dims + j] = sign * (vectors[c * dims + j] ?? 0);
		}
		return {
			dims,
			nSamples: n,
			mean: mean32,
			components,
			nComponents,
			variances,
			explainedVarianceRatio
		};
	} finally {
		tf.dispose([muT, acc]);
	}
}

/** Cumulative explained-variance ratio: entry k is the share of variance kept by k + 1 axes. */
export function cumulativeExplainedVariance(model: PcaModel): Float64Array {
	let s = 0;
	return model.explainedVarianceRatio.map((v) => (s += v));
}

function checkK(model: PcaModel, k: number): void {
	if (!Number.isInteger(k) || k < 0 || k > model.nComponents) {
		throw new RangeError(`components must be 0..${model.nComponents}, got ${k}`);
	}
}

/** Device tensor of the first k axes as columns, dims×k. */
function basis(model: PcaModel, k: number): tf.Tensor2D {
	return tf.transpose(tf.tensor2d(model.components.subarray(0, k * model.dims), [k, model.dims]));
}

/** z = (x − μ)·W_k: coordinates of each row along the first k axes (n×k). */
export function projectPca(model: PcaModel, points: tf.Tensor2D, k: number): tf.Tensor2D {
	checkK(model, k);
	return tf.tidy(() =>
		tf.matMul(tf.sub(points, tf.tensor2d(model.mean, [1, model.dims])), basis(model, k))
	);
}

/** x̂ = z·W_kᵀ + μ: back from k coordinates to the data space (n×dims). */
export function reconstructPca(
	model: PcaModel,
	codes: tf.Tensor2D,
	k = codes.shape[1]
): tf.Tensor2D {
	checkK(model, k);
	if (codes.shape[1] !== k)
		throw new RangeError(`codes have ${codes.shape[1]} columns, expected ${k}`);
	return tf.tidy(() =>
		tf.add(tf.matMul(codes, basis(model, k), false, true), tf.tensor2d(model.mean, [1, model.dims]))
	);
}

/** Mean squared error per value of reconstructing `points` from k components. */
export function pcaReconstructionError(model: PcaModel, points: tf.Tensor2D, k: number): number {
	const mse = tf.tidy(() => {
		const codes = projectPca(model, points, k);
		return tf.mean(tf.square(tf.sub(points, reconstructPca(model, codes, k))));
	});
	const v = mse.dataSync()[0] ?? NaN;
	mse.dispose();
	return v;
}

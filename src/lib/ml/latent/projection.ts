/**
 * Views of a model's latent space for the training lab: codes of many images brought down to 2-D
 * (or 3-D) for a scatter (as they are when the latent size matches, else their first principal
 * axes), and
 * straight-line walks between two codes for interpolation frames. Plain float64 JS, no tfjs: the
 * codes are small (n ≈ 1000, d ≤ 256), and reading tensors back synchronously is not possible on
 * every backend (WebGPU in a worker).
 */
import { symmetricEigen } from '../linalg/eigen';
export interface LatentProjection {
	/** Interleaved x, y (and z for a 3-D projection) of each code. */
	xy: Float32Array;
	/** 'direct' when the codes were already 2-D; 'pca' otherwise. */
	method: 'direct' | 'pca';
	/** Share of the codes' variance the axes keep (1 for 'direct'). */
	explained: number;
}

/** 2-D coordinates of n codes of `dims` values each (row-major): themselves, or PCA to 2-D. */
export function projectTo2d(codes: Float32Array, dims: number): LatentProjection {
	return projectCodes(codes, dims, 2);
}

/**
 * `out`-D coordinates (interleaved in `xy`) of n codes of `dims` values each: the codes themselves
 * (zero-padded) when dims ≤ out, else their first `out` principal axes.
 */
export function projectCodes(codes: Float32Array, dims: number, out: 2 | 3): LatentProjection {
	if (!Number.isInteger(dims) || dims < 1 || codes.length % dims !== 0) {
		throw new RangeError(`${codes.length} values do not split into codes of ${dims}`);
	}
	const n = codes.length / dims;
	if (dims === out) return { xy: Float32Array.from(codes), method: 'direct', explained: 1 };
	if (dims < out) {
		const xy = new Float32Array(out * n);
		for (let i = 0; i < n; i++)
			for (let j = 0; j < dims; j++) xy[out * i + j] = codes[i * dims + j] ?? 0;
		return { xy, method: 'direct', explained: 1 };
	}
	if (n < 2) return { xy: new Float32Array(out * n), method: 'pca', explained: 0 };
	// Sample covariance Σ = (X − μ)ᵀ(X − μ) / (n − 1), lower triangle, then its eigenvectors.
	const mean = new Float64Array(dims);
	for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) mean[j]! += codes[i * dims + j]!;
	for (let j = 0; j < dims; j++) mean[j]! /= n;
	const cov = new Float64Array(dims * dims);
	const row = new Float64Array(dims);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < dims; j++) row[j] = codes[i * dims + j]! - mean[j]!;
		for (let a = 0; a < dims; a++) {
			const ra = row[a]!;
			for (let b = 0; b <= a; b++) cov[a * dims + b]! += ra * row[b]!;
		}
	}
	for (let a = 0; a < dims; a++) {
		for (let b = 0; b <= a; b++)
			cov[a * dims + b] = cov[b * dims + a] = cov[a * dims + b]! / (n - 1);
	}
	const { values, vectors } = symmetricEigen(cov, dims);
	const total = values.reduce((t, v) => t + Math.max(0, v), 0);
	let kept = 0;
	for (let c = 0; c < out; c++) kept += Math.max(0, values[c]!);
	const explained = total > 0 ? kept / total : 0;
	// Sign convention (as in PCA): each axis's largest-magnitude coordinate is positive.
	const axes = Array.from({ length: out }, (_, c) => {
		const v = vectors.subarray(c * dims, (c + 1) * dims);
		let big = 0;
		for (const x of v) if (Math.abs(x) > Math.abs(big)) big = x;
		return big < 0 ? v.map((x) => -x) : v;
	});
	const xy = new Float32Array(out * n);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < out; c++) {
			let z = 0;
			const axis = axes[c]!;
			for (let j = 0; j < dims; j++) z += (codes[i * dims + j]! - mean[j]!) * axis[j]!;
			xy[out * i + c] = z;
		}
	}
	return { xy, method: 'pca', explained };
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

/**
 * K-means clustering (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007), several
 * restarts keeping the lowest inertia, and a mini-batch variant (Sculley 2010, "Web-scale k-means
 * clustering") for large sets such as 60 000 × 784 Fashion-MNIST. Inertia = Σ ‖x − c(x)‖².
 */
import type { Rng } from '../../random';
import { createRng, permutation } from '../../random';
import { assignNearest, chunkPoints, distancesTo, type ChunkedPoints } from './distances';

export interface KMeansModel {
	k: number;
	dims: number;
	/** k×dims row-major. */
	centroids: Float32Array;
	/** Σ ‖x − c(x)‖² over the training rows for the final centroids. */
	inertia: number;
	/** Cluster of every training row. */
	labels: Int32Array;
	/** Iterations (Lloyd) or mini-batch steps of the kept run. */
	iterations: number;
	/** Inertia after each assignment step of the kept run (Lloyd only; mini-batch: per evaluation). */
	inertiaHistory: number[];
}

export interface KMeansOptions {
	k: number;
	seed: number;
	/** Restarts with different seeds; the lowest inertia wins (default 3). */
	nInit?: number;
	/** Lloyd iterations per run (default 100). */
	maxIter?: number;
	/** Stop when Σ‖Δc‖² ≤ tol · mean feature variance (scikit-learn's rule; default 1e-4). */
	tol?: number;
	/** Rows per distance matMul, bounding device memory (default 4096). */
	chunkRows?: number;
	signal?: AbortSignal;
	onIteration?: (info: { run: number; iteration: number; inertia: number }) => void;
}

function checkInput(points: Float32Array, dims: number, k: number): number {
	if (!Number.isInteger(dims) || dims < 1 || points.length % dims !== 0) {
		throw new RangeError(`${points.length} values do not split into rows of ${dims}`);
	}
	const n = points.length / dims;
	if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be 1..${n}, got ${k}`);
	return n;
}

function meanFeatureVariance(points: Float32Array, dims: number): number {
	const n = points.length / dims;
	const mean = new Float64Array(dims);
	const sq = new Float64Array(dims);
	for (let i = 0; i < points.length; i++) {
		const v = points[i] ?? 0;
		mean[i % dims] = (mean[i % dims] ?? 0) + v;
		sq[i % dims] = (sq[i % dims] ?? 0) + v * v;
	}
	let total = 0;
	for (let j = 0; j < dims; j++) total += (sq[j] ?? 0) / n - ((mean[j] ?? 0) / n) ** 2;
	return total / dims;
}

/** k-means++: first centre uniform, each next one drawn with probability ∝ D(x)² to the nearest centre so far. */
export function kmeansPlusPlus(
	data: ChunkedPoints,
	points: Float32Array,
	k: number,
	rng: Rng
): Float32Array {
	const { n, dims } = data;
	const centroids = new Float32Array(k * dims);
	const first = rng.int(n);
	centroids.set(points.subarray(first * dims, (first + 1) * dims), 0);
	const minD2 = distancesTo(data, centroids.subarray(0, dims));
	for (let c = 1; c < k; c++) {
		let total = 0;
		for (let i = 0; i < n; i++) total += minD2[i] ?? 0;
		let pick = rng.int(n);
		if (total > 0) {
			let r = rng.next() * total;
			for (let i = 0; i < n; i++) {
				r -= minD2[i] ?? 0;
				if (r <= 0) {
					pick = i;
					break;
				}
			}
		}
		const centre = points.subarray(pick * dims, (pick + 1) * dims);
		centroids.set(centre, c * dims);
		const d = distancesTo(data, centre);
		for (let i = 0; i < n; i++) minD2[i] = Math.min(minD2[i] ?? 0, d[i] ?? 0);
	}
	return centroids;
}

/** Per-cluster sums of the rows (k×dims, float64) and member counts. */
function clusterSums(
	points: Float32Array,
	dims: number,
	labels: Int32Array,
	k: number
): { sums: Float64Array; counts: Int32Array } {
	const sums = new Float64Array(k * dims);
	const counts = new Int32Array(k);
	for (let i = 0; i < labels.length; i++) {
		const c = labels[i] ?? 0;
		counts[c] = (counts[c] ?? 0) + 1;
		const off = c * dims;
		const src = i * dims;
		for (let j = 0; j < dims; j++) sums[off + j] = (sums[off + j] ?? 0) + (points[src + j] ?? 0);
	}
	return { sums, counts };
}

/** The mean row of each cluster (k×dims); an empty cluster's mean is zeros. */
export function clusterMeans(
	points: Float32Array,
	dims: number,
	labels: Int32Array,
	k: number
): Float32Array {
	const { sums, counts } = clusterSums(points, dims, labels, k);
	const means = new Float32Array(k * dims);
	for (let c = 0; c < k; c++) {
		const count = counts[c] ?? 0;
		if (count > 0)
			for (let j = 0; j < dims; j++) means[c * dims + j] = (sums[c * dims + j] ?? 0) / count;
	}
	return means;
}

/** New centroids as cluster means; an empty cluster takes the row farthest from its centre. */
function updateCentroids(
	points: Float32Array,
	dims: number,
	k: number,
	labels: Int32Array,
	d2: Float32Array,
	previous: Float32Array
): Float32Array {
	const { sums, counts } = clusterSums(points, dims, labels, k);
	const n = labels.length;
	const next = new Float32Array(previous);
	const taken = new Set<number>();
	for (let c = 0; c < k; c++) {
		const count = counts[c] ?? 0;
		if (count > 0) {
			for (let j = 0; j < dims; j++) next[c * dims + j] = (sums[c * dims + j] ?? 0) / count;
			continue;
		}
		// Re-seeding at the worst-fitted row can only lower the inertia.
		let far = -1;
		for (let i = 0; i < n; i++)
			if (!taken.has(i) && (far < 0 || (d2[i] ?? 0) > (d2[far] ?? 0))) far = i;
		taken.add(far);
		next.set(points.subarray(far * dims, (far + 1) * dims), c * dims);
	}
	return next;
}

function sumOf(a: Float32Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += a[i] ?? 0;
	return s;
}

/** Lloyd's k-means with k-means++ seeding and `nInit` restarts: minimises Σ ‖x − c(x)‖². */
export function fitKMeans(points: Float32Array, dims: number, opts: KMeansOptions): KMeansModel {
	const { k, seed, nInit = 3, maxIter = 100, tol = 1e-4, chunkRows = 4096 } = opts;
	checkInput(points, dims, k);
	const threshold = tol * meanFeatureVariance(points, dims);
	const data = chunkPoints(points, dims, chunkRows);
	const rng = createRng(seed);
	let best: KMeansModel | undefined;
	try {
		for (let run = 0; run < nInit; run++) {
			opts.signal?.throwIfAborted();
			let centroids = kmeansPlusPlus(data, points, k, rng);
			const history: number[] = [];
			let { labels, d2 } = assignNearest(data, centroids, k);
			history.push(sumOf(d2));
			let iteration = 0;
			while (iteration < maxIter) {
				opts.signal?.throwIfAborted();
				const next = updateCentroids(points, dims, k, labels, d2, centroids);
				let shift = 0;
				for (let i = 0; i < next.length; i++) shift += ((next[i] ?? 0) - (centroids[i] ?? 0)) ** 2;
				centroids = next;
				({ labels, d2 } = assignNearest(data, centroids, k));
				iteration++;
				const inertia = sumOf(d2);
				history.push(inertia);
				opts.onIteration?.({ run, iteration, inertia });
				if (shift <= threshold) break;
			}
			const inertia = history[history.length - 1] ?? Infinity;
			if (!best || inertia < best.inertia) {
				best = {
					k,
					dims,
					centroids,
					inertia,
					labels,
					iterations: iteration,
					inertiaHistory: history
				};
			}
		}
	} finally {
		data.dispose();
	}
	if (!best) throw new RangeError('nInit must be at least 1');
	return best;
}

export interface MiniBatchKMeansOptions extends Omit<KMeansOptions, 'maxIter' | 'tol'> {
	/** Rows per mini-batch (default 1024). */
	batchSize?: number;
	/** Mini-batch steps per run (default 100). */
	steps?: number;
	/** Rows used for k-means++ seeding (default 3·batchSize, capped at n). */
	initSize?: number;
}

/** Mini-batch k-means: per sampled row, c ← (1 − η)c + ηx with η = 1 / (rows seen by c so far). */
export function fitMiniBatchKMeans(
	points: Float32Array,
	dims: number,
	opts: MiniBatchKMeansOptions
): KMeansModel {
	const { k, seed, nInit = 3, chunkRows = 4096, batchSize = 1024, steps = 100 } = opts;
	const n = checkInput(points, dims, k);
	const initSize = Math.max(k, Math.min(n, opts.initSize ?? 3 * batchSize));
	const rng = createRng(seed);
	const full = chunkPoints(points, dims, chunkRows);
	let best: KMeansModel | undefined;
	try {
		for (let run = 0; run < nInit; run++) {
			opts.signal?.throwIfAborted();
			const initIdx = permutation(n, rng).subarray(0, initSize);
			const initPoints = gatherRows(points, dims, initIdx);
			const initData = chunkPoints(initPoints, dims, chunkRows);
			let centroids: Float32Array;
			try {
				centroids = kmeansPlusPlus(initData, initPoints, k, rng);
			} finally {
				initData.dispose();
			}
			const counts = new Float64Array(k);
			const history: number[] = [];
			for (let step = 0; step < steps; step++) {
				opts.signal?.throwIfAborted();
				const idx = new Int32Array(Math.min(batchSize, n));
				for (let i = 0; i < idx.length; i++) idx[i] = rng.int(n);
				const batch = gatherRows(points, dims, idx);
				const batchData = chunkPoints(batch, dims, chunkRows);
				let labels: Int32Array;
				let d2: Float32Array;
				try {
					({ labels, d2 } = assignNearest(batchData, centroids, k));
				} finally {
					batchData.dispose();
				}
				for (let i = 0; i < idx.length; i++) {
					const c = labels[i] ?? 0;
					counts[c] = (counts[c] ?? 0) + 1;
					const eta = 1 / (counts[c] ?? 1);
					const off = c * dims;
					for (let j = 0; j < dims; j++) {
						centroids[off + j] =
							(1 - eta) * (centroids[off + j] ?? 0) + eta * (batch[i * dims + j] ?? 0);
					}
				}
				const batchInertia = (sumOf(d2) * n) / idx.length;
				history.push(batchInertia);
				opts.onIteration?.({ run, iteration: step + 1, inertia: batchInertia });
			}
			const { labels, d2 } = assignNearest(full, centroids, k);
			const inertia = sumOf(d2);
			if (!best || inertia < best.inertia) {
				best = { k, dims, centroids, inertia, labels, iterations: steps, inertiaHistory: history };
			}
		}
	} finally {
		full.dispose();
	}
	if (!best) throw new RangeError('nInit must be at least 1');
	return best;
}

function gatherRows(points: Float32Array, dims: number, idx: Int32Array): Float32Array {
	const out = new Float32Array(idx.length * dims);
	for (let i = 0; i < idx.length; i++) {
		const r = idx[i] ?? 0;
		out.set(points.subarray(r * dims, (r + 1) * dims), i * dims);
	}
	return out;
}

/** Nearest-centroid cluster of each row of `points` (n×dims). */
export function predictKMeans(
	model: KMeansModel,
	points: Float32Array,
	chunkRows = 4096
): Int32Array {
	const data = chunkPoints(points, model.dims, chunkRows);
	try {
		return assignNearest(data, model.centroids, model.k).labels;
	} finally {
		data.dispose();
	}
}

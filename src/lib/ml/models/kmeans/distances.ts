/**
 * Nearest-centroid search with tfjs: ‖x − c‖² = ‖x‖² − 2·x·c + ‖c‖², one matMul per chunk of
 * rows, so memory stays bounded by chunk×k whatever the dataset size.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Rows of a dataset held as device tensors in chunks of at most `chunkRows`. */
export interface ChunkedPoints {
	n: number;
	dims: number;
	chunks: { start: number; x: tf.Tensor2D; sq: tf.Tensor1D }[];
	dispose(): void;
}

/** Uploads an n×dims row-major matrix as chunks (with their squared row norms). */
export function chunkPoints(points: Float32Array, dims: number, chunkRows: number): ChunkedPoints {
	if (dims < 1 || points.length % dims !== 0) {
		throw new RangeError(`${points.length} values do not split into rows of ${dims}`);
	}
	const n = points.length / dims;
	const chunks: ChunkedPoints['chunks'] = [];
	for (let start = 0; start < n; start += chunkRows) {
		const rows = Math.min(chunkRows, n - start);
		const x = tf.tensor2d(points.subarray(start * dims, (start + rows) * dims), [rows, dims]);
		chunks.push({ start, x, sq: tf.tidy(() => tf.sum(tf.square(x), 1)) });
	}
	return {
		n,
		dims,
		chunks,
		dispose: () => chunks.forEach((c) => tf.dispose([c.x, c.sq]))
	};
}

/** For every row: index of the nearest centroid and the squared distance to it. */
export function assignNearest(
	data: ChunkedPoints,
	centroids: Float32Array,
	k: number
): { labels: Int32Array; d2: Float32Array } {
	const labels = new Int32Array(data.n);
	const d2 = new Float32Array(data.n);
	// Transposed on the JS side: matMul with transposeB takes a slower path on some backends.
	const dims = data.dims;
	const t = new Float32Array(k * dims);
	for (let c = 0; c < k; c++)
		for (let j = 0; j < dims; j++) t[j * k + c] = centroids[c * dims + j] ?? 0;
	const c = tf.tensor2d(t, [dims, k]);
	const cSq = tf.tidy(() => tf.sum(tf.square(c), 0));
	try {
		for (const chunk of data.chunks) {
			const [idx, dist] = tf.tidy(() => {
				const dots = tf.matMul(chunk.x, c);
				const all = tf.add(tf.sub(tf.expandDims(chunk.sq, 1), tf.mul(dots, 2)), cSq);
				// Rounding can make a tiny distance negative.
				return [tf.argMin(all, 1), tf.relu(tf.min(all, 1))];
			});
			labels.set(idx.dataSync() as Int32Array, chunk.start);
			d2.set(dist.dataSync() as Float32Array, chunk.start);
			tf.dispose([idx, dist]);
		}
	} finally {
		tf.dispose([c, cSq]);
	}
	return { labels, d2 };
}

/** Squared distance of every row to one point `p` (for k-means++ seeding). */
export function distancesTo(data: ChunkedPoints, p: Float32Array): Float32Array {
	const out = new Float32Array(data.n);
	const pt = tf.tensor2d(p, [data.dims, 1]);
	const pSq = p.reduce((s, v) => s + v * v, 0);
	try {
		for (const chunk of data.chunks) {
			const d = tf.tidy(() =>
				tf.relu(tf.add(tf.sub(chunk.sq, tf.mul(tf.squeeze(tf.matMul(chunk.x, pt), [1]), 2)), pSq))
			);
			out.set(d.dataSync() as Float32Array, chunk.start);
			d.dispose();
		}
	} finally {
		pt.dispose();
	}
	return out;
}

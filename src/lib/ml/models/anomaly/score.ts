/**
 * Reconstruction-based anomaly detection (e.g. Sakurada & Yairi 2014): a model trained only on
 * normal data reconstructs normal inputs well and unusual ones badly, so the per-sample
 * reconstruction error s(x) = ‖x − f(x)‖² / d is an anomaly score. Works with any reconstruction
 * function: a dense or conv autoencoder, a VAE's mean decoding, or PCA.
 */
import * as tf from '@tensorflow/tfjs-core';
import { auc, rocCurve, type RocCurve } from '../../metrics/roc';

/** Maps a batch of flat inputs [n, d] to reconstructions [n, d]; must not keep its input. */
export type ReconstructFn = (x: tf.Tensor2D) => tf.Tensor2D;

export type AnomalyErrorKind = 'mse' | 'mae' | 'bce';

export interface ScoreOptions {
	/** Rows per call of `reconstruct`, bounding memory (default 256). */
	batchSize?: number;
	/** Per-sample error: mean squared (default), mean absolute, or mean binary cross-entropy. */
	error?: AnomalyErrorKind;
}

function perSampleError(x: tf.Tensor2D, y: tf.Tensor2D, kind: AnomalyErrorKind): tf.Tensor1D {
	if (kind === 'mae') return tf.mean(tf.abs(tf.sub(x, y)), 1);
	if (kind === 'bce') {
		const p = tf.clipByValue(y, 1e-7, 1 - 1e-7);
		return tf.neg(
			tf.mean(tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p)))), 1)
		);
	}
	return tf.mean(tf.square(tf.sub(x, y)), 1);
}

/** s_i = mean_j (x_ij − f(x)_ij)² (or |·|, or BCE) for every row of `points` (n×dims, row-major). */
export function reconstructionScores(
	reconstruct: ReconstructFn,
	points: Float32Array,
	dims: number,
	opts: ScoreOptions = {}
): Float32Array {
	if (dims < 1 || points.length % dims !== 0) {
		throw new RangeError(`${points.length} values do not split into rows of ${dims}`);
	}
	const n = points.length / dims;
	const batchSize = opts.batchSize ?? 256;
	const kind = opts.error ?? 'mse';
	const out = new Float32Array(n);
	for (let start = 0; start < n; start += batchSize) {
		const rows = Math.min(batchSize, n - start);
		const s = tf.tidy(() => {
			const x = tf.tensor2d(points.subarray(start * dims, (start + rows) * dims), [rows, dims]);
			const y = reconstruct(x);
			if (y.shape[0] !== rows || y.shape[1] !== dims) {
				throw new RangeError(`reconstruction has shape [${y.shape}], expected [${rows}, ${dims}]`);
			}
			return perSampleError(x, y, kind);
		});
		out.set(s.dataSync() as Float32Array, start);
		s.dispose();
	}
	return out;
}

export interface HeldOutEvaluation {
	roc: RocCurve;
	auc: number;
	/** Mean score of normal samples and of anomalies (the held-out class). */
	meanNormal: number;
	meanAnomaly: number;
}

/** ROC/AUC of anomaly scores where the samples of `anomalyClass` are the positives. */
export function evaluateHeldOutClass(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>,
	anomalyClass: number
): HeldOutEvaluation {
	if (scores.length !== labels.length) {
		throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
	}
	const positives = Array.from(labels, (l) => l === anomalyClass);
	const roc = rocCurve(scores, positives);
	let sa = 0;
	let na = 0;
	let sn = 0;
	let nn = 0;
	for (let i = 0; i < scores.length; i++) {
		if (positives[i]) {
			sa += scores[i] ?? 0;
			na++;
		} else {
			sn += scores[i] ?? 0;
			nn++;
		}
	}
	return { roc, auc: auc(roc.fpr, roc.tpr), meanNormal: sn / nn, meanAnomaly: sa / na };
}

/** Splits rows by class: `normal` excludes `anomalyClass` (train on it), `heldOut` is that class. */
export function splitByClass<T extends Uint8Array | Float32Array>(
	rows: T,
	labels: ArrayLike<number>,
	rowLength: number,
	anomalyClass: number
): { normal: { rows: T; labels: Uint8Array }; heldOut: { rows: T; labels: Uint8Array } } {
	const keep: number[] = [];
	const held: number[] = [];
	for (let i = 0; i < labels.length; i++) (labels[i] === anomalyClass ? held : keep).push(i);
	const make = rows.constructor as new (length: number) => T;
	const gather = (idx: number[]) => {
		const out = new make(idx.length * rowLength);
		idx.forEach((r, i) =>
			out.set(rows.subarray(r * rowLength, (r + 1) * rowLength), i * rowLength)
		);
		return { rows: out, labels: Uint8Array.from(idx, (r) => labels[r] ?? 0) };
	};
	return { normal: gather(keep), heldOut: gather(held) };
}

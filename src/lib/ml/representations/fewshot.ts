/**
 * Few-label classification on top of a representation (raw pixels, PCA components, the code of an
 * autoencoder's encoder): the "linear probe" protocol of representation learning. A multinomial
 * logistic regression  p(y | x) = softmax(W·s(x) + b)  is trained on the few labelled rows, with
 * s(x) = (x − μ) / σ standardised by statistics of *unlabelled* data (which is plentiful here), and
 * loss  L = mean cross-entropy + λ‖W‖². Fine-tuning then trains the encoder and the head together,
 * the head starting from the probe (the "LP-FT" recipe of Kumar et al. 2022, "Fine-Tuning can
 * Distort Pretrained Features"), so it starts at the probe's accuracy.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createRng } from '../random';

/** Rows of features addressed by index, so huge sets (60 000 × 784 pixels) need no float copy. */
export interface FeatureSource {
	n: number;
	dims: number;
	/** The rows at `idx` as one row-major Float32Array. */
	rows(idx: ArrayLike<number>): Float32Array;
}

/** A source over a row-major float matrix. */
export function arraySource(values: Float32Array, dims: number): FeatureSource {
	if (values.length % dims !== 0) throw new RangeError(`${values.length} values, rows of ${dims}`);
	return {
		n: values.length / dims,
		dims,
		rows(idx) {
			const out = new Float32Array(idx.length * dims);
			for (let i = 0; i < idx.length; i++) {
				const r = idx[i] ?? 0;
				out.set(values.subarray(r * dims, (r + 1) * dims), i * dims);
			}
			return out;
		}
	};
}

/** A source over 8-bit pixels, read as values in [0, 1]. */
export function byteSource(bytes: Uint8Array, dims: number): FeatureSource {
	if (bytes.length % dims !== 0) throw new RangeError(`${bytes.length} bytes, rows of ${dims}`);
	return {
		n: bytes.length / dims,
		dims,
		rows(idx) {
			const out = new Float32Array(idx.length * dims);
			for (let i = 0; i < idx.length; i++) {
				const off = (idx[i] ?? 0) * dims;
				for (let j = 0; j < dims; j++) out[i * dims + j] = (bytes[off + j] ?? 0) / 255;
			}
			return out;
		}
	};
}

/** Per-feature shift and scale: s(x) = (x − mean) / std. */
export interface Standardizer {
	mean: Float32Array;
	std: Float32Array;
}

/**
 * Mean and spread of every feature over (unlabelled) rows. σⱼ² gets 1 % of the mean variance
 * added, so near-constant features (the black border of the images) are not blown up. With
 * `perFeature: false` every feature shares one σ (the root mean variance), which keeps the
 * relative scales: PCA components then are not whitened.
 */
export function fitStandardizer(
	values: Float32Array,
	dims: number,
	opts: { perFeature?: boolean } = {}
): Standardizer {
	const n = values.length / dims;
	if (!Number.isInteger(n) || n < 2) throw new RangeError('need at least two rows');
	const mean = new Float64Array(dims);
	const sq = new Float64Array(dims);
	for (let i = 0; i < values.length; i++) {
		const v = values[i] ?? 0;
		mean[i % dims] = (mean[i % dims] ?? 0) + v;
		sq[i % dims] = (sq[i % dims] ?? 0) + v * v;
	}
	const variance = new Float64Array(dims);
	let meanVar = 0;
	for (let j = 0; j < dims; j++) {
		const m = (mean[j] ?? 0) / n;
		mean[j] = m;
		variance[j] = Math.max(0, (sq[j] ?? 0) / n - m * m);
		meanVar += (variance[j] ?? 0) / dims;
	}
	const floor = 0.01 * meanVar + 1e-12;
	if (opts.perFeature === false) {
		return {
			mean: Float32Array.from(mean),
			std: new Float32Array(dims).fill(Math.sqrt(meanVar + 1e-12))
		};
	}
	return {
		mean: Float32Array.from(mean),
		std: Float32Array.from(variance, (v) => Math.sqrt(v + floor))
	};
}

/** A trained softmax-regression head on standardised features. */
export interface LinearProbe {
	dims: number;
	classes: number;
	standardizer: Standardizer;
	/** dims × classes, row-major. */
	weights: Float32Array;
	bias: Float32Array;
}

export interface ProbeOptions {
	source: FeatureSource;
	/** Training rows of `source` and their labels. */
	indices: ArrayLike<number>;
	labels: ArrayLike<number>;
	classes: number;
	standardizer: Standardizer;
	seed: number;
	/** Adam steps (default 300). */
	steps?: number;
	/** Default 0.01. */
	learningRate?: number;
	/** λ of the λ‖W‖² penalty (default 1e-2). */
	l2?: number;
	/** Rows per step; sets no larger than this train full-batch (default 512). */
	batchSize?: number;
	signal?: AbortSignal;
}

export const PROBE_DEFAULTS = { steps: 300, learningRate: 0.01, l2: 1e-2, batchSize: 512 };

function checkLabels(indices: ArrayLike<number>, labels: ArrayLike<number>, classes: number) {
	if (indices.length !== labels.length) {
		throw new RangeError(`${indices.length} rows but ${labels.length} labels`);
	}
	if (indices.length === 0) throw new RangeError('no labelled rows');
	for (let i = 0; i < labels.length; i++) {
		const l = labels[i] ?? -1;
		if (!(l >= 0 && l < classes)) throw new RangeError(`label ${l} outside 0..${classes - 1}`);
	}
}

/** Trains the softmax-regression head with Adam on mini-batches drawn with a seeded stream. */
export function trainLinearProbe(opts: ProbeOptions): LinearProbe {
	const { source, indices, labels, classes, standardizer } = opts;
	checkLabels(indices, labels, classes);
	const steps = opts.steps ?? PROBE_DEFAULTS.steps;
	const l2 = opts.l2 ?? PROBE_DEFAULTS.l2;
	const batchSize = opts.batchSize ?? PROBE_DEFAULTS.batchSize;
	const dims = source.dims;
	const n = indices.length;
	const fullBatch = n <= batchSize;
	const rng = createRng(opts.seed);
	const mean = tf.tensor2d(standardizer.mean, [1, dims]);
	const std = tf.tensor2d(standardizer.std, [1, dims]);
	// Variables outlive tidy; the zero tensors they start from do not.
	const W = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R2>([dims, classes])));
	const b = tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([classes])));
	const optimizer = tf.train.adam(opts.learningRate ?? PROBE_DEFAULTS.learningRate);
	// Full batch: the standardised rows and one-hot labels stay on the device for every step.
	const fixed = fullBatch
		? tf.tidy(() => ({
				x: tf.div(tf.sub(tf.tensor2d(source.rows(indices), [n, dims]), mean), std) as tf.Tensor2D,
				y: tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes)
			}))
		: undefined;
	try {
		for (let step = 0; step < steps; step++) {
			if (step % 25 === 0) opts.signal?.throwIfAborted();
			let pick: number[] | undefined;
			if (!fullBatch) pick = Array.from({ length: batchSize }, () => rng.int(n));
			const loss = optimizer.minimize(
				() => {
					let x: tf.Tensor2D;
					let y: tf.Tensor;
					if (fixed) ({ x, y } = fixed);
					else {
						const rows = source.rows(pick!.map((i) => indices[i] ?? 0));
						x = tf.div(tf.sub(tf.tensor2d(rows, [pick!.length, dims]), mean), std);
						y = tf.oneHot(
							tf.tensor1d(
								pick!.map((i) => labels[i] ?? 0),
								'int32'
							),
							classes
						);
					}
					const logits = tf.add(tf.matMul(x, W), b);
					return tf.add(
						tf.losses.softmaxCrossEntropy(y, logits),
						tf.mul(l2, tf.sum(tf.square(W)))
					) as tf.Scalar;
				},
				false,
				[W, b]
			);
			loss?.dispose();
		}
		return {
			dims,
			classes,
			standardizer,
			weights: W.dataSync() as Float32Array,
			bias: b.dataSync() as Float32Array
		};
	} finally {
		optimizer.dispose();
		tf.dispose([W, b, mean, std]);
		if (fixed) tf.dispose([fixed.x, fixed.y]);
	}
}

/** Class scores of standardised features under the probe; the caller disposes the result. */
function probeLogits(probe: LinearProbe, x: tf.Tensor2D): tf.Tensor2D {
	return tf.tidy(() => {
		const s = tf.div(
			tf.sub(x, tf.tensor2d(probe.standardizer.mean, [1, probe.dims])),
			tf.tensor2d(probe.standardizer.std, [1, probe.dims])
		);
		return tf.add(
			tf.matMul(s, tf.tensor2d(probe.weights, [probe.dims, probe.classes])),
			tf.tensor1d(probe.bias)
		);
	});
}

/** Predicted class of every row of `source` (in chunks, so memory stays flat). */
export function predictProbe(probe: LinearProbe, source: FeatureSource, chunk = 2048): Int32Array {
	if (source.dims !== probe.dims) {
		throw new RangeError(`probe expects ${probe.dims} features, got ${source.dims}`);
	}
	const out = new Int32Array(source.n);
	for (let start = 0; start < source.n; start += chunk) {
		const m = Math.min(chunk, source.n - start);
		const idx = Array.from({ length: m }, (_, i) => start + i);
		const arg = tf.tidy(() =>
			tf.argMax(probeLogits(probe, tf.tensor2d(source.rows(idx), [m, source.dims])), 1)
		);
		out.set(arg.dataSync() as Int32Array, start);
		arg.dispose();
	}
	return out;
}

/** Share of predictions equal to the labels. */
export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
	if (pred.length !== labels.length) throw new RangeError('length mismatch');
	let hits = 0;
	for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hits++;
	return pred.length ? hits / pred.length : 0;
}

/** Feeds flat [n, 784] pixels to an encoder taking images or flat vectors. */
export function encoderInput(encoder: LayersModel, flat: tf.Tensor2D): tf.Tensor {
	const shape = encoder.inputs[0]?.shape ?? [];
	if (shape.length === 2) return flat;
	const [, h, w, c] = shape as [null, number, number, number];
	return tf.reshape(flat, [flat.shape[0], h, w, c]);
}

/** The rows `idx` of `source` as a source of their own (row r is source row idx[r]). */
export function subsetSource(source: FeatureSource, idx: ArrayLike<number>): FeatureSource {
	return {
		n: idx.length,
		dims: source.dims,
		rows: (r) => source.rows(Array.from({ length: r.length }, (_, i) => idx[r[i] ?? 0] ?? 0))
	};
}

/** `fn` applied to every row of `source` in batches (bounded memory); returns the rows, flat. */
export function transformAll(
	source: FeatureSource,
	fn: (x: tf.Tensor2D) => tf.Tensor,
	batch = 500
): { values: Float32Array; dims: number } {
	const parts: Float32Array[] = [];
	let dims = 0;
	for (let start = 0; start < source.n; start += batch) {
		const m = Math.min(batch, source.n - start);
		const idx = Array.from({ length: m }, (_, i) => start + i);
		const y = tf.tidy(() => fn(tf.tensor2d(source.rows(idx), [m, source.dims])));
		dims = y.size / m;
		parts.push(y.dataSync() as Float32Array);
		y.dispose();
	}
	const values = new Float32Array(source.n * dims);
	let off = 0;
	for (const p of parts) {
		values.set(p, off);
		off += p.length;
	}
	return { values, dims };
}

/** The encoder's codes for every row of `pixels` (flat, in [0, 1]), in batches. */
export function encodeAll(encoder: LayersModel, pixels: FeatureSource, batch = 500): Float32Array {
	return transformAll(pixels, (x) => encoder.predict(encoderInput(encoder, x)) as tf.Tensor, batch)
		.values;
}

export interface FineTuneOptions {
	/** Trained in place, then restored to its original weights before returning. */
	encoder: LayersModel;
	/** Initial head: the linear probe trained on the frozen codes. */
	probe: LinearProbe;
	/** Flat pixels [n, 784] in [0, 1] of all candidate rows. */
	pixels: FeatureSource;
	indices: ArrayLike<number>;
	labels: ArrayLike<number>;
	/** Test pixels and labels the fine-tuned network is scored on. */
	testPixels: FeatureSource;
	testLabels: ArrayLike<number>;
	seed: number;
	/** Adam steps (default 100). */
	steps?: number;
	/** Default 3e-4. */
	learningRate?: number;
	/** Default 64. */
	batchSize?: number;
	l2?: number;
	signal?: AbortSignal;
	/** Called every 10 steps, e.g. to report progress and let cancel messages in. */
	onStep?: (step: number, loss: number) => Promise<void> | void;
}

export const FINE_TUNE_DEFAULTS = { steps: 100, learningRate: 3e-4, batchSize: 64 };

/**
 * Fine-tunes encoder + head on the labelled rows and returns the test accuracy of the tuned
 * network. The encoder's weights are restored afterwards, so one pretrained encoder serves every
 * label budget.
 */
export async function fineTuneAndScore(opts: FineTuneOptions): Promise<number> {
	const { encoder, probe, pixels, indices, labels } = opts;
	checkLabels(indices, labels, probe.classes);
	const steps = opts.steps ?? FINE_TUNE_DEFAULTS.steps;
	const batchSize = Math.min(opts.batchSize ?? FINE_TUNE_DEFAULTS.batchSize, indices.length);
	const l2 = opts.l2 ?? PROBE_DEFAULTS.l2;
	const rng = createRng(opts.seed * 7 + 1);
	const saved = encoder.getWeights().map((w) => w.clone());
	// Fold the standardisation into the head: W' = W / σ, b' = b − (μ / σ)·W.
	const head = tf.tidy(() => {
		const W = tf.tensor2d(probe.weights, [probe.dims, probe.classes]);
		const std = tf.tensor2d(probe.standardizer.std, [probe.dims, 1]);
		const mean = tf.tensor2d(probe.standardizer.mean, [1, probe.dims]);
		const Ws = tf.div(W, std);
		return {
			W: tf.variable(Ws as tf.Tensor2D, true),
			b: tf.variable(tf.sub(tf.tensor1d(probe.bias), tf.squeeze(tf.matMul(mean, Ws))), true),
			std: tf.squeeze(std)
		};
	});
	const optimizer = tf.train.adam(opts.learningRate ?? FINE_TUNE_DEFAULTS.learningRate);
	const encVars = encoder.trainableWeights.map((v) => v.read() as tf.Variable);
	try {
		for (let step = 1; step <= steps; step++) {
			opts.signal?.throwIfAborted();
			const pick = Array.from({ length: batchSize }, () => rng.int(indices.length));
			const rows = pixels.rows(pick.map((i) => indices[i] ?? 0));
			const loss = optimizer.minimize(
				() => {
					const x = tf.tensor2d(rows, [batchSize, pixels.dims]);
					const z = encoder.apply(encoderInput(encoder, x), { training: true }) as tf.Tensor2D;
					const y = tf.oneHot(
						tf.tensor1d(
							pick.map((i) => labels[i] ?? 0),
							'int32'
						),
						probe.classes
					);
					// The penalty acts on the standardised-space weights, as in the probe.
					const wStd = tf.mul(head.W, tf.reshape(head.std, [probe.dims, 1]));
					return tf.add(
						tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(z, head.W), head.b)),
						tf.mul(l2, tf.sum(tf.square(wStd)))
					) as tf.Scalar;
				},
				true,
				[...encVars, head.W, head.b]
			);
			const value = loss ? ((await loss.data())[0] ?? NaN) : NaN;
			loss?.dispose();
			if (step % 10 === 0 || step === steps) await opts.onStep?.(step, value);
		}
		const testCodes = encodeAll(encoder, opts.testPixels);
		const n = opts.testPixels.n;
		const pred = tf.tidy(() =>
			tf.argMax(tf.add(tf.matMul(tf.tensor2d(testCodes, [n, probe.dims]), head.W), head.b), 1)
		);
		const p = pred.dataSync() as Int32Array;
		pred.dispose();
		return accuracy(p, opts.testLabels);
	} finally {
		encoder.setWeights(saved);
		tf.dispose(saved);
		optimizer.dispose();
		tf.dispose([head.W, head.b, head.std]);
	}
}

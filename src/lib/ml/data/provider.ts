/**
 * Data sources behind one interface, so built-in sets, the user's photos and drawings plug into
 * the same training loop. The in-memory provider shuffles with a seed and can save and restore
 * its cursor, so a paused or reloaded run continues with exactly the batches it would have seen.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../train/trainer';
import { createRng, hashSeed, permutation } from '../random';

/** Where a provider is in its stream; plain JSON so it can sit in a checkpoint. */
export interface ProviderState {
	seed: number;
	epoch: number;
	cursor: number;
}

/** A source of mini-batches. */
export interface DatasetProvider {
	/** Number of examples in one epoch. */
	readonly size: number;
	/** Shape of one example, [h, w, c]. */
	readonly shape: readonly [number, number, number];
	/** Completed passes over the data. */
	readonly epoch: number;
	/** The next `batchSize` examples (wrapping into the next epoch); the caller disposes `x`. */
	nextBatch(batchSize: number): Batch;
	/** Starts again from epoch 0 with a new shuffling seed. */
	reset(seed: number): void;
	state(): ProviderState;
	restore(state: ProviderState): void;
	dispose(): void;
}

/** True for a provider state as a checkpoint stored it (checked before restoring). */
export function isProviderState(v: unknown): v is ProviderState {
	const o = v as ProviderState | null;
	return (
		!!o && typeof o.seed === 'number' && typeof o.epoch === 'number' && typeof o.cursor === 'number'
	);
}

export interface InMemoryProviderOptions {
	/** `size` examples of h·w·c unsigned bytes each, row-major (HWC). */
	images: Uint8Array;
	shape: readonly [number, number, number];
	labels?: Uint8Array | Int32Array;
	seed: number;
	/** Shuffle each epoch (default true); false gives the stored order. */
	shuffle?: boolean;
}

/** A seeded, shuffling provider over unsigned-byte images held in memory; pixels map to [0, 1]. */
export function createInMemoryProvider(opts: InMemoryProviderOptions): DatasetProvider {
	const [h, w, c] = opts.shape;
	const px = h * w * c;
	if (!(px > 0) || opts.images.length % px !== 0) {
		throw new RangeError(
			`images length ${opts.images.length} is not a multiple of ${h}×${w}×${c} = ${px}`
		);
	}
	const size = opts.images.length / px;
	if (size === 0) throw new RangeError('the dataset is empty');
	if (opts.labels && opts.labels.length !== size) {
		throw new RangeError(`${size} images but ${opts.labels.length} labels`);
	}
	const shuffle = opts.shuffle ?? true;
	let seed = opts.seed;
	let epoch = 0;
	let cursor = 0;
	let order = orderFor(seed, epoch);
	let disposed = false;

	// Each epoch's order is derived from (seed, epoch) alone, so restoring needs no stored permutation.
	function orderFor(s: number, e: number): Int32Array {
		if (!shuffle) return permutationIdentity(size);
		return permutation(size, createRng(hashSeed(s) ^ hashSeed(e + 1)));
	}

	return {
		size,
		shape: [h, w, c],
		get epoch() {
			return epoch;
		},
		nextBatch(batchSize: number): Batch {
			if (disposed) throw new Error('provider was disposed');
			if (!Number.isInteger(batchSize) || batchSize < 1) {
				throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
			}
			const x = new Float32Array(batchSize * px);
			const labels = opts.labels ? new Int32Array(batchSize) : undefined;
			for (let b = 0; b < batchSize; b++) {
				if (cursor >= size) {
					epoch++;
					cursor = 0;
					order = orderFor(seed, epoch);
				}
				const idx = order[cursor++] ?? 0;
				const src = opts.images.subarray(idx * px, (idx + 1) * px);
				const off = b * px;
				for (let i = 0; i < px; i++) x[off + i] = (src[i] ?? 0) / 255;
				if (labels && opts.labels) labels[b] = opts.labels[idx] ?? 0;
			}
			return { x: tf.tensor4d(x, [batchSize, h, w, c]), labels };
		},
		reset(newSeed: number) {
			seed = newSeed;
			epoch = 0;
			cursor = 0;
			order = orderFor(seed, epoch);
		},
		state: () => ({ seed, epoch, cursor }),
		restore(s: ProviderState) {
			if (!Number.isInteger(s.epoch) || s.epoch < 0 || !Number.isInteger(s.cursor)) {
				throw new RangeError(`invalid provider state ${JSON.stringify(s)}`);
			}
			if (s.cursor < 0 || s.cursor > size) {
				throw new RangeError(`cursor ${s.cursor} is outside 0..${size}`);
			}
			seed = s.seed;
			epoch = s.epoch;
			cursor = s.cursor;
			order = orderFor(seed, epoch);
		},
		dispose() {
			disposed = true;
		}
	};
}

function permutationIdentity(n: number): Int32Array {
	const p = new Int32Array(n);
	for (let i = 0; i < n; i++) p[i] = i;
	return p;
}

/** Flattens a batch [n, h, w, c] to [n, h·w·c] for dense models (a new tensor). */
export function flattenBatch(x: tf.Tensor4D): tf.Tensor2D {
	const [n, h, w, c] = x.shape;
	return tf.reshape(x, [n, h * w * c]);
}

/** Converts unsigned-byte images to a float matrix [count, pixels] in [0, 1] (for PCA, k-means). */
export function bytesToUnitFloats(images: Uint8Array): Float32Array {
	const out = new Float32Array(images.length);
	for (let i = 0; i < images.length; i++) out[i] = (images[i] ?? 0) / 255;
	return out;
}

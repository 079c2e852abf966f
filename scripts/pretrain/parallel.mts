/**
 * Data-parallel denoiser training on two cores. tfjs-wasm runs single-threaded under Node, so a
 * pretraining run used one of the machine's cores. Here a replica in a worker thread computes the
 * gradients of one half of every batch while this thread computes the other half; the halves'
 * gradients are averaged (weighted by rows: together they are the full batch's gradient) and Adam
 * is applied here, so the checkpoint, the optimizer state and the step counter stay in one place.
 * Before each step the worker gets the current weights, so the replicas never drift.
 *
 * The exchange is synchronous (a SharedArrayBuffer and Atomics.wait), so the wrapper is a plain
 * `Trainer` that the shared training loop drives unchanged.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../src/lib/ml/train/trainer';
import type {
	DenoiserTrainer,
	DenoiserTrainerOptions
} from '../../src/lib/ml/models/denoiser/train';
import { bundleTs } from '../lib/bundle-ts.mjs';

/** Control words at the start of the shared buffer (Int32 slots). */
export const CTRL = {
	/** Incremented by the main thread for every request; −1 asks the worker to exit. */
	request: 0,
	/** Set by the worker to the request it finished. */
	done: 1,
	/** Rows of the worker's shard in this request. */
	rows: 2,
	/** 1 when the worker failed (its message follows over postMessage). */
	failed: 3
} as const;
export const CTRL_WORDS = 4;

/** Where each array lives in the shared buffer, in float32 slots after the control words. */
export interface SharedLayout {
	params: number;
	/** [h, w, c] of one row of x. */
	rowShape: [number, number, number];
	/** Floats of one row of x / noisy, and of one σ-map row. */
	rowSize: number;
	mapRowSize: number;
	maxRows: number;
	weights: number;
	x: number;
	noisy: number;
	sigmaMap: number;
	grads: number;
	loss: number;
	/** Total bytes. */
	bytes: number;
}

/** The buffer's layout for `params` weights and shards of up to `maxRows` rows. */
export function sharedLayout(
	params: number,
	maxRows: number,
	rowShape: readonly [number, number, number]
): SharedLayout {
	const [h, w, c] = rowShape;
	const rowSize = h * w * c;
	const mapRowSize = h * w;
	let at = CTRL_WORDS;
	const take = (n: number) => {
		const start = at;
		at += n;
		return start;
	};
	const weights = take(params);
	const x = take(maxRows * rowSize);
	const noisy = take(maxRows * rowSize);
	const sigmaMap = take(maxRows * mapRowSize);
	const grads = take(params);
	const loss = take(1);
	return {
		params,
		rowShape: [h, w, c],
		rowSize,
		mapRowSize,
		maxRows,
		weights,
		x,
		noisy,
		sigmaMap,
		grads,
		loss,
		bytes: at * 4
	};
}

/** What the worker needs to build an identical replica. */
export interface ReplicaData {
	buffer: SharedArrayBuffer;
	layout: SharedLayout;
	trainer: DenoiserTrainerOptions;
	backend: string;
}

/** Rows of an n-row batch for this thread and for the worker. */
function splitRows(n: number): { mine: number; theirs: number } {
	const mine = Math.ceil(n / 2);
	return { mine, theirs: n - mine };
}

/** How long the main thread waits for the worker's half (about 1.3 s here) before it gives up. */
const STEP_TIMEOUT_MS = 2 * 60_000;

/** A `DenoiserTrainer` whose every step is split between this thread and a worker thread. */
export class DataParallelDenoiser implements Trainer {
	readonly kind = 'denoiser';
	private readonly ctrl: Int32Array;
	private readonly floats: Float32Array;
	private failure: Error | undefined;
	private disposed = false;
	/** Settles when the worker thread has ended. */
	readonly exited: Promise<void>;

	private constructor(
		readonly inner: DenoiserTrainer,
		private readonly worker: Worker,
		private readonly layout: SharedLayout,
		buffer: SharedArrayBuffer
	) {
		this.ctrl = new Int32Array(buffer, 0, CTRL_WORDS);
		this.floats = new Float32Array(buffer);
		this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
		worker.on('error', (err) => (this.failure = err));
		worker.on('message', (m: { error?: string }) => {
			if (m.error) this.failure = new Error(`gradient worker: ${m.error}`);
		});
	}

	/**
	 * Starts the worker replica of `inner` (same options, so the same architecture) and resolves
	 * once it is ready. Batches hold up to `batchSize` rows of `rowShape`.
	 */
	static async create(
		inner: DenoiserTrainer,
		options: DenoiserTrainerOptions,
		batchSize: number,
		rowShape: readonly [number, number, number]
	): Promise<DataParallelDenoiser> {
		const params = inner.model.trainableWeights.reduce((s, v) => s + v.read().size, 0);
		const layout = sharedLayout(params, splitRows(batchSize).theirs, rowShape);
		const buffer = new SharedArrayBuffer(layout.bytes);
		// Resolved from this file's folder: the same path whether it runs from source (tests) or
		// from its bundle in .cache/run-ts/ (both sit two folders below the repository root).
		const entry = fileURLToPath(new URL('../../scripts/pretrain/grad-worker.mts', import.meta.url));
		const data: ReplicaData = { buffer, layout, trainer: options, backend: tf.getBackend() };
		const worker = new Worker(await bundleTs(entry), { workerData: data });
		await new Promise<void>((resolve, reject) => {
			const onMessage = (m: { ready?: boolean; error?: string }) => {
				if (m.ready) resolve();
				else if (m.error) reject(new Error(`gradient worker: ${m.error}`));
			};
			worker.once('message', onMessage);
			worker.once('error', reject);
		});
		return new DataParallelDenoiser(inner, worker, layout, buffer);
	}

	step(batch: Batch): StepLosses {
		if (this.failure) throw this.failure;
		const { inner, layout, floats, ctrl } = this;
		const x = batch.x;
		const n = x.shape[0];
		const { mine, theirs } = splitRows(n);
		if (theirs > layout.maxRows) throw new RangeError(`batch of ${n} rows is too large`);
		const { noisy, sigmaMap } = inner.noisyBatch(x);
		const owned: tf.Tensor[] = [noisy, sigmaMap];
		try {
			const half = (t: tf.Tensor4D, start: number, rows: number) => {
				const part = tf.slice(t, [start, 0, 0, 0], [rows, -1, -1, -1]);
				owned.push(part);
				return part;
			};
			if (theirs > 0) {
				let at = layout.weights;
				for (const v of inner.model.trainableWeights) {
					const values = v.read().dataSync();
					floats.set(values, at);
					at += values.length;
				}
				floats.set(half(x, mine, theirs).dataSync(), layout.x);
				floats.set(half(noisy, mine, theirs).dataSync(), layout.noisy);
				floats.set(half(sigmaMap, mine, theirs).dataSync(), layout.sigmaMap);
				Atomics.store(ctrl, CTRL.rows, theirs);
				Atomics.add(ctrl, CTRL.request, 1);
				Atomics.notify(ctrl, CTRL.request);
			}
			const request = Atomics.load(ctrl, CTRL.request);
			const own = inner.gradients(half(x, 0, mine), half(noisy, 0, mine), half(sigmaMap, 0, mine));
			if (theirs === 0) {
				inner.applyGradients(own.grads);
				return { loss: own.loss };
			}
			owned.push(own.loss, ...Object.values(own.grads));
			while (Atomics.load(ctrl, CTRL.done) !== request) {
				if (Atomics.load(ctrl, CTRL.failed)) throw new Error('the gradient worker failed');
				if (
					Atomics.wait(ctrl, CTRL.done, Atomics.load(ctrl, CTRL.done), STEP_TIMEOUT_MS) ===
					'timed-out'
				) {
					throw new Error(`the gradient worker did not answer within ${STEP_TIMEOUT_MS / 1000} s`);
				}
			}
			const wa = mine / n;
			const wb = theirs / n;
			const grads: tf.NamedTensorMap = {};
			let at = layout.grads;
			for (const v of inner.model.trainableWeights) {
				const name = (v.read() as tf.Variable).name;
				const g = own.grads[name];
				if (!g) throw new Error(`no gradient for ${name}`);
				const size = g.size;
				const theirsG = floats.slice(at, at + size);
				at += size;
				grads[name] = tf.tidy(() => tf.add(tf.mul(g, wa), tf.mul(tf.tensor(theirsG, g.shape), wb)));
			}
			const theirLoss = floats[layout.loss] ?? 0;
			const loss = tf.tidy(() => tf.add(tf.mul(own.loss, wa), theirLoss * wb) as tf.Scalar);
			inner.applyGradients(grads);
			return { loss };
		} finally {
			tf.dispose(owned);
		}
	}

	models(): Record<string, LayersModel> {
		return this.inner.models();
	}

	optimizers(): Record<string, tf.Optimizer> {
		return this.inner.optimizers();
	}

	/** Stops the worker thread and releases the wrapped trainer. */
	dispose(): void {
		if (this.disposed) return;
		this.disposed = true;
		Atomics.store(this.ctrl, CTRL.request, -1);
		Atomics.notify(this.ctrl, CTRL.request);
		void this.worker.terminate();
		this.inner.dispose();
	}
}

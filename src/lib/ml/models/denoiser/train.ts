/**
 * Trainer for the residual denoiser on additive white Gaussian noise (AWGN):
 *   y = x + σ·ε,  ε ~ N(0, 1),  σ ~ U[σ_min, σ_max] / 255 drawn per patch (a blind model learns
 *   every level; the σ-map model is told σ)
 *   L = mean((f(y) − x)²)   (= DnCNN's residual loss, since f(y) = y + r)
 * The noisy input is not clipped to [0, 1], matching the AWGN benchmarks. Noise is seeded from the
 * seed and the step count, so a resumed run (set `stepCount`) draws the same noise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { buildDenoiser, type DenoiserOptions } from './model';

export const DEFAULT_LEARNING_RATE = 1e-3;

export interface DenoiserTrainerOptions extends DenoiserOptions {
	/** σ range on the 0–255 scale. Default [0, 55] (DnCNN-B). */
	sigmaRange?: readonly [number, number];
	learningRate?: number;
	/**
	 * From this step on, Adam's rate is a tenth of `learningRate` (DnCNN's schedule ends at 1e-4
	 * too): the smaller steps settle the weights once the fast progress is over.
	 */
	lrDropStep?: number;
}

/** y = x + σ·ε with one σ per image (σ on the 0–255 scale); returns y and the σ-map. */
export function addAwgn(
	x: tf.Tensor4D,
	sigmas255: Float32Array,
	seed: number
): { noisy: tf.Tensor4D; sigmaMap: tf.Tensor4D } {
	const [n, h, w] = x.shape;
	if (sigmas255.length !== n) throw new Error(`${n} images but ${sigmas255.length} sigmas`);
	return tf.tidy(() => {
		const s = tf.reshape(tf.div(tf.tensor1d(sigmas255), 255), [n, 1, 1, 1]);
		const noisy = tf.add(
			x,
			tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', seed), s)
		) as tf.Tensor4D;
		const sigmaMap = tf.mul(tf.ones([n, h, w, 1]), s) as tf.Tensor4D;
		return { noisy, sigmaMap };
	});
}

/** Adam trainer; step() returns { loss } (MSE against the clean patch). */
export class DenoiserTrainer implements Trainer {
	readonly kind = 'denoiser';
	readonly model: LayersModel;
	readonly noiseMap: boolean;
	readonly sigmaRange: readonly [number, number];
	/** Steps taken; seeds the noise. Set it when resuming from a checkpoint. */
	stepCount = 0;
	private readonly optimizer: tf.AdamOptimizer;
	private readonly seed: number;
	private readonly learningRate: number;
	private readonly lrDropStep: number;

	constructor(opts: DenoiserTrainerOptions) {
		this.seed = opts.seed ?? 0;
		this.noiseMap = opts.noiseMap ?? false;
		this.sigmaRange = opts.sigmaRange ?? [0, 55];
		this.model = buildDenoiser(opts);
		this.learningRate = opts.learningRate ?? DEFAULT_LEARNING_RATE;
		this.lrDropStep = opts.lrDropStep ?? Infinity;
		this.optimizer = tf.train.adam(this.learningRate);
	}

	/** Adam's rate at `step` (the schedule of `lrDropStep`). */
	learningRateAt(step: number): number {
		return step >= this.lrDropStep ? this.learningRate / 10 : this.learningRate;
	}

	/** The per-image σ of a step, drawn from a counter-based hash so it depends only on (seed, step). */
	sigmasFor(step: number, n: number): Float32Array {
		const [lo, hi] = this.sigmaRange;
		const out = new Float32Array(n);
		for (let i = 0; i < n; i++) {
			let h = Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(step + 1, 0xc2b2ae35) ^ i;
			h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
			h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
			out[i] = lo + (hi - lo) * (((h ^ (h >>> 16)) >>> 0) / 4294967296);
		}
		return out;
	}

	/** Model inputs for a noisy batch (the σ-map only for the non-blind model). */
	inputsFor(noisy: tf.Tensor4D, sigmaMap: tf.Tensor4D): tf.Tensor4D | tf.Tensor4D[] {
		return this.noiseMap ? [noisy, sigmaMap] : noisy;
	}

	/**
	 * Starts a step: advances the step counter, sets Adam's rate for it and draws the batch's
	 * noise. The caller disposes `noisy` and `sigmaMap`.
	 */
	noisyBatch(x: tf.Tensor4D): { noisy: tf.Tensor4D; sigmaMap: tf.Tensor4D } {
		const n = x.shape[0];
		const step = this.stepCount++;
		// tfjs reads the rate on every update but declares it protected; there is no setter.
		(this.optimizer as unknown as { learningRate: number }).learningRate =
			this.learningRateAt(step);
		return addAwgn(x, this.sigmasFor(step, n), this.seed * 1_000_003 + step);
	}

	/**
	 * The loss on (part of) a noisy batch and its gradients, without updating anything: data-parallel
	 * training computes these on several replicas and averages them.
	 */
	gradients(
		x: tf.Tensor4D,
		noisy: tf.Tensor4D,
		sigmaMap: tf.Tensor4D
	): { loss: tf.Scalar; grads: tf.NamedTensorMap } {
		const vars = this.model.trainableWeights.map((v) => v.read() as tf.Variable);
		const { value, grads } = tf.variableGrads(
			() =>
				tf.losses.meanSquaredError(
					x,
					this.model.apply(this.inputsFor(noisy, sigmaMap), { training: true }) as tf.Tensor4D
				) as tf.Scalar,
			vars
		);
		return { loss: value, grads };
	}

	/** Updates the weights with Adam from `grads` (keyed by variable name); disposes them. */
	applyGradients(grads: tf.NamedTensorMap): void {
		try {
			this.optimizer.applyGradients(
				Object.entries(grads).map(([name, tensor]) => ({ name, tensor }))
			);
		} finally {
			tf.dispose(Object.values(grads));
		}
	}

	step(batch: Batch): StepLosses {
		const x = batch.x;
		const { noisy, sigmaMap } = this.noisyBatch(x);
		try {
			const { loss, grads } = this.gradients(x, noisy, sigmaMap);
			this.applyGradients(grads);
			return { loss };
		} finally {
			tf.dispose([noisy, sigmaMap]);
		}
	}

	models(): Record<string, LayersModel> {
		return { denoiser: this.model };
	}

	optimizers(): Record<string, tf.Optimizer> {
		return { denoiser: this.optimizer };
	}

	dispose(): void {
		this.optimizer.dispose();
		this.model.dispose();
	}
}

/**
 * DCGAN training (Radford et al. 2015; losses of Goodfellow et al. 2014, non-saturating form),
 * alternating one discriminator and one generator step, each with its own Adam (lr 2e-4, β1 0.5):
 *   L_D = BCE(s, D(x)) + BCE(0, D(G(z)))     s = LABEL_SMOOTHING with one-sided smoothing, else 1
 *   L_G = BCE(1, D(G(z)))
 * with D(·) = σ(logit) and BCE on logits. Real images arrive in [0, 1] and are mapped to the
 * generator's range ([-1, 1] for tanh). The latent noise of every step is seeded from the seed
 * and the step number; dropout masks are not (see model.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import {
	buildDiscriminator,
	buildGenerator,
	IMAGE_SHAPE,
	type DiscriminatorOptions,
	type GeneratorOutput
} from './model';

/** Target for real images with one-sided label smoothing (Salimans et al. 2016). */
export const LABEL_SMOOTHING = 0.9;
export const LEARNING_RATE = 2e-4;
export const BETA1 = 0.5;

export interface DcganTrainerOptions {
	latentSize?: number;
	seed?: number;
	/** Generator output activation; default 'tanh'. */
	output?: GeneratorOutput;
	/** Use LABEL_SMOOTHING as the real target in the discriminator loss. Default false. */
	labelSmoothing?: boolean;
	/** Discriminator dropout rate; default 0.3. */
	dropout?: DiscriminatorOptions['dropout'];
	generatorFilters?: readonly [number, number];
	discriminatorFilters?: readonly [number, number];
	learningRate?: number;
	beta1?: number;
}

/** Alternating D/G trainer; step() returns { d, g, dReal: mean D(x), dFake: mean D(G(z)) }. */
export class DcganTrainer implements Trainer {
	readonly kind = 'dcgan';
	readonly latentSize: number;
	readonly generator: LayersModel;
	readonly discriminator: LayersModel;
	private readonly dOptimizer: tf.AdamOptimizer;
	private readonly gOptimizer: tf.AdamOptimizer;
	private readonly output: GeneratorOutput;
	private readonly realTarget: number;
	private readonly seed: number;
	/** Steps taken so far; seeds each step's noise, so restoring it makes a resumed run exact. */
	stepCount = 0;

	constructor(opts: DcganTrainerOptions = {}) {
		this.latentSize = opts.latentSize ?? 100;
		this.seed = opts.seed ?? 0;
		this.output = opts.output ?? 'tanh';
		this.realTarget = opts.labelSmoothing ? LABEL_SMOOTHING : 1;
		this.generator = buildGenerator(this.latentSize, {
			seed: this.seed,
			output: this.output,
			filters: opts.generatorFilters
		});
		this.discriminator = buildDiscriminator({
			seed: this.seed,
			dropout: opts.dropout,
			filters: opts.discriminatorFilters
		});
		const lr = opts.learningRate ?? LEARNING_RATE;
		const beta1 = opts.beta1 ?? BETA1;
		this.dOptimizer = tf.train.adam(lr, beta1);
		this.gOptimizer = tf.train.adam(lr, beta1);
	}

	/** Maps [0, 1] images to the generator's output range. */
	private toModelRange(x: tf.Tensor4D): tf.Tensor4D {
		return this.output === 'tanh' ? tf.sub(tf.mul(x, 2), 1) : x;
	}

	/** Maps generator outputs back to [0, 1]. */
	private toImageRange(y: tf.Tensor4D): tf.Tensor4D {
		return this.output === 'tanh' ? tf.div(tf.add(y, 1), 2) : y;
	}

	private noise(n: number, seed: number): tf.Tensor2D {
		return tf.randomNormal([n, this.latentSize], 0, 1, 'float32', seed);
	}

	/** One discriminator step then one generator step on the batch. */
	step(batch: Batch): StepLosses {
		const [n, h, w, c] = batch.x.shape;
		if (h !== IMAGE_SHAPE[0] || w !== IMAGE_SHAPE[1] || c !== IMAGE_SHAPE[2]) {
			throw new Error(`DCGAN expects [n, 28, 28, 1] batches, got [${batch.x.shape.join(', ')}]`);
		}
		const stepSeed = this.seed * 1_000_003 + 2 * this.stepCount;
		this.stepCount++;
		const G = this.generator;
		const D = this.discriminator;
		const dVars = D.trainableWeights.map((v) => v.read() as tf.Variable);
		const gVars = G.trainableWeights.map((v) => v.read() as tf.Variable);

		let dReal: tf.Scalar | undefined;
		let dFake: tf.Scalar | undefined;
		// Real and generated images go through D as one batch of 2n (D has no batch norm, so this
		// equals two passes) — half the kernel calls. G gets no gradient from the D step.
		const both = tf.tidy(() =>
			tf.concat([
				this.toModelRange(batch.x),
				G.apply(this.noise(n, stepSeed), { training: true }) as tf.Tensor4D
			])
		);
		const targets = tf.tidy(() => tf.concat([tf.fill([n, 1], this.realTarget), tf.zeros([n, 1])]));
		const d = this.dOptimizer.minimize(
			() => {
				const logits = D.apply(both, { training: true }) as tf.Tensor2D;
				const probs = tf.sigmoid(logits);
				dReal = tf.keep(tf.mean(tf.slice(probs, [0, 0], [n, 1])));
				dFake = tf.keep(tf.mean(tf.slice(probs, [n, 0], [n, 1])));
				// BCE(s, D(x)) + BCE(0, D(G(z))): the mean over 2n samples, times 2.
				return tf.mul(tf.losses.sigmoidCrossEntropy(targets, logits), 2) as tf.Scalar;
			},
			true,
			dVars
		);
		tf.dispose([both, targets]);

		const g = this.gOptimizer.minimize(
			() => {
				const logits = D.apply(G.apply(this.noise(n, stepSeed + 1), { training: true }), {
					training: true
				}) as tf.Tensor2D;
				return tf.losses.sigmoidCrossEntropy(tf.onesLike(logits), logits) as tf.Scalar;
			},
			true,
			gVars
		);
		if (!d || !g || !dReal || !dFake) throw new Error('DCGAN step produced no loss');
		return { d, g, dReal, dFake };
	}

	/**
	 * n images in [0, 1] from the noise batch fixed by `seed` (the same seed gives the same z, so
	 * progress grids are comparable across steps). Batch-norm runs in inference mode.
	 */
	sample(n: number, seed = this.seed): tf.Tensor4D {
		return tf.tidy(() =>
			this.toImageRange(this.generator.predict(this.noise(n, seed)) as tf.Tensor4D)
		);
	}

	models(): Record<string, LayersModel> {
		return { generator: this.generator, discriminator: this.discriminator };
	}

	optimizers(): Record<string, tf.Optimizer> {
		return { generator: this.gOptimizer, discriminator: this.dOptimizer };
	}

	dispose(): void {
		this.dOptimizer.dispose();
		this.gOptimizer.dispose();
		this.generator.dispose();
		this.discriminator.dispose();
	}
}

/** Builds a DCGAN trainer with separate Adam optimizers for D and G. */
export function createDcganTrainer(opts: DcganTrainerOptions = {}): DcganTrainer {
	return new DcganTrainer(opts);
}

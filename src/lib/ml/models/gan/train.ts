/**
 * GAN training (Goodfellow et al. 2014) with the non-saturating generator loss:
 *   L_D = BCE(D(x), y_real) + BCE(D(G(z)), 0),   L_G = BCE(D(G(z)), 1),
 * one D step then one G step per batch, Adam(lr 2e-4, β₁ 0.5) as in DCGAN (Radford et al. 2015).
 * One-sided label smoothing (Salimans et al. 2016) sets y_real = LABEL_SMOOTHING instead of 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import { streamSeed } from '../../random';
import { flattenInput } from '../autoencoder/train';
import { sigmoidCrossEntropyWithLogits } from '../losses';
import { defaultImageShape, pick, uniqueVariables, type ImageShape } from '../variables';

export const LABEL_SMOOTHING = 0.9;
export const GAN_LEARNING_RATE = 2e-4;
export const GAN_BETA1 = 0.5;

export interface GanTrainerOptions {
	generator: LayersModel;
	discriminator: LayersModel;
	/** Use y_real = LABEL_SMOOTHING (true) or a given value in (0, 1]; default off (1). */
	labelSmoothing?: boolean | number;
	learningRate?: number;
	/** Seeds every z drawn by the trainer. */
	seed: number;
	/** Shape of one image for `sample` (default from the size: 784 → 28×28×1). */
	imageShape?: ImageShape;
}

/** A GAN trainer whose two half-steps can also be driven one at a time (slow-motion view). */
export interface GanTrainer extends Trainer {
	/** One D update on a real batch and n fresh fakes; returns L_D. G is not touched. */
	stepDiscriminator(batch: Batch): tf.Scalar;
	/** One G update on n fresh z; returns L_G. D is not touched. */
	stepGenerator(n: number): tf.Scalar;
	/** Full steps taken; seeds every z (D: draw 2k, G: draw 2k + 1), so restoring it makes a resumed run exact. */
	stepCount: number;
	/** n generated images [n, h, w, c] from seeded z. */
	sample(n: number, seed: number): tf.Tensor4D;
}

/** A Trainer for an MLP GAN (it takes ownership of both models); losses { d, g }. */
export function createGanTrainer(opts: GanTrainerOptions): GanTrainer {
	const { generator, discriminator } = opts;
	const latentSize = generator.inputs[0]?.shape[1];
	const imageSize = discriminator.inputs[0]?.shape[1];
	if (typeof latentSize !== 'number' || typeof imageSize !== 'number') {
		throw new RangeError('generator and discriminator need flat inputs [batch, size]');
	}
	const gOut = generator.outputs[0]?.shape[1];
	if (gOut !== imageSize) {
		throw new RangeError(
			`generator makes ${gOut} values but the discriminator expects ${imageSize}`
		);
	}
	const realLabel =
		opts.labelSmoothing === true
			? LABEL_SMOOTHING
			: typeof opts.labelSmoothing === 'number'
				? opts.labelSmoothing
				: 1;
	const lr = opts.learningRate ?? GAN_LEARNING_RATE;
	const dOpt = tf.train.adam(lr, GAN_BETA1);
	const gOpt = tf.train.adam(lr, GAN_BETA1);
	const dVars = uniqueVariables([discriminator]);
	const gVars = uniqueVariables([generator]);
	let stepCount = 0;
	const noise = (n: number, draw: number): tf.Tensor2D =>
		tf.randomNormal([n, latentSize], 0, 1, 'float32', streamSeed(opts.seed, draw));

	const stepDiscriminator = (batch: Batch): tf.Scalar =>
		tf.tidy(() => {
			const n = batch.x.shape[0];
			const real = flattenInput(batch.x, imageSize);
			// The fake batch is a constant for D's step: no gradient reaches G.
			const fake = generator.apply(noise(n, 2 * stepCount), { training: true }) as tf.Tensor2D;
			const { value, grads } = tf.variableGrads(() => {
				const lossReal = sigmoidCrossEntropyWithLogits(
					realLabel,
					discriminator.apply(real, { training: true }) as tf.Tensor
				);
				const lossFake = sigmoidCrossEntropyWithLogits(
					0,
					discriminator.apply(fake, { training: true }) as tf.Tensor
				);
				return tf.add(lossReal, lossFake) as tf.Scalar;
			}, dVars);
			dOpt.applyGradients(pick(grads, dVars));
			return value;
		});
	// The G half-step ends a full step, so it advances the counter.
	const stepGenerator = (n: number): tf.Scalar =>
		tf.tidy(() => {
			const z = noise(n, 2 * stepCount++ + 1);
			const { value, grads } = tf.variableGrads(
				() =>
					sigmoidCrossEntropyWithLogits(
						1,
						discriminator.apply(generator.apply(z, { training: true }), {
							training: true
						}) as tf.Tensor
					),
				gVars
			);
			gOpt.applyGradients(pick(grads, gVars));
			return value;
		});

	const [h, w, c] = opts.imageShape ?? defaultImageShape(imageSize);
	if (h * w * c !== imageSize) {
		throw new RangeError(`image shape [${h}, ${w}, ${c}] does not hold ${imageSize} values`);
	}
	return {
		kind: 'gan',
		get stepCount() {
			return stepCount;
		},
		set stepCount(v: number) {
			stepCount = v;
		},
		stepDiscriminator,
		stepGenerator,
		sample: (n, seed) => tf.tidy(() => tf.reshape(generate(generator, n, seed), [n, h, w, c])),
		step(batch: Batch): StepLosses {
			const d = stepDiscriminator(batch);
			const g = stepGenerator(batch.x.shape[0]);
			return { d, g };
		},
		models: (): Record<string, LayersModel> => ({ generator, discriminator }),
		optimizers: () => ({ generator: gOpt, discriminator: dOpt }),
		dispose() {
			dOpt.dispose();
			gOpt.dispose();
			generator.dispose();
			discriminator.dispose();
		}
	};
}

/** n generated images [n, outputSize] from seeded z ~ N(0, I). */
export function generate(generator: LayersModel, n: number, seed: number): tf.Tensor2D {
	const latentSize = generator.inputs[0]?.shape[1];
	if (typeof latentSize !== 'number') throw new RangeError('generator needs a flat latent input');
	return tf.tidy(
		() => generator.predict(tf.randomNormal([n, latentSize], 0, 1, 'float32', seed)) as tf.Tensor2D
	);
}

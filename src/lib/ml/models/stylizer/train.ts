/**
 * Trains a feed-forward stylizer with the perceptual loss of Johnson et al. (2016): for a batch of
 * photos x and the network's output y = T(x), on a fixed feature network φ (VGG19, or the
 * labelled VGG-free random features):
 *   L = α · ½·mean((φ_c(y) − φ_c(x))²) + β · Σ_l ¼·mean((G_l(y) − G_l(s))²) + γ · TV(y)
 *       + δ · ½·mean((P(lum y) − P(lum x))²)
 * the same terms as Gatys et al.'s optimisation (see ../style/gatys), but learned once by T so a
 * new photo is stylized in one forward pass. The painting's Gram matrices G_l(s) are computed once.
 * The last, optional term (δ = 0 by default) keeps the photo's shapes when φ is the random-feature
 * network, whose content features alone let them dissolve: P is a 4×4 average pool, so only the
 * coarse light and dark of the photo is held, and colours and strokes stay free.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../../train/trainer';
import {
	batchGramMatrix,
	featureExtractor,
	gramMatrix,
	totalVariation,
	type GatysWeights
} from '../style/gatys';
import { buildStylizer, type StylizerOptions } from './model';

export const DEFAULT_STYLIZER_LEARNING_RATE = 1e-3;

export interface StylizerTrainerOptions extends StylizerOptions {
	/** The loss network (not trained; the caller owns it). */
	features: LayersModel;
	contentLayer: string;
	styleLayers: readonly string[];
	/** The painting, [h, w, 3] in [0, 1] (read once; the caller keeps ownership). */
	style: tf.Tensor3D;
	weights: GatysWeights;
	/** δ, the weight of the coarse-luminance term (default 0: Johnson et al.'s loss alone). */
	structureWeight?: number;
	learningRate?: number;
}

/** Rec. 601 luma of an RGB batch, average-pooled 4×4: the photo's coarse light and dark. */
function coarseLuminance(x: tf.Tensor4D): tf.Tensor4D {
	return tf.tidy(() => {
		const lum = tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), -1, true) as tf.Tensor4D;
		return tf.avgPool(lum, 4, 4, 'valid');
	});
}

/** ½·mean((P(lum y) − P(lum x))²): how far y's coarse light and dark are from the photo x's. */
export function structureLoss(y: tf.Tensor4D, x: tf.Tensor4D): tf.Scalar {
	return tf.tidy(
		() =>
			tf.mul(0.5, tf.mean(tf.square(tf.sub(coarseLuminance(y), coarseLuminance(x))))) as tf.Scalar
	);
}

/** Adam on the transformer network; step() returns { loss, content, style, tv }. */
export class StylizerTrainer implements Trainer {
	readonly kind = 'stylizer';
	readonly model: LayersModel;
	private readonly optimizer: tf.AdamOptimizer;
	private readonly features: (x: tf.Tensor4D) => { content: tf.Tensor4D; style: tf.Tensor4D[] };
	private readonly styleTargets: tf.Tensor2D[];
	private readonly weights: GatysWeights;
	private readonly structureWeight: number;

	constructor(opts: StylizerTrainerOptions) {
		this.structureWeight = opts.structureWeight ?? 0;
		this.model = buildStylizer(opts);
		this.features = featureExtractor(opts.features, opts.contentLayer, opts.styleLayers);
		this.weights = { ...opts.weights };
		this.styleTargets = tf.tidy(() =>
			this.features(tf.expandDims(opts.style, 0) as tf.Tensor4D).style.map(gramMatrix)
		);
		this.optimizer = tf.train.adam(opts.learningRate ?? DEFAULT_STYLIZER_LEARNING_RATE);
	}

	/** The photos' content features: the target T(x) must keep (computed outside the gradient). */
	contentTarget(x: tf.Tensor4D): tf.Tensor4D {
		return tf.tidy(() => this.features(x).content);
	}

	/**
	 * The loss terms for photos x (a batch) given their content target; `identity` scores the
	 * photos themselves instead of the network's output (the baseline a stylizer improves on).
	 */
	losses(
		x: tf.Tensor4D,
		target: tf.Tensor4D,
		training = false,
		identity = false
	): { content: tf.Scalar; style: tf.Scalar; tv: tf.Scalar; structure: tf.Scalar } {
		return tf.tidy(() => {
			const y = identity ? x : (this.model.apply(x, { training }) as tf.Tensor4D);
			const f = this.features(y);
			const content = tf.mul(0.5, tf.mean(tf.square(tf.sub(f.content, target)))) as tf.Scalar;
			let style: tf.Tensor = tf.scalar(0);
			f.style.forEach((fy, i) => {
				// Each photo of the batch is compared with the same painting (broadcast over n).
				const diff = tf.sub(batchGramMatrix(fy), this.styleTargets[i]!);
				style = tf.add(style, tf.mul(0.25, tf.mean(tf.square(diff))));
			});
			const structure = structureLoss(y, x);
			return { content, style: style as tf.Scalar, tv: totalVariation(y), structure };
		});
	}

	step(batch: Batch): StepLosses {
		const w = this.weights;
		const vars = this.model.trainableWeights.map((v) => v.read() as tf.Variable);
		let parts: tf.Scalar[] = [];
		const target = this.contentTarget(batch.x);
		const loss = this.optimizer.minimize(
			() => {
				const t = this.losses(batch.x, target, true);
				parts = [tf.keep(t.content), tf.keep(t.style), tf.keep(t.tv), tf.keep(t.structure)];
				return tf.addN([
					tf.mul(w.content, t.content),
					tf.mul(w.style, t.style),
					tf.mul(w.tv, t.tv),
					tf.mul(this.structureWeight, t.structure)
				]) as tf.Scalar;
			},
			true,
			vars
		);
		target.dispose();
		if (!loss) throw new Error('stylizer step produced no loss');
		const [content, style, tv, structure] = parts as [tf.Scalar, tf.Scalar, tf.Scalar, tf.Scalar];
		return { loss, content, style, tv, structure };
	}

	models(): Record<string, LayersModel> {
		return { stylizer: this.model };
	}

	optimizers(): Record<string, tf.Optimizer> {
		return { stylizer: this.optimizer };
	}

	dispose(): void {
		tf.dispose(this.styleTargets);
		this.optimizer.dispose();
		this.model.dispose();
	}
}

/**
 * Small CNN classifier for 28×28×1 images (LeCun et al. 1998 in spirit, with stride-2 convs instead
 * of pooling): the classifier the sample-quality metrics use (accuracy, and its `features` layer as
 * the embedding for Fréchet distances):
 *   x → conv 3×3/2 (32, ReLU) → conv 3×3/2 (64, ReLU) → flatten → dense 128 (ReLU, 'features')
 *     → dropout → dense classes ('logits')
 * The model outputs logits; apply softmax for probabilities. Initialisers are seeded from `seed`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export const IMAGE_SHAPE = [28, 28, 1] as const;
/** Name of the embedding layer used for Fréchet distances. */
export const FEATURES_LAYER = 'features';

export interface ClassifierOptions {
	classes?: number;
	seed?: number;
	/** Dropout before the logits (0 turns it off). Default 0.25. */
	dropout?: number;
	filters?: readonly [number, number];
	featureSize?: number;
}

/** Builds the CNN: 28×28×1 images in [0, 1] → class logits. */
export function buildClassifier(opts: ClassifierOptions = {}): tfl.LayersModel {
	const classes = opts.classes ?? 10;
	const seed = opts.seed ?? 0;
	const [f1, f2] = opts.filters ?? [32, 64];
	const init = (layer: number) => tfl.initializers.glorotUniform({ seed: seed * 101 + layer });
	const conv = (filters: number, layer: number, first: boolean) =>
		tfl.layers.conv2d({
			...(first ? { inputShape: [...IMAGE_SHAPE] } : {}),
			filters,
			kernelSize: 3,
			strides: 2,
			padding: 'same',
			activation: 'relu',
			kernelInitializer: init(layer),
			name: `conv${layer}`
		});
	const dropout = opts.dropout ?? 0.25;
	return tfl.sequential({
		name: 'classifier',
		layers: [
			conv(f1, 1, true),
			conv(f2, 2, false),
			tfl.layers.flatten({ name: 'flatten' }),
			tfl.layers.dense({
				units: opts.featureSize ?? 128,
				activation: 'relu',
				kernelInitializer: init(3),
				name: FEATURES_LAYER
			}),
			...(dropout > 0 ? [tfl.layers.dropout({ rate: dropout, name: 'dropout' })] : []),
			tfl.layers.dense({ units: classes, kernelInitializer: init(4), name: 'logits' })
		]
	});
}

/** A model sharing `classifier`'s weights that outputs the `features` embedding. */
export function featureExtractor(classifier: tfl.LayersModel): tfl.LayersModel {
	const input = classifier.inputs[0];
	if (!input) throw new Error('classifier has no input');
	return tfl.model({ inputs: input, outputs: classifier.getLayer(FEATURES_LAYER).output });
}

/** Predicted class of each image, in batches of `batchSize` (keeps memory flat). */
export function predictClasses(
	classifier: tfl.LayersModel,
	x: tf.Tensor4D,
	batchSize = 256
): Int32Array {
	const n = x.shape[0];
	const out = new Int32Array(n);
	for (let i = 0; i < n; i += batchSize) {
		const m = Math.min(batchSize, n - i);
		const arg = tf.tidy(() =>
			tf.argMax(classifier.predict(tf.slice(x, [i, 0, 0, 0], [m, -1, -1, -1])) as tf.Tensor2D, 1)
		);
		out.set(arg.dataSync() as Int32Array, i);
		arg.dispose();
	}
	return out;
}

/**
 * Instance normalisation (Ulyanov, Vedaldi & Lempitsky 2016): each image's channels are
 * normalised over their own H×W, then scaled and shifted per channel:
 *   y = γ_c · (x − μ_{n,c}) / √(σ²_{n,c} + ε) + β_c
 * tfjs-layers has no such layer (its LayerNormalization over H and W cannot train without a
 * per-pixel scale, which needs a fixed image size), so this one is registered for serialisation:
 * importing this module is what lets tfjs load a saved stylizer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = ConstructorParameters<typeof tfl.layers.Layer>[0];

export class InstanceNormalization extends tfl.layers.Layer {
	static readonly className = 'InstanceNormalization';
	readonly epsilon: number;
	private gamma: tfl.LayerVariable | undefined;
	private beta: tfl.LayerVariable | undefined;

	constructor(args: LayerArgs & { epsilon?: number } = {}) {
		super(args);
		this.epsilon = args.epsilon ?? 1e-5;
	}

	override build(inputShape: tfl.Shape | tfl.Shape[]): void {
		const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
		const channels = shape[shape.length - 1];
		if (typeof channels !== 'number')
			throw new Error('InstanceNormalization needs a known channel count');
		this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
		this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
		this.built = true;
	}

	override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
		return tf.tidy(() => {
			const x = Array.isArray(inputs) ? inputs[0]! : inputs;
			const { mean, variance } = tf.moments(x, [1, 2], true);
			const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.epsilon)));
			return tf.add(tf.mul(normed, this.gamma!.read()), this.beta!.read());
		});
	}

	override getConfig(): tf.serialization.ConfigDict {
		return { ...super.getConfig(), epsilon: this.epsilon };
	}
}

tf.serialization.registerClass(InstanceNormalization);

/** An instance normalisation layer. */
export function instanceNormalization(
	args: LayerArgs & { epsilon?: number } = {}
): InstanceNormalization {
	return new InstanceNormalization(args);
}

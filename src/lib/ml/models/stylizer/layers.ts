/**
 * The two layers a stylizer needs that tfjs-layers lacks, registered for serialisation: importing
 * this module is what lets tfjs load a saved stylizer.
 *  - Instance normalisation (Ulyanov, Vedaldi & Lempitsky 2016): each image's channels are
 *    normalised over their own H×W, then scaled and shifted per channel:
 *      y = γ_c · (x − μ_{n,c}) / √(σ²_{n,c} + ε) + β_c
 *    (tfjs's LayerNormalization over H and W cannot train without a per-pixel scale, which needs
 *    a fixed image size.)
 *  - Reflection padding, as Johnson et al. use: zero padding gives the borders a statistic of
 *    their own, which a style loss rewards with bright frames. Built from slices, reverses and a
 *    concat, because tfjs's MirrorPad gradient only slices the middle out (it drops the mirrored
 *    pixels' share of the gradient).
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

/** Pads H and W by `padding` pixels on each side with their mirror image (edge not repeated). */
export function reflectPad(x: tf.Tensor4D, padding: number): tf.Tensor4D {
	if (padding === 0) return x;
	return tf.tidy(() => {
		const [, h, w] = x.shape;
		if (padding >= h || padding >= w) {
			throw new RangeError(`cannot reflect-pad ${h}×${w} by ${padding}`);
		}
		const rows = tf.concat(
			[
				tf.reverse(tf.slice(x, [0, 1, 0, 0], [-1, padding, -1, -1]), 1),
				x,
				tf.reverse(tf.slice(x, [0, h - 1 - padding, 0, 0], [-1, padding, -1, -1]), 1)
			],
			1
		);
		return tf.concat(
			[
				tf.reverse(tf.slice(rows, [0, 0, 1, 0], [-1, -1, padding, -1]), 2),
				rows,
				tf.reverse(tf.slice(rows, [0, 0, w - 1 - padding, 0], [-1, -1, padding, -1]), 2)
			],
			2
		) as tf.Tensor4D;
	});
}

export class ReflectionPadding2D extends tfl.layers.Layer {
	static readonly className = 'ReflectionPadding2D';
	readonly padding: number;

	constructor(args: LayerArgs & { padding: number }) {
		super(args);
		this.padding = args.padding;
	}

	override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
		const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
		const grow = (d: number | null | undefined) => (d == null ? null : d + 2 * this.padding);
		return [s[0] ?? null, grow(s[1]), grow(s[2]), s[3] ?? null];
	}

	override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
		const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
		return reflectPad(x, this.padding);
	}

	override getConfig(): tf.serialization.ConfigDict {
		return { ...super.getConfig(), padding: this.padding };
	}
}

tf.serialization.registerClass(ReflectionPadding2D);

/** A reflection padding layer. */
export function reflectionPadding2d(args: LayerArgs & { padding: number }): ReflectionPadding2D {
	return new ReflectionPadding2D(args);
}

/** An instance normalisation layer. */
export function instanceNormalization(
	args: LayerArgs & { epsilon?: number } = {}
): InstanceNormalization {
	return new InstanceNormalization(args);
}

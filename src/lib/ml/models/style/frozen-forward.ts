/**
 * Runs a frozen feature network (VGG19, the random multi-scale features) with plain tfjs ops.
 * Why not `model.predict`: tfjs-layers runs every convolution as `fused.conv2d`, whose gradient
 * always computes the filter gradient as well — pure waste when only the image (Gatys) or another
 * network (a stylizer's perceptual loss) is trained, and about a third of a style step's time.
 * `tf.conv2d`'s gradient computes only what is asked for. Only the layer types these networks
 * use are supported; anything else throws.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Config = Record<string, unknown>;

function pair(v: unknown, fallback: number): [number, number] {
	if (Array.isArray(v)) return [Number(v[0]), Number(v[1] ?? v[0])];
	return typeof v === 'number' ? [v, v] : [fallback, fallback];
}

function applyLayer(
	layer: tfl.layers.Layer,
	cls: string,
	c: Config,
	inputs: tf.Tensor4D[]
): tf.Tensor4D {
	const x = inputs[0]!;
	switch (cls) {
		case 'Conv2D': {
			const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D | undefined];
			const pad = c.padding === 'same' ? 'same' : 'valid';
			let y: tf.Tensor4D = tf.conv2d(
				x,
				kernel,
				pair(c.strides, 1),
				pad,
				'NHWC',
				pair(c.dilationRate, 1)
			);
			if (c.useBias !== false && bias) y = tf.add(y, bias);
			if (c.activation === 'relu') return tf.relu(y);
			if (c.activation === 'linear' || c.activation == null) return y;
			throw new Error(
				`frozen forward: activation ${String(c.activation)} of ${layer.name} is not supported`
			);
		}
		case 'MaxPooling2D':
		case 'AveragePooling2D': {
			const pool = cls === 'MaxPooling2D' ? tf.maxPool : tf.avgPool;
			const size = pair(c.poolSize, 2);
			const pad = c.padding === 'same' ? 'same' : 'valid';
			return pool(x, size, pair(c.strides ?? c.poolSize, size[0]), pad);
		}
		case 'Concatenate':
			return tf.concat(inputs, Number(c.axis ?? -1));
		case 'ReLU':
			if (c.maxValue != null) throw new Error(`frozen forward: ReLU maxValue of ${layer.name}`);
			return tf.relu(x);
		case 'Rescaling':
			return tf.add(tf.mul(x, Number(c.scale ?? 1)), Number(c.offset ?? 0));
		default:
			throw new Error(
				`frozen forward: layer ${layer.name} (${layer.getClassName()}) is not supported`
			);
	}
}

/**
 * The activations of the named layers for images x, computed with non-fused ops. The model's
 * layers are walked in their (topological) order; each layer's first inbound node gives its inputs.
 */
export function frozenForward(
	model: tfl.LayersModel,
	names: readonly string[]
): (x: tf.Tensor4D) => tf.Tensor4D[] {
	for (const n of names) model.getLayer(n); // throws early for an unknown name
	// Only the layers up to the last wanted one are run.
	const last = Math.max(...names.map((n) => model.layers.findIndex((l) => l.name === n)));
	// Class and config are read once: the returned function runs in a training step's hot loop.
	const plan = model.layers.slice(0, last + 1).map((layer) => ({
		layer,
		cls: layer.getClassName(),
		config: layer.getConfig() as Config,
		inputs: layer.inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? []
	}));
	return (x) => {
		const values = new Map<string, tf.Tensor4D>();
		for (const { layer, cls, config, inputs } of plan) {
			if (cls === 'InputLayer') {
				values.set(layer.name, x);
				continue;
			}
			const ins = inputs.map((n) => {
				const v = values.get(n);
				if (!v) throw new Error(`frozen forward: ${layer.name} needs ${n}, not computed yet`);
				return v;
			});
			values.set(layer.name, applyLayer(layer, cls, config, ins));
		}
		return names.map((n) => values.get(n)!);
	};
}

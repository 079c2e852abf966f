import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVgg19Features } from '../vgg/model';
import { frozenForward } from './frozen-forward';
import { buildRandomFeatures } from './random-features';
import * as tfl from '@tensorflow/tfjs-layers';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
	const d = tf.max(tf.abs(tf.sub(a, b)));
	const v = (await d.data())[0]!;
	d.dispose();
	return v;
}

describe('frozenForward', () => {
	it('matches model.predict on a narrow VGG19 at the style and content layers', async () => {
		const vgg = buildVgg19Features({ widths: [4, 6, 8, 8, 8] });
		const names = ['block1_conv1', 'block3_conv1', 'block4_conv2', 'block5_conv1'];
		const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
		const ours = frozenForward(vgg, names)(x);
		const ref = tfl.model({
			inputs: vgg.inputs,
			outputs: names.map((n) => vgg.getLayer(n).output as tfl.SymbolicTensor)
		});
		const theirs = ref.predict(x) as tf.Tensor[];
		for (let i = 0; i < names.length; i++) {
			expect(ours[i]!.shape).toEqual(theirs[i]!.shape);
			expect(await maxDiff(ours[i]!, theirs[i]!)).toBeLessThan(1e-3);
		}
		tf.dispose([x, ...ours, ...theirs]);
		vgg.dispose();
	});

	it('matches model.predict on the random multi-scale features (pyramid, concat, rescaling)', async () => {
		const net = buildRandomFeatures({ scales: 3, filters: 3, seed: 2 });
		const x = tf.randomUniform([1, 24, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
		const ours = frozenForward(net, ['scale3', 'scale1'])(x);
		const theirs = net.predict(x) as tf.Tensor[];
		expect(await maxDiff(ours[0]!, theirs[2]!)).toBeLessThan(1e-5);
		expect(await maxDiff(ours[1]!, theirs[0]!)).toBeLessThan(1e-5);
		tf.dispose([x, ...ours, ...theirs]);
		net.dispose();
	});

	it('backpropagates to the image without asking for filter gradients', async () => {
		const net = buildRandomFeatures({ scales: 2, filters: 2 });
		const run = frozenForward(net, ['scale2']);
		const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
		const profile = await tf.profile(() => {
			const g = tf.grad((img: tf.Tensor) => tf.sum(run(img as tf.Tensor4D)[0]!))(x);
			g.dispose();
		});
		expect(profile.kernelNames).toContain('Conv2DBackpropInput');
		expect(profile.kernelNames).not.toContain('Conv2DBackpropFilter');
		x.dispose();
		net.dispose();
	});

	it('refuses layers it does not know and unknown layer names', () => {
		const input = tfl.input({ shape: [null, null, 3] });
		const bn = tfl.layers.batchNormalization({ name: 'bn' }).apply(input) as tfl.SymbolicTensor;
		const m = tfl.model({ inputs: input, outputs: bn });
		const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
		expect(() => frozenForward(m, ['bn'])(x)).toThrow(/not supported/);
		expect(() => frozenForward(m, ['nope'])).toThrow();
		x.dispose();
		m.dispose();
	});
});

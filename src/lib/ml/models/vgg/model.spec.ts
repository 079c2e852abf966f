import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVgg19Features, IMAGENET_MEAN_BGR, vgg19Layers } from './model';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('VGG19 features', () => {
	it('lists Keras layer names through block5_conv1', () => {
		const names = vgg19Layers().map((l) => l.name);
		expect(names).toEqual([
			'block1_conv1',
			'block1_conv2',
			'block1_pool',
			'block2_conv1',
			'block2_conv2',
			'block2_pool',
			'block3_conv1',
			'block3_conv2',
			'block3_conv3',
			'block3_conv4',
			'block3_pool',
			'block4_conv1',
			'block4_conv2',
			'block4_conv3',
			'block4_conv4',
			'block4_pool',
			'block5_conv1'
		]);
	});

	it('turns RGB in [0, 1] into mean-subtracted BGR on the 0–255 scale inside the model', () => {
		const before = tf.memory().numTensors;
		const m = buildVgg19Features({ widths: [2, 2, 2, 2, 2], size: [16, 16] });
		const pre = tfl.model({
			inputs: m.inputs,
			outputs: m.getLayer('preprocess').output as tfl.SymbolicTensor
		});
		const x = tf.tidy(() => tf.tile(tf.tensor4d([0.1, 0.5, 0.9], [1, 1, 1, 3]), [1, 16, 16, 1]));
		const y = pre.predict(x) as tf.Tensor;
		const z = m.predict(x) as tf.Tensor;
		const got = Array.from(y.dataSync().slice(0, 3));
		const want = [
			0.9 * 255 - IMAGENET_MEAN_BGR[0],
			0.5 * 255 - IMAGENET_MEAN_BGR[1],
			0.1 * 255 - IMAGENET_MEAN_BGR[2]
		];
		got.forEach((v, i) => expect(v).toBeCloseTo(want[i] ?? NaN, 3));
		expect(z.shape).toEqual([1, 1, 1, 2]);
		expect(m.getLayer('preprocess').trainable).toBe(false);
		tf.dispose([x, y, z]);
		m.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

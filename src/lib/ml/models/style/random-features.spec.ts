import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRandomFeatures, randomFeatureLayers } from './random-features';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('random multi-scale features', () => {
	it('gives one map per pyramid level, halving each time, with 2 × filters channels', () => {
		const net = buildRandomFeatures({ scales: 3, filters: 4, seed: 1 });
		const x = tf.randomUniform([1, 32, 24, 3], 0, 1, 'float32', 7);
		const outs = net.predict(x) as tf.Tensor[];
		expect(outs.map((o) => o.shape)).toEqual([
			[1, 32, 24, 8],
			[1, 16, 12, 8],
			[1, 8, 6, 8]
		]);
		expect(net.trainableWeights).toHaveLength(0);
		tf.dispose([x, ...outs]);
		net.dispose();
	});

	it('is the same network for the same seed and a different one for another seed', async () => {
		const x = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 3);
		const run = async (seed: number) => {
			const net = buildRandomFeatures({ scales: 2, filters: 3, seed });
			const out = net.predict(x) as tf.Tensor[];
			const v = Array.from(await out[1]!.data());
			tf.dispose(out);
			net.dispose();
			return v;
		};
		const a = await run(5);
		expect(await run(5)).toEqual(a);
		expect(await run(6)).not.toEqual(a);
		x.dispose();
	});

	it('ignores flat brightness: a mid-grey image gives all-zero features', async () => {
		const net = buildRandomFeatures({ scales: 2, filters: 4 });
		const grey = tf.fill([1, 8, 8, 3], 0.5);
		const outs = net.predict(grey) as tf.Tensor[];
		for (const o of outs) expect((await tf.max(o).data())[0]).toBe(0);
		tf.dispose([grey, ...outs]);
		net.dispose();
	});

	it('names its layers for style transfer and refuses bad options', () => {
		expect(randomFeatureLayers(4)).toEqual({
			content: 'scale3',
			style: ['scale1', 'scale2', 'scale3', 'scale4']
		});
		expect(() => buildRandomFeatures({ scales: 0 })).toThrow(RangeError);
		expect(() => buildRandomFeatures({ filters: 1.5 })).toThrow(RangeError);
	});
});

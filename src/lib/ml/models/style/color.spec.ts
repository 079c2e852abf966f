import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { blendStrength, preserveColors, rgbToYiq, yiqToRgb } from './color';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const rand = (seed: number) => tf.randomUniform([6, 5, 3], 0, 1, 'float32', seed) as tf.Tensor3D;

describe('colour preservation', () => {
	it('YIQ round-trips RGB', async () => {
		const x = rand(1);
		const back = yiqToRgb(rgbToYiq(x));
		const err = tf.max(tf.abs(tf.sub(back, x)));
		expect((await err.data())[0]).toBeLessThan(2e-3);
		tf.dispose([x, back, err]);
	});

	it("keeps the stylized luminance and the photo's chrominance", async () => {
		const photo = tf.add(tf.mul(rand(2), 0.5), 0.25) as tf.Tensor3D;
		const stylized = tf.add(tf.mul(rand(3), 0.5), 0.25) as tf.Tensor3D;
		const out = preserveColors(stylized, photo);
		const [yo, yp, ys] = [out, photo, stylized].map(rgbToYiq);
		const lum = tf.max(
			tf.abs(tf.sub(tf.slice(yo!, [0, 0, 0], [-1, -1, 1]), tf.slice(ys!, [0, 0, 0], [-1, -1, 1])))
		);
		const chroma = tf.max(
			tf.abs(tf.sub(tf.slice(yo!, [0, 0, 1], [-1, -1, 2]), tf.slice(yp!, [0, 0, 1], [-1, -1, 2])))
		);
		expect((await lum.data())[0]).toBeLessThan(5e-3);
		expect((await chroma.data())[0]).toBeLessThan(5e-3);
		tf.dispose([photo, stylized, out, yo!, yp!, ys!, lum, chroma]);
	});

	it('strength 0 gives the photo, 1 the stylized image', async () => {
		const photo = rand(4);
		const stylized = rand(5);
		const zero = blendStrength(stylized, photo, 0);
		const one = blendStrength(stylized, photo, 1);
		expect(Array.from(await zero.data())).toEqual(Array.from(await photo.data()));
		expect(Array.from(await one.data())).toEqual(Array.from(await stylized.data()));
		tf.dispose([photo, stylized, zero, one]);
	});
});

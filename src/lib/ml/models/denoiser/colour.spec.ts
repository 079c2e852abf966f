import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { opponentPlanesToRgb, rgbToOpponentPlanes } from './colour';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('the opponent colour planes a grey denoiser cleans', () => {
	it('round-trips RGB exactly (to float precision) and stays in [0, 1]', async () => {
		const rgb = tf.randomUniform([1, 7, 5, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
		const planes = rgbToOpponentPlanes(rgb);
		expect(planes.shape).toEqual([3, 7, 5, 1]);
		expect((await tf.min(planes).data())[0]).toBeGreaterThanOrEqual(0);
		expect((await tf.max(planes).data())[0]).toBeLessThanOrEqual(1);
		const back = opponentPlanesToRgb(planes);
		const err = (await tf.max(tf.abs(tf.sub(back, rgb))).data())[0]!;
		expect(err).toBeLessThan(1e-6);
		tf.dispose([rgb, planes, back]);
	});

	it('puts a grey photo entirely in the luminance plane (chroma flat at ½)', async () => {
		const grey = tf.tile(
			tf.randomUniform([1, 4, 4, 1], 0, 1, 'float32', 1),
			[1, 1, 1, 3]
		) as tf.Tensor4D;
		const planes = rgbToOpponentPlanes(grey);
		const [l, c1, c2] = tf.split(planes, 3, 0);
		expect(Array.from(await l!.data())).toEqual(
			Array.from(await tf.slice(grey, [0, 0, 0, 0], [1, 4, 4, 1]).data()).map((v) =>
				expect.closeTo(v, 6)
			)
		);
		for (const c of [c1!, c2!]) for (const v of await c.data()) expect(v).toBeCloseTo(0.5, 6);
		tf.dispose([grey, planes, l!, c1!, c2!]);
	});

	it("keeps white RGB noise white: the planes' noise is uncorrelated, σ/√3, σ/√2, σ·√6/4", async () => {
		const sigma = 0.1;
		const noise = tf.randomNormal([1, 200, 200, 3], 0, sigma, 'float32', 9) as tf.Tensor4D;
		const planes = tf.tidy(() =>
			tf.sub(rgbToOpponentPlanes(noise), tf.tensor4d([0, 0.5, 0.5], [3, 1, 1, 1]))
		);
		const flat = tf.reshape(planes, [3, -1]);
		const cov = (await tf
			.div(tf.matMul(flat, flat, false, true), flat.shape[1]!)
			.array()) as number[][];
		const want = [sigma ** 2 / 3, sigma ** 2 / 2, (sigma ** 2 * 6) / 16];
		for (let i = 0; i < 3; i++) {
			expect(cov[i]![i]! / want[i]!).toBeCloseTo(1, 1);
			for (let j = 0; j < 3; j++)
				if (i !== j) expect(Math.abs(cov[i]![j]!)).toBeLessThan(0.03 * sigma ** 2);
		}
		tf.dispose([noise, planes, flat]);
	});
});

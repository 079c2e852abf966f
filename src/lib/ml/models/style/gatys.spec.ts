import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../kernels';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVgg19Features } from '../vgg/model';
import { gramMatrix, stylizeGatys, totalVariation } from './gatys';

let vgg: tfl.LayersModel;

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
	// A narrow VGG19 (same layers and names, fewer channels) with random weights: enough to check
	// the optimisation itself; the real one is the imported ImageNet VGG19.
	vgg = buildVgg19Features({ widths: [8, 12, 16, 16, 16] });
});
afterAll(() => vgg.dispose());

/** A smooth test "photo" and a striped "painting", [32, 32, 3] in [0, 1]. */
function pictures() {
	const photo = tf.tidy(() => {
		const y = tf.reshape(tf.linspace(0, 1, 32), [32, 1, 1]);
		const x = tf.reshape(tf.linspace(0, 1, 32), [1, 32, 1]);
		return tf.concat(
			[tf.mul(y, tf.onesLike(x)), tf.mul(x, tf.onesLike(y)), tf.fill([32, 32, 1], 0.5)],
			2
		);
	}) as tf.Tensor3D;
	const painting = tf.tidy(() => {
		const stripes = tf.cast(tf.greater(tf.sin(tf.mul(tf.range(0, 32), 1.3)), 0), 'float32');
		const rows = tf.tile(tf.reshape(stripes, [1, 32, 1]), [32, 1, 1]);
		return tf.concat([rows, tf.sub(1, rows), tf.fill([32, 32, 1], 0.2)], 2);
	}) as tf.Tensor3D;
	return { photo, painting };
}

describe('gramMatrix and totalVariation', () => {
	it('gramMatrix is FᵀF / (H·W) of the flattened features', async () => {
		const f = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
		const g = gramMatrix(f);
		// rows (pixels): [1,2] [3,4] [5,6] [7,8] → FᵀF = [[84, 100], [100, 120]] / 4
		expect(Array.from(await g.data())).toEqual([21, 25, 25, 30]);
		tf.dispose([f, g]);
	});

	it('total variation is zero on a flat image and positive on a checkerboard', async () => {
		const flat = tf.fill([1, 4, 4, 3], 0.3) as tf.Tensor4D;
		const checker = tf.tensor4d(
			Array.from({ length: 48 }, (_, i) =>
				Math.floor(i / 3) % 2 === Math.floor(i / 12) % 2 ? 1 : 0
			),
			[1, 4, 4, 3]
		);
		const a = totalVariation(flat);
		const b = totalVariation(checker);
		expect((await a.data())[0]).toBe(0);
		expect((await b.data())[0]).toBeGreaterThan(0.5);
		tf.dispose([flat, checker, a, b]);
	});
});

describe('stylizeGatys', () => {
	it('lowers the style loss, keeps pixels in [0, 1], reports previews and leaks no tensors', async () => {
		const { photo, painting } = pictures();
		const before = tf.memory().numTensors;
		const previews: number[] = [];
		const { image, history } = await stylizeGatys({
			vgg,
			content: photo,
			style: painting,
			iterations: 40,
			learningRate: 0.03,
			previewEvery: 10,
			onPreview: (step, img) => {
				expect(img.shape).toEqual([32, 32, 3]);
				previews.push(step);
			}
		});
		expect(previews).toEqual([10, 20, 30, 40]);
		expect(image.shape).toEqual([32, 32, 3]);
		const first = history[0]!;
		const last = history.at(-1)!;
		expect(last.style).toBeLessThan(first.style * 0.7);
		expect(last.total).toBeLessThan(first.total);
		const range = [tf.min(image), tf.max(image)];
		const [lo, hi] = await Promise.all(range.map((t) => t.data()));
		tf.dispose(range);
		expect(lo?.[0]).toBeGreaterThanOrEqual(0);
		expect(hi?.[0]).toBeLessThanOrEqual(1);
		// The result moved away from the photo.
		const moved = tf.tidy(() => tf.mean(tf.abs(tf.sub(image, photo))));
		expect((await moved.data())[0]).toBeGreaterThan(0.005);
		tf.dispose([image, moved]);
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose([photo, painting]);
	});

	it('the style weight is what moves the image away from the photo', async () => {
		const { photo, painting } = pictures();
		const drift = async (style: number) => {
			const { image } = await stylizeGatys({
				vgg,
				content: photo,
				style: painting,
				iterations: 20,
				weights: { style, tv: 0 }
			});
			const d = tf.tidy(() => tf.mean(tf.abs(tf.sub(image, photo))));
			const v = (await d.data())[0]!;
			tf.dispose([image, d]);
			return v;
		};
		const without = await drift(0);
		const withStyle = await drift(1e3);
		expect(without).toBeLessThan(withStyle * 0.5);
		tf.dispose([photo, painting]);
	});

	it('stops when its signal aborts, without leaking tensors', async () => {
		const { photo, painting } = pictures();
		const before = tf.memory().numTensors;
		const controller = new AbortController();
		const run = stylizeGatys({
			vgg,
			content: photo,
			style: painting,
			iterations: 1000,
			previewEvery: 2,
			signal: controller.signal,
			onPreview: (step) => {
				if (step === 4) controller.abort();
			}
		});
		await expect(run).rejects.toThrow();
		expect(tf.memory().numTensors).toBe(before);
		tf.dispose([photo, painting]);
	});
});

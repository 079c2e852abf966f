import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { picture, stripesPainting } from '../../../tests/fixtures/pictures';
import {
	finishStyle,
	fitWithin,
	randomStyleNetwork,
	rgbaToTensor,
	stylizePhoto,
	tensorToRgba,
	workingSize,
	type StylePreview
} from './stylize';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

const photo = picture(48, 36, (x, y) => [40 + 3 * x, 60 + 4 * y, 150]);
const painting = stripesPainting(40);

describe('working size and resizing', () => {
	it('limits the long side and never enlarges', () => {
		expect(workingSize(4000, 3000, 256)).toEqual({ width: 256, height: 192 });
		expect(workingSize(3000, 4000, 256)).toEqual({ width: 192, height: 256 });
		expect(workingSize(100, 50, 256)).toEqual({ width: 100, height: 50 });
	});

	it('averages when shrinking a lot: a fine checkerboard becomes flat grey, not aliased', async () => {
		const checker = picture(64, 64, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
		const small = tf.tidy(() => fitWithin(rgbaToTensor(checker), 8));
		expect(small.shape).toEqual([8, 8, 3]);
		const v = await small.data();
		for (const p of v) expect(p).toBeCloseTo(0.5, 2);
		small.dispose();
	});

	it('round-trips RGBA ↔ tensor', async () => {
		const t = rgbaToTensor(photo);
		const back = await tensorToRgba(t);
		t.dispose();
		expect(back).toEqual(photo);
	});
});

describe('stylizePhoto on the random features', () => {
	it('lowers the style loss, previews as it goes, returns the working size and leaks nothing', async () => {
		const net = randomStyleNetwork(0, 4);
		const before = tf.memory().numTensors;
		const previews: StylePreview[] = [];
		const out = await stylizePhoto({
			content: photo,
			style: painting,
			network: net,
			maxSide: 32,
			iterations: 30,
			previewEvery: 10,
			onPreview: (p) => previews.push(p)
		});
		expect(tf.memory().numTensors).toBe(before);
		expect([out.image.width, out.image.height]).toEqual([32, 24]);
		expect([out.content.width, out.content.height]).toEqual([32, 24]);
		expect(previews.map((p) => p.step)).toEqual([10, 20, 30]);
		expect(previews[0]!.image.width).toBe(32);
		// The unchanging working-size photo travels once, with the first preview.
		expect(previews.map((p) => p.content?.width)).toEqual([32, undefined, undefined]);
		const first = out.history[0]!.style;
		const last = out.history.at(-1)!.style;
		expect(last).toBeLessThan(first * 0.7);
		// The result moved away from the photo.
		let diff = 0;
		for (let i = 0; i < out.image.data.length; i++)
			diff += Math.abs(out.image.data[i]! - out.content.data[i]!);
		expect(diff / out.image.data.length).toBeGreaterThan(5);
		net.dispose();
	});

	it('stops when its signal aborts and leaks nothing', async () => {
		const net = randomStyleNetwork(0, 4);
		const before = tf.memory().numTensors;
		const controller = new AbortController();
		const run = stylizePhoto({
			content: photo,
			style: painting,
			network: net,
			maxSide: 32,
			iterations: 1000,
			previewEvery: 2,
			signal: controller.signal,
			onPreview: (p) => {
				if (p.step >= 4) controller.abort();
			}
		});
		await expect(run).rejects.toThrow();
		expect(tf.memory().numTensors).toBe(before);
		net.dispose();
	});
});

describe('finishStyle', () => {
	const stylized = picture(8, 8, () => [250, 120, 10]);
	const content = picture(8, 8, (x) => [20 + 10 * x, 90, 200]);

	it('strength 0 is the photo and 1 is the stylized image', async () => {
		expect((await finishStyle(stylized, content, 0, false)).data).toEqual(content.data);
		expect((await finishStyle(stylized, content, 1, false)).data).toEqual(stylized.data);
		const half = await finishStyle(stylized, content, 0.5, false);
		expect(half.data[0]).toBe(Math.round((250 + 20) / 2));
	});

	it('keeping colours keeps the photo’s chrominance and the stylized luminance', async () => {
		const kept = await finishStyle(stylized, content, 1, true);
		const yiq = (d: Uint8ClampedArray, i: number) => {
			const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
			return [
				0.299 * r + 0.587 * g + 0.114 * b,
				0.596 * r - 0.274 * g - 0.322 * b,
				0.211 * r - 0.523 * g + 0.312 * b
			];
		};
		for (const i of [0, 12, 28]) {
			const [y] = yiq(kept.data, i);
			const [ys] = yiq(stylized.data, i);
			const [, ic, qc] = yiq(content.data, i);
			const [, ik, qk] = yiq(kept.data, i);
			expect(Math.abs(y! - ys!)).toBeLessThan(6);
			// Clipping to [0, 255] can bend the chrominance a little, not much.
			expect(Math.hypot(ik! - ic!, qk! - qc!)).toBeLessThan(12);
		}
	});

	it('refuses images of different sizes', async () => {
		await expect(finishStyle(stylized, photo, 1, false)).rejects.toThrow(RangeError);
	});
});

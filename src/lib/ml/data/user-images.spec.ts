import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryProvider } from './provider';
import { packImages, toGraySquare } from './user-images';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** A w×h RGBA image filled by f(x, y) → [r, g, b, a]. */
function rgba(w: number, h: number, f: (x: number, y: number) => number[]) {
	const data = new Uint8ClampedArray(w * h * 4);
	for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 4);
	return { data, width: w, height: h };
}

describe('toGraySquare', () => {
	it('turns a dark square on white into a light square on black, at 28×28', () => {
		// 56×56 white with a black 28×28 centre square: after the 2× reduction the square is 14×14.
		const img = rgba(56, 56, (x, y) =>
			x >= 14 && x < 42 && y >= 14 && y < 42 ? [0, 0, 0, 255] : [255, 255, 255, 255]
		);
		const g = toGraySquare(img);
		expect(g.length).toBe(28 * 28);
		for (let y = 0; y < 28; y++) {
			for (let x = 0; x < 28; x++) {
				const inside = x >= 7 && x < 21 && y >= 7 && y < 21;
				expect(g[y * 28 + x]).toBe(inside ? 255 : 0);
			}
		}
		expect(toGraySquare(img, { invert: false })[0]).toBe(255);
	});

	it('averages areas: a 2×2 checkerboard reduces to mid-grey, matching a brute-force mean', () => {
		const img = rgba(56, 56, (x, y) => ((x + y) % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
		const g = toGraySquare(img, { invert: false });
		expect(new Set(g)).toEqual(new Set([128]));
		// A 3× reduction of a gradient: each output pixel is the mean of its 3×3 block.
		const grad = rgba(84, 84, (x) => [x * 3, x * 3, x * 3, 255]);
		const gg = toGraySquare(grad, { invert: false });
		for (let ox = 0; ox < 28; ox++) {
			const mean = ((3 * ox + 0) * 3 + (3 * ox + 1) * 3 + (3 * ox + 2) * 3) / 3;
			expect(gg[5 * 28 + ox]).toBe(Math.round(mean));
		}
	});

	it('crops the centre square of a wide image and uses Rec. 601 luma', () => {
		// 100×50: only x in [25, 75) survives the crop; the outer columns are pure red.
		const img = rgba(100, 50, (x) => (x < 25 || x >= 75 ? [255, 0, 0, 255] : [0, 0, 255, 255]));
		const g = toGraySquare(img, { invert: false });
		expect(new Set(g)).toEqual(new Set([Math.round(0.114 * 255)]));
	});

	it('puts transparent pixels over white (so auto-invert makes them the dark background)', () => {
		const img = rgba(28, 28, (x) => (x < 14 ? [0, 0, 0, 0] : [0, 0, 0, 255]));
		const g = toGraySquare(img, { invert: false });
		expect(g[0]).toBe(255);
		expect(g[27]).toBe(0);
	});

	it('upscales a tiny image', () => {
		const g = toGraySquare(
			rgba(2, 2, () => [200, 200, 200, 255]),
			{ invert: false }
		);
		expect(new Set(g)).toEqual(new Set([200]));
	});

	it('rejects data of the wrong size', () => {
		expect(() => toGraySquare({ data: new Uint8Array(10), width: 2, height: 2 })).toThrow(
			RangeError
		);
	});
});

describe('packImages', () => {
	it('makes a set the standard DatasetProvider trains from, pixels in [0, 1]', () => {
		const a = new Uint8Array(784).fill(255);
		const b = new Uint8Array(784);
		const provider = createInMemoryProvider({
			images: packImages([a, b]),
			shape: [28, 28, 1],
			seed: 1,
			shuffle: false
		});
		expect(provider.size).toBe(2);
		const batch = provider.nextBatch(2);
		expect(batch.x.shape).toEqual([2, 28, 28, 1]);
		const sums = tf.tidy(() => tf.sum(batch.x, [1, 2, 3]).arraySync() as number[]);
		expect(sums).toEqual([784, 0]);
		batch.x.dispose();
		expect(() => packImages([new Uint8Array(3)])).toThrow(RangeError);
	});
});

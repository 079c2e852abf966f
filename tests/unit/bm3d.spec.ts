// BM3D, bench:photos' classical reference: each step removes noise, the second more than the first,
// and it beats the best bilateral filter, on a synthetic image with repeated structure.
import { describe, expect, it } from 'vitest';
import { bm3d, bm3dBasic, bm3dWiener } from '../../scripts/bench/lib/bm3d.mts';
import { bilateral } from '../../scripts/bench/lib/classical.mts';
import { createRng } from '../../src/lib/ml/random';

const W = 64;
const H = 48;
const SIGMA = 25 / 255;

/** Stripes, a bright disc and a gradient: edges, texture and smooth parts. */
const clean = Float32Array.from({ length: W * H }, (_, i) => {
	const x = i % W;
	const y = Math.floor(i / W);
	if ((x - 44) ** 2 + (y - 24) ** 2 < 100) return 0.9;
	if (x < 28) return Math.floor(x / 4) % 2 === 0 ? 0.2 : 0.7;
	return 0.3 + (0.3 * y) / H;
});
const rng = createRng(7);
const noisy = clean.map((v) => v + SIGMA * rng.normal());

function psnr(a: Float32Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += (a[i]! - clean[i]!) ** 2;
	return 10 * Math.log10(1 / (s / a.length));
}

describe('BM3D', () => {
	it('removes noise in each step, the Wiener step more than hard thresholding', () => {
		const basic = bm3dBasic(noisy, W, H, SIGMA);
		const final = bm3dWiener(noisy, basic, W, H, SIGMA);
		const [n, b, f] = [psnr(noisy), psnr(basic), psnr(final)];
		expect(b).toBeGreaterThan(n + 8);
		expect(f).toBeGreaterThan(b);
		expect(Array.from(bm3d(noisy, W, H, SIGMA))).toEqual(Array.from(final));
	});

	it('beats the best bilateral filter on the same image', () => {
		const bestBilateral = Math.max(
			...[0.05, 0.1, 0.2, 0.4].map((r) => psnr(bilateral(noisy, W, H, 1.5, r)))
		);
		expect(psnr(bm3d(noisy, W, H, SIGMA))).toBeGreaterThan(bestBilateral + 1);
	});

	it('keeps a flat image flat and refuses one smaller than a patch', () => {
		const flat = new Float32Array(W * H).fill(0.5);
		for (const v of bm3d(flat, W, H, SIGMA)) expect(v).toBeCloseTo(0.5, 4);
		expect(() => bm3d(new Float32Array(7 * 20), 7, 20, SIGMA)).toThrow(RangeError);
	});
});

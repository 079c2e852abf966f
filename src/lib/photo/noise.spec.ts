import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from './image';
import { estimateChannelSigma, estimateNoiseSigma } from './noise';

function gaussian(seed: number): () => number {
	let s = seed >>> 0;
	const u = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
	return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** A smooth scene (gradients, a soft disc) plus N(0, σ²) noise per channel, rounded to 8 bits. */
function noisyScene(w: number, h: number, sigma: number, grey: boolean, seed = 3): RgbaImage {
	const img = createImage(w, h);
	const n = gaussian(seed);
	for (let y = 0; y < h; y++)
		for (let x = 0; x < w; x++) {
			const r = Math.hypot(x - w / 2, y - h / 2) / w;
			const base = 90 + 60 * (x / w) + 30 * Math.exp(-r * r * 20);
			const e = grey ? n() * sigma : 0;
			for (let c = 0; c < 3; c++) {
				img.data[(y * w + x) * 4 + c] = Math.round(base + c * 5 + (grey ? e : n() * sigma));
			}
			img.data[(y * w + x) * 4 + 3] = 255;
		}
	return img;
}

describe('estimateNoiseSigma (MAD of diagonal Haar coefficients)', () => {
	it('recovers σ of synthetic Gaussian noise within 8 %', () => {
		for (const sigma of [3, 10, 25, 40]) {
			const est = estimateNoiseSigma(noisyScene(256, 256, sigma, false, sigma));
			expect(Math.abs(est - sigma) / sigma, `σ=${sigma} estimated ${est.toFixed(2)}`).toBeLessThan(
				0.08
			);
		}
	});

	it('gives ~0 for a clean smooth image and the same σ for grey photos', () => {
		expect(estimateNoiseSigma(noisyScene(128, 128, 0, true))).toBeLessThan(0.6);
		const grey = noisyScene(256, 256, 15, true);
		expect(estimateChannelSigma(grey, 0)).toBe(estimateChannelSigma(grey, 2));
		expect(Math.abs(estimateNoiseSigma(grey) - 15)).toBeLessThan(1.2);
	});

	it('is monotone in the noise level', () => {
		const est = [5, 10, 20].map((s) => estimateNoiseSigma(noisyScene(128, 128, s, false)));
		expect(est[0]).toBeLessThan(est[1] ?? 0);
		expect(est[1]).toBeLessThan(est[2] ?? 0);
	});
});

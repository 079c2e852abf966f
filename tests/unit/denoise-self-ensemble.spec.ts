// The shipped grey denoiser with the geometric self-ensemble (src/lib/ml/models/denoiser/ensemble)
// leaves less noise than one pass, through the photo worker's own denoiser code.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../scripts/pretrain/artifacts.mts';
import { fileLoader } from '../../scripts/pretrain/node-io.mts';
import { loadDenoiser } from '../../src/lib/photo-worker/denoiser';
import { createRng } from '../../src/lib/ml/random';
import { picture } from '../fixtures/pictures';
import type { RgbaImage } from '../../src/lib/photo/image';

beforeAll(async () => {
	await tf.setBackend('wasm');
});

/** PSNR of the red channel (the picture is grey) against the clean picture. */
function psnr(a: RgbaImage, b: RgbaImage): number {
	let se = 0;
	for (let i = 0; i < a.data.length; i += 4) se += ((a.data[i] ?? 0) - (b.data[i] ?? 0)) ** 2;
	return 10 * Math.log10((255 * 255) / (se / (a.data.length / 4)));
}

describe('self-ensemble with the shipped grey denoiser', () => {
	it('8 flipped and turned passes clean a noisy photo better than one, without leaks', async () => {
		// A grey scene with edges in every direction (discs, a diagonal ramp, fine rings), so the
		// net's small asymmetries show.
		const clean = picture(96, 80, (x, y) => {
			const disc = (x - 30) ** 2 + (y - 40) ** 2 < 400 ? 60 : 0;
			const rings = 40 * Math.sin(Math.hypot(x - 70, y - 25) / 2.5);
			const v = Math.round(90 + 0.8 * x - 0.3 * y + disc + rings);
			return [v, v, v];
		});
		const rng = createRng(25);
		const noisy: RgbaImage = { ...clean, data: new Uint8ClampedArray(clean.data) };
		for (let i = 0; i < noisy.data.length; i += 4) {
			const v = (clean.data[i] ?? 0) + 25 * rng.normal();
			noisy.data[i] = noisy.data[i + 1] = noisy.data[i + 2] = v;
		}
		const { models } = await readManifest('weights/manifest.json');
		const version = models
			.filter((m) => m.name === 'denoiser-gray')
			.map((m) => m.version)
			.sort((a, b) => Number(b) - Number(a))[0]!;
		const d = await loadDenoiser(
			fileLoader(`weights/denoiser-gray/${version}/model.json`),
			'denoiser-gray'
		);
		const before = tf.memory().numTensors;
		const one = await d.run(noisy, 25);
		const eight = await d.run(noisy, 25, { selfEnsemble: true });
		expect(tf.memory().numTensors).toBe(before);
		d.dispose();
		const [p0, p1, p8] = [psnr(noisy, clean), psnr(one, clean), psnr(eight, clean)];
		expect(p1).toBeGreaterThan(p0 + 4);
		// The better trained the net, the more symmetric it is and the less the 8 passes add:
		// +0.25 dB here with v1, +0.09 with v4 (+0.11 on held-out photos). 8 identical passes
		// would add nothing; a wrongly undone flip or turn costs several dB.
		expect(p8).toBeGreaterThan(p1 + 0.05);
		expect(eight.width).toBe(96);
		expect(eight.height).toBe(80);
	});
});

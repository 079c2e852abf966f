import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConvAutoencoder } from '../models/conv-autoencoder/model';
import { createRng } from '../random';
import {
	codeBytes,
	compressWithAutoencoder,
	dequantizeCodes,
	fitCodeRange,
	matchQualityToBytes,
	packBits,
	quantStep,
	quantizeCodes,
	unpackBits
} from './compress';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('code quantiser', () => {
	const dims = 6;
	const rng = createRng(1);
	const codes = Float32Array.from(
		{ length: 500 * dims },
		(_, i) => rng.normal() * (1 + (i % dims))
	);

	for (const bits of [8, 4, 12]) {
		it(`round-trips within half a step at ${bits} bits`, () => {
			const range = fitCodeRange(codes, dims, { bits, tail: 0 });
			const back = dequantizeCodes(quantizeCodes(codes, range), range);
			let worst = 0;
			for (let i = 0; i < codes.length; i++) {
				const j = i % dims;
				const err = Math.abs(back[i]! - codes[i]!);
				// float32 storage of ẑ adds a few ulps on top of Δ / 2.
				expect(err).toBeLessThanOrEqual(quantStep(range, j) / 2 + 1e-5 * (1 + Math.abs(codes[i]!)));
				worst = Math.max(worst, err / quantStep(range, j));
			}
			// The bound is tight: some value lands near the middle between two levels.
			expect(worst).toBeGreaterThan(0.4);
		});
	}

	it('clamps values outside the calibrated range to its ends', () => {
		const range = fitCodeRange(codes, dims, { bits: 8 });
		const out = Float32Array.from({ length: dims }, (_, j) => range.hi[j]! + 100);
		const back = dequantizeCodes(quantizeCodes(out, range), range);
		back.forEach((v, j) => expect(v).toBeCloseTo(range.hi[j]!, 4));
	});

	it('packs and unpacks bit fields exactly', () => {
		for (const bits of [1, 3, 8, 12]) {
			const q = Uint16Array.from({ length: 37 }, () => rng.int(2 ** bits));
			const packed = packBits(q, bits);
			expect(packed.length).toBe(codeBytes(37, bits));
			expect(Array.from(unpackBits(packed, bits, 37))).toEqual(Array.from(q));
		}
	});
});

describe('matchQualityToBytes', () => {
	const size = async (q: number) => Math.round(100 + 900 * q);

	it('finds the largest quality that fits the budget', async () => {
		const r = await matchQualityToBytes(size, 550, { steps: 12 });
		expect(r.bytes).toBeLessThanOrEqual(550);
		expect(r.bytes).toBeGreaterThan(545);
	});

	it('falls back to the lowest quality when nothing fits', async () => {
		expect(await matchQualityToBytes(size, 50)).toEqual({ quality: 0, bytes: 100 });
		expect(await matchQualityToBytes(size, 5000)).toEqual({ quality: 1, bytes: 1000 });
	});
});

describe('compressWithAutoencoder', () => {
	it('decodes from the packed bytes alone with no tensor leak', () => {
		const ae = buildConvAutoencoder({ latentSize: 5, seed: 3 });
		const rng = createRng(2);
		const images = Float32Array.from({ length: 4 * 784 }, () => rng.next());
		const codes = tf.tidy(
			() => ae.encoder.predict(tf.tensor4d(images, [4, 28, 28, 1])) as tf.Tensor
		);
		const range = fitCodeRange(codes.dataSync() as Float32Array, 5, { bits: 8, tail: 0 });
		codes.dispose();
		const before = tf.memory().numTensors;
		const r = compressWithAutoencoder({
			encoder: ae.encoder,
			decoder: ae.decoder,
			images,
			range
		});
		expect(tf.memory().numTensors).toBe(before);
		expect(r.bytesPerImage).toBe(5);
		expect(r.packed.length).toBe(20);
		expect(r.reconstruction.length).toBe(4 * 784);
		// Same as decoding the dequantised codes directly.
		const zHat = dequantizeCodes(unpackBits(r.packed, 8, 20), range);
		const direct = tf.tidy(() => ae.decoder.predict(tf.tensor2d(zHat, [4, 5])) as tf.Tensor);
		const d = direct.dataSync();
		for (let i = 0; i < 784; i += 97) expect(r.reconstruction[i]).toBeCloseTo(d[i]!, 5);
		direct.dispose();
		ae.autoencoder.dispose();
	});
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	countParams,
	float16BitsToFloat32,
	float16ToFloat32,
	float32ToFloat16,
	float32ToFloat16Bits,
	quantizeArtifactsFloat16
} from './quantize';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('float32 ↔ float16', () => {
	it('encodes known values, including rounding ties, subnormals and overflow', () => {
		const cases: [number, number][] = [
			[0, 0x0000],
			[-0, 0x8000],
			[1, 0x3c00],
			[-2, 0xc000],
			[0.5, 0x3800],
			[65504, 0x7bff], // largest finite half
			[65519.99, 0x7bff], // still rounds down
			[65520, 0x7c00], // the tie rounds up to infinity
			[Infinity, 0x7c00],
			[-Infinity, 0xfc00],
			[2 ** -14, 0x0400], // smallest normal
			[2 ** -24, 0x0001], // smallest subnormal
			[2 ** -25, 0x0000], // tie between 0 and 2^-24: to even (0)
			[3 * 2 ** -25, 0x0002], // tie between 1 and 2 units: to even (2)
			[1 + 2 ** -11, 0x3c00], // tie: to even mantissa
			[1 + 3 * 2 ** -11, 0x3c02],
			[1 + 2 ** -11 + 2 ** -20, 0x3c01] // just above the tie: up
		];
		for (const [value, bits] of cases) {
			expect(float32ToFloat16Bits(value), `${value}`).toBe(bits);
		}
		expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(NaN)))).toBe(true);
	});

	it('round-trips every finite half exactly', () => {
		const all = new Uint16Array(65536).map((_, i) => i);
		const finite = all.filter((b) => (b & 0x7c00) !== 0x7c00 || (b & 0x3ff) === 0);
		const back = float32ToFloat16(float16ToFloat32(finite));
		expect(Array.from(back)).toEqual(Array.from(finite));
	});

	it('is within half a unit in the last place for random values', () => {
		let seed = 12345;
		const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
		const x = Float32Array.from({ length: 5000 }, () => (rand() - 0.5) * 2 ** (rand() * 30 - 15));
		const y = float16ToFloat32(float32ToFloat16(x));
		for (let i = 0; i < x.length; i++) {
			const v = x[i] ?? 0;
			const ulp = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(v))), -14) - 10);
			expect(Math.abs((y[i] ?? 0) - v)).toBeLessThanOrEqual(ulp / 2);
		}
	});
});

describe('quantizeArtifactsFloat16', () => {
	it('writes specs that stock tfjs dequantises to our float16 values', () => {
		const a = Float32Array.from([0.1, -3.5, 1e-6, 7000.7]);
		const b = Float32Array.from([1, 2, 3, 4, 5, 6]);
		const buf = new Float32Array([...a, ...b]).buffer;
		const { weightSpecs, weightData } = quantizeArtifactsFloat16({
			weightSpecs: [
				{ name: 'a', shape: [4], dtype: 'float32' },
				{ name: 'b', shape: [2, 3], dtype: 'float32' }
			],
			weightData: buf
		});
		expect(weightData.byteLength).toBe(20);
		expect(weightSpecs[0]).toEqual({
			name: 'a',
			shape: [4],
			dtype: 'float32',
			quantization: { dtype: 'float16' }
		});
		expect(countParams(weightSpecs)).toBe(10);
		const decoded = tf.io.decodeWeights(weightData, weightSpecs);
		expect(Array.from(decoded.a!.dataSync())).toEqual(
			Array.from(float16ToFloat32(float32ToFloat16(a)))
		);
		expect(decoded.b!.shape).toEqual([2, 3]);
		expect(Array.from(decoded.b!.dataSync())).toEqual(Array.from(b));
		tf.dispose(Object.values(decoded));
	});

	it('refuses data whose size does not match the specs', () => {
		expect(() =>
			quantizeArtifactsFloat16({
				weightSpecs: [{ name: 'a', shape: [2], dtype: 'float32' }],
				weightData: new Float32Array(3).buffer
			})
		).toThrow(/bytes/);
	});

	it('round-trips a layers model through tf.loadLayersModel with float16 weights', async () => {
		const before = tf.memory().numTensors;
		const model = tfl.sequential({
			layers: [
				tfl.layers.dense({ inputShape: [5], units: 8, activation: 'relu' }),
				tfl.layers.dense({ units: 2 })
			]
		});
		let saved: tf.io.ModelArtifacts | undefined;
		await model.save(
			tf.io.withSaveHandler(async (art) => {
				saved = art;
				return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
			})
		);
		const q = quantizeArtifactsFloat16(saved!);
		expect(q.weightData.byteLength).toBe(countParams(q.weightSpecs) * 2);
		const loaded = await tfl.loadLayersModel(
			tf.io.fromMemory({
				modelTopology: saved!.modelTopology,
				weightSpecs: q.weightSpecs,
				weightData: q.weightData
			})
		);
		const x = tf.tensor2d([[0.3, -1, 2, 0.5, 0.25]]);
		const ya = model.predict(x) as tf.Tensor;
		const yb = loaded.predict(x) as tf.Tensor;
		const da = ya.dataSync();
		const db = yb.dataSync();
		da.forEach((v, i) => expect(Math.abs(v - (db[i] ?? NaN))).toBeLessThan(5e-3));
		// The weights really went through float16: they equal their own half rounding.
		const w = loaded.getWeights()[0]!.dataSync() as Float32Array;
		expect(Array.from(w)).toEqual(Array.from(float16ToFloat32(float32ToFloat16(w))));
		tf.dispose([x, ya, yb]);
		model.dispose();
		loaded.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

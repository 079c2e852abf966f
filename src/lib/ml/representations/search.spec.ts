import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import {
	bruteForceKnn,
	buildExactIndex,
	buildIvfIndex,
	recall,
	searchExact,
	searchIvf,
	type Metric
} from './search';

/** n points around `clusters` random centres in `dims` dimensions. */
function blobs(n: number, dims: number, clusters: number, seed: number): Float32Array {
	const rng = createRng(seed);
	const centres = Array.from({ length: clusters * dims }, () => rng.normal() * 4);
	const out = new Float32Array(n * dims);
	for (let i = 0; i < n; i++) {
		const c = rng.int(clusters);
		for (let j = 0; j < dims; j++) out[i * dims + j] = centres[c * dims + j]! + rng.normal();
	}
	return out;
}

beforeAll(async () => {
	await tf.setBackend('cpu');
});

describe('exact search', () => {
	const dims = 12;
	const db = blobs(800, dims, 6, 1);
	const queries = blobs(20, dims, 6, 2);

	for (const metric of ['euclidean', 'cosine'] as Metric[]) {
		it(`matches brute force (${metric})`, () => {
			const index = buildExactIndex(db, dims, { metric });
			for (let q = 0; q < 20; q++) {
				const query = queries.subarray(q * dims, (q + 1) * dims);
				const got = searchExact(index, query, 7);
				const want = bruteForceKnn(db, dims, query, 7, metric);
				expect(got.map((n) => n.index)).toEqual(want.map((n) => n.index));
				got.forEach((n, i) => expect(n.distance).toBeCloseTo(want[i]!.distance, 3));
			}
		});
	}

	it('reads 8-bit rows with a scale, as the pixel index does', () => {
		const rng = createRng(5);
		const bytes = Uint8Array.from({ length: 300 * 49 }, () => rng.int(256));
		const floats = Float32Array.from(bytes, (b) => b / 255);
		const index = buildExactIndex(bytes, 49, { metric: 'euclidean', scale: 1 / 255 });
		const query = floats.subarray(49 * 10, 49 * 11);
		const got = searchExact(index, query, 5, { exclude: 10 });
		const want = bruteForceKnn(floats, 49, query, 6, 'euclidean').filter((n) => n.index !== 10);
		expect(got.map((n) => n.index)).toEqual(want.map((n) => n.index));
		expect(got.some((n) => n.index === 10)).toBe(false);
	});
});

describe('IVF index', () => {
	const dims = 8;
	const db = blobs(3000, dims, 10, 3);
	const queries = blobs(30, dims, 10, 4);

	it('is exact with every list probed, and scans a fraction with few lists at high recall', () => {
		const before = tf.memory().numTensors;
		const index = buildIvfIndex(db, dims, { nlist: 10, metric: 'euclidean', seed: 1 });
		expect(tf.memory().numTensors).toBe(before);
		expect(index.lists.reduce((s, l) => s + l.length, 0)).toBe(3000);
		let r = 0;
		let scanned = 0;
		for (let q = 0; q < 30; q++) {
			const query = queries.subarray(q * dims, (q + 1) * dims);
			const truth = bruteForceKnn(db, dims, query, 10, 'euclidean');
			const all = searchIvf(index, query, 10, { nprobe: 10 });
			expect(all.neighbours.map((n) => n.index)).toEqual(truth.map((n) => n.index));
			expect(all.scanned).toBe(3000);
			const few = searchIvf(index, query, 10, { nprobe: 3 });
			r += recall(few.neighbours, truth) / 30;
			scanned += few.scanned / 30;
		}
		expect(r).toBeGreaterThan(0.85);
		expect(scanned).toBeLessThan(0.45 * 3000);
	});

	it('works with the cosine metric', () => {
		const index = buildIvfIndex(db, dims, { nlist: 8, metric: 'cosine', seed: 2 });
		const query = queries.subarray(0, dims);
		const truth = bruteForceKnn(db, dims, query, 5, 'cosine');
		const got = searchIvf(index, query, 5, { nprobe: 8 }).neighbours;
		expect(got.map((n) => n.index)).toEqual(truth.map((n) => n.index));
	});
});

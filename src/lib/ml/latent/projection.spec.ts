import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { symmetricEigen } from '../linalg/eigen';
import { createRng } from '../random';
import { fitPca, projectPca } from '../models/pca/model';
import { interpolateCodes, projectCodes, projectTo2d } from './projection';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

function dist(p: ArrayLike<number>, i: number, j: number, d: number): number {
	let s = 0;
	for (let k = 0; k < d; k++) s += ((p[i * d + k] ?? 0) - (p[j * d + k] ?? 0)) ** 2;
	return Math.sqrt(s);
}

/** d orthonormal directions (rows of a d×d array): a random symmetric matrix's eigenvectors. */
function randomOrthonormal(d: number, rng: ReturnType<typeof createRng>): Float64Array {
	const sym = new Float64Array(d * d);
	for (let i = 0; i < d; i++)
		for (let j = 0; j <= i; j++) sym[i * d + j] = sym[j * d + i] = rng.normal();
	return symmetricEigen(sym, d).vectors;
}

describe('projectTo2d', () => {
	it('keeps 2-D codes as they are', () => {
		const codes = Float32Array.from([1, 2, 3, 4, -5, 6]);
		const p = projectTo2d(codes, 2);
		expect(p.method).toBe('direct');
		expect(Array.from(p.xy)).toEqual([1, 2, 3, 4, -5, 6]);
	});

	it('maps codes lying on a plane in 8-D to 2-D with every pairwise distance kept', () => {
		const d = 8;
		const n = 300;
		const rng = createRng(3);
		const R = randomOrthonormal(d, rng);
		const codes = new Float32Array(n * d);
		const plane = new Float32Array(n * 2);
		for (let r = 0; r < n; r++) {
			const u = 3 * rng.normal();
			const v = rng.normal();
			plane[2 * r] = u;
			plane[2 * r + 1] = v;
			for (let j = 0; j < d; j++) codes[r * d + j] = 5 + u * (R[j] ?? 0) + v * (R[d + j] ?? 0);
		}
		const before = tf.memory().numTensors;
		const p = projectTo2d(codes, d);
		expect(tf.memory().numTensors).toBe(before);
		expect(p.method).toBe('pca');
		expect(p.explained).toBeGreaterThan(0.999);
		// Brute force: all pairs among the first 60 points.
		let worst = 0;
		for (let i = 0; i < 60; i++) {
			for (let j = i + 1; j < 60; j++) {
				worst = Math.max(worst, Math.abs(dist(p.xy, i, j, 2) - dist(codes, i, j, d)));
			}
		}
		expect(worst).toBeLessThan(1e-3);
		// The first axis is the wide one (σ 3 against σ 1).
		const spread = (k: number) => {
			let s = 0;
			for (let i = 0; i < n; i++) s += (p.xy[2 * i + k] ?? 0) ** 2;
			return Math.sqrt(s / n);
		};
		expect(spread(0)).toBeGreaterThan(2 * spread(1));
	});

	it('brings codes in a 3-D subspace of 10-D to 3-D with distances kept; 3-D codes stay', () => {
		const d = 10;
		const n = 200;
		const rng = createRng(5);
		const R = randomOrthonormal(d, rng);
		const codes = new Float32Array(n * d);
		for (let r = 0; r < n; r++) {
			const u = [3 * rng.normal(), 2 * rng.normal(), rng.normal()];
			for (let j = 0; j < d; j++)
				codes[r * d + j] = u[0]! * R[j]! + u[1]! * R[d + j]! + u[2]! * R[2 * d + j]!;
		}
		const p = projectCodes(codes, d, 3);
		expect(p.xy.length).toBe(3 * n);
		expect(p.explained).toBeGreaterThan(0.999);
		for (let i = 0; i < 40; i++)
			for (let j = i + 1; j < 40; j++)
				expect(dist(p.xy, i, j, 3)).toBeCloseTo(dist(codes, i, j, d), 3);
		// The 2-D view of the same codes keeps only the two widest axes.
		expect(projectTo2d(codes, d).explained).toBeLessThan(0.98);
		const three = Float32Array.from([1, 2, 3, 4, 5, 6]);
		expect(projectCodes(three, 3, 3)).toMatchObject({ method: 'direct', explained: 1 });
		expect(Array.from(projectCodes(Float32Array.from([1, 2, 3, 4]), 2, 3).xy)).toEqual([
			1, 2, 0, 3, 4, 0
		]);
	});

	it('matches the tfjs PCA of the model zoo on full-rank codes', () => {
		const d = 6;
		const n = 400;
		const rng = createRng(9);
		const codes = Float32Array.from({ length: n * d }, (_, i) => (1 + (i % d)) * rng.normal());
		const p = projectTo2d(codes, d);
		const model = fitPca(codes, d, { maxComponents: 2 });
		const ref = tf.tidy(() => projectPca(model, tf.tensor2d(codes, [n, d]), 2).dataSync());
		let worst = 0;
		for (let i = 0; i < 2 * n; i++) worst = Math.max(worst, Math.abs(p.xy[i]! - ref[i]!));
		expect(worst).toBeLessThan(1e-3);
		const share = model.explainedVarianceRatio[0]! + model.explainedVarianceRatio[1]!;
		expect(p.explained).toBeCloseTo(share, 4);
	});

	it('rejects codes that do not split into rows', () => {
		expect(() => projectTo2d(new Float32Array(7), 3)).toThrow(RangeError);
	});
});

describe('interpolateCodes', () => {
	it('walks the segment from a to b in equal steps, ends included', () => {
		const f = interpolateCodes([0, 10], [4, -10], 5);
		expect(Array.from(f)).toEqual([0, 10, 1, 5, 2, 0, 3, -5, 4, -10]);
	});

	it('rejects mismatched codes and fewer than two frames', () => {
		expect(() => interpolateCodes([1], [1, 2], 3)).toThrow(RangeError);
		expect(() => interpolateCodes([1], [2], 1)).toThrow(RangeError);
	});
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { applySpectralFunction, matMulSquare, symmetricEigen } from './eigen';

function randomSymmetric(n: number, seed: number): Float64Array {
	const rng = createRng(seed);
	const a = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
	return a;
}

describe('symmetricEigen', () => {
	it('solves a known 2×2 case', () => {
		const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
		expect(values[0]).toBeCloseTo(3, 12);
		expect(values[1]).toBeCloseTo(1, 12);
		expect(Math.abs(vectors[0] ?? 0)).toBeCloseTo(Math.SQRT1_2, 12);
		expect((vectors[0] ?? 0) * (vectors[1] ?? 0)).toBeGreaterThan(0);
	});

	it('satisfies A·v = λ·v with orthonormal vectors on a random 60×60 matrix', () => {
		const n = 60;
		const a = randomSymmetric(n, 1);
		const { values, vectors } = symmetricEigen(a, n);
		let worst = 0;
		for (let k = 0; k < n; k++) {
			for (let i = 0; i < n; i++) {
				let av = 0;
				for (let j = 0; j < n; j++) av += (a[i * n + j] ?? 0) * (vectors[k * n + j] ?? 0);
				worst = Math.max(worst, Math.abs(av - (values[k] ?? 0) * (vectors[k * n + i] ?? 0)));
			}
			let dot = 0;
			for (let j = 0; j < n; j++)
				dot += (vectors[k * n + j] ?? 0) * (vectors[((k + 1) % n) * n + j] ?? 0);
			expect(Math.abs(dot)).toBeLessThan(1e-10);
		}
		expect(worst).toBeLessThan(1e-9);
		for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1] ?? 0);
		// The trace is the sum of eigenvalues.
		let tr = 0;
		for (let i = 0; i < n; i++) tr += a[i * n + i] ?? 0;
		expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(tr, 9);
	});

	it('gives a matrix square root whose square is the matrix', () => {
		const n = 20;
		const r = randomSymmetric(n, 2);
		const psd = matMulSquare(r, r, n);
		const root = applySpectralFunction(symmetricEigen(psd, n), (l) => Math.sqrt(Math.max(l, 0)));
		const back = matMulSquare(root, root, n);
		for (let i = 0; i < n * n; i++) expect(back[i]).toBeCloseTo(psd[i] ?? 0, 8);
	});

	it('handles 784 dimensions in a few seconds', () => {
		const n = 784;
		const a = randomSymmetric(n, 3);
		const t0 = performance.now();
		const { values } = symmetricEigen(a, n);
		const ms = performance.now() - t0;
		console.log(`symmetricEigen 784×784: ${ms.toFixed(0)} ms`);
		// ≈ 2–5 s here; the bound only catches an accidental O(n⁴) on a busy shared machine.
		expect(ms).toBeLessThan(45000);
		let tr = 0;
		for (let i = 0; i < n; i++) tr += a[i * n + i] ?? 0;
		expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(tr, 6);
	});
});

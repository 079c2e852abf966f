import { describe, expect, it } from 'vitest';
import { ari, clusteringAccuracy, nmi } from './clustering';

describe('clustering scores', () => {
	const truth = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
	const permuted = truth.map((t) => [7, 3, 5][t] ?? -1);

	it('give 1 for a relabelled perfect clustering', () => {
		expect(ari(truth, permuted)).toBeCloseTo(1, 12);
		expect(nmi(truth, permuted)).toBeCloseTo(1, 12);
		expect(clusteringAccuracy(truth, permuted)).toBe(1);
	});

	it('match hand-computed values', () => {
		// n = 4: Σ C(n_ij,2) = 1, Σ C(a_i,2) = 2, Σ C(b_j,2) = 1, E = 1/3 → (1 − 1/3)/(3/2 − 1/3) = 4/7.
		expect(ari([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
		expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
		// I = H(U) = ln 2, H(V) = 1.5 ln 2 → NMI = 1 / 1.25.
		expect(nmi([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
		expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
		// Best map 1→0, 0→1, 2→2 gets 5 of 6 right.
		expect(clusteringAccuracy([0, 0, 0, 1, 1, 2], [1, 1, 0, 0, 0, 2])).toBeCloseTo(5 / 6, 12);
	});

	it('allow more clusters than classes', () => {
		expect(clusteringAccuracy([0, 0, 1, 1], [0, 1, 2, 3])).toBe(0.5);
		expect(() => ari([0, 1], [0])).toThrow(/2 true labels/);
	});
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { frechetDistance, frechetDistanceFromStats } from './frechet';

function correlatedGaussian(
	n: number,
	d: number,
	seed: number,
	shift: number[] = []
): Float64Array {
	const rng = createRng(seed);
	const out = new Float64Array(n * d);
	for (let s = 0; s < n; s++) {
		let prev = 0;
		for (let j = 0; j < d; j++) {
			// Each coordinate mixes in the previous one, so the covariance is not diagonal.
			const z = rng.normal() + 0.7 * prev;
			prev = z;
			out[s * d + j] = z + (shift[j] ?? 0);
		}
	}
	return out;
}

describe('frechetDistance', () => {
	it('is ≈ 0 for identical sets', () => {
		const a = correlatedGaussian(500, 8, 1);
		expect(frechetDistance(a, a, 8)).toBeLessThan(1e-8);
	});

	it('is the squared shift for a translated set', () => {
		const shift = [1, -2, 0.5, 0, 0, 0, 3, 0];
		const a = correlatedGaussian(500, 8, 1);
		const b = correlatedGaussian(500, 8, 1, shift);
		const sq = shift.reduce((s, x) => s + x * x, 0);
		expect(frechetDistance(a, b, 8)).toBeCloseTo(sq, 6);
	});

	it('matches the closed form for diagonal covariances: Σᵢ (σ₁ᵢ − σ₂ᵢ)²', () => {
		const d = frechetDistanceFromStats([0, 0], [1, 0, 0, 4], [0, 0], [4, 0, 0, 9]);
		expect(d).toBeCloseTo(2, 10);
	});

	it('is symmetric for non-commuting covariances and grows with the difference', () => {
		const a = correlatedGaussian(400, 6, 2);
		const b = correlatedGaussian(400, 6, 3);
		const dab = frechetDistance(a, b, 6);
		expect(dab).toBeCloseTo(frechetDistance(b, a, 6), 8);
		const far = Float64Array.from(b, (v) => 2 * v);
		expect(frechetDistance(a, far, 6)).toBeGreaterThan(dab + 1);
	});
});

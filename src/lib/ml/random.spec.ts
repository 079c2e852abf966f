import { describe, expect, it } from 'vitest';
import { createRng, permutation, streamSeed } from './random';

describe('createRng', () => {
	it('repeats for the same seed and differs for another', () => {
		const a = createRng(42);
		const b = createRng(42);
		const c = createRng(43);
		const xs = Array.from({ length: 5 }, () => a.next());
		expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
		expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
	});

	it('resumes exactly from a saved state', () => {
		const a = createRng(7);
		for (let i = 0; i < 10; i++) a.normal();
		const resumed = createRng(0, a.state());
		expect(Array.from({ length: 4 }, () => resumed.normal())).toEqual(
			Array.from({ length: 4 }, () => a.normal())
		);
	});

	it('gives uniform and normal moments close to theory', () => {
		const rng = createRng(1);
		const n = 20000;
		let su = 0;
		let sn = 0;
		let sn2 = 0;
		for (let i = 0; i < n; i++) {
			su += rng.next();
			const z = rng.normal();
			sn += z;
			sn2 += z * z;
		}
		expect(su / n).toBeCloseTo(0.5, 1);
		expect(sn / n).toBeCloseTo(0, 1);
		expect(sn2 / n).toBeCloseTo(1, 1);
	});

	it('makes permutations of every index', () => {
		const p = permutation(100, createRng(3));
		expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
		expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
	});

	it('derives per-step seeds from (seed, index) alone', () => {
		const seeds = Array.from({ length: 1000 }, (_, i) => streamSeed(5, i));
		expect(new Set(seeds).size).toBe(1000);
		expect(seeds.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 31)).toBe(true);
		expect(streamSeed(5, 17)).toBe(seeds[17]);
		expect(streamSeed(6, 17)).not.toBe(seeds[17]);
	});
});

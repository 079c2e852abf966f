import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { sampleLabelSubset, splitStratified } from './labels';

/** 1 000 labels with unequal class sizes (class c has 40 + 10·c members), shuffled. */
function labels(): Uint8Array {
	const out: number[] = [];
	for (let c = 0; c < 10; c++) for (let i = 0; i < 40 + 10 * c; i++) out.push(c);
	const rng = createRng(3);
	for (let i = out.length - 1; i > 0; i--) {
		const j = rng.int(i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return Uint8Array.from(out);
}

function counts(y: Uint8Array, idx: Int32Array): number[] {
	const c = new Array(10).fill(0);
	for (const i of idx) c[y[i]!]++;
	return c;
}

describe('sampleLabelSubset', () => {
	const y = labels();

	it('takes exactly perClass images of every class, without repeats', () => {
		for (const k of [1, 5, 10, 37]) {
			const idx = sampleLabelSubset(y, { perClass: k, seed: 1 });
			expect(counts(y, idx)).toEqual(new Array(10).fill(k));
			expect(new Set(idx).size).toBe(idx.length);
		}
	});

	it('keeps whole classes when perClass exceeds their size', () => {
		const idx = sampleLabelSubset(y, { perClass: Infinity, seed: 1 });
		expect(idx.length).toBe(y.length);
		expect(counts(y, sampleLabelSubset(y, { perClass: 60, seed: 2 }))).toEqual([
			40, 50, 60, 60, 60, 60, 60, 60, 60, 60
		]);
	});

	it('is reproducible per seed, differs across seeds, and nests as perClass grows', () => {
		const a = sampleLabelSubset(y, { perClass: 10, seed: 7 });
		expect(Array.from(sampleLabelSubset(y, { perClass: 10, seed: 7 }))).toEqual(Array.from(a));
		const b = sampleLabelSubset(y, { perClass: 10, seed: 8 });
		expect(Array.from(b)).not.toEqual(Array.from(a));
		const small = new Set(sampleLabelSubset(y, { perClass: 5, seed: 7 }));
		for (const i of small) expect(a).toContain(i);
	});

	it('refuses missing classes and bad sizes', () => {
		expect(() => sampleLabelSubset(Uint8Array.from([0, 0, 2]), { perClass: 1, seed: 1 })).toThrow(
			/class 1/
		);
		expect(() => sampleLabelSubset(y, { perClass: 0, seed: 1 })).toThrow(RangeError);
	});
});

describe('splitStratified', () => {
	const y = labels();

	it('holds out a quarter of every class, disjoint from training, the same for the same seed', () => {
		const { train, test } = splitStratified(y, { testFraction: 0.25, seed: 1, classes: 10 });
		expect(train.length + test.length).toBe(y.length);
		expect(new Set([...train, ...test]).size).toBe(y.length);
		const all = counts(y, Int32Array.from(y.keys()));
		expect(counts(y, test)).toEqual(all.map((n) => Math.round(n * 0.25)));
		expect(splitStratified(y, { testFraction: 0.25, seed: 1, classes: 10 })).toEqual({
			train,
			test
		});
		expect(splitStratified(y, { testFraction: 0.25, seed: 2, classes: 10 }).test).not.toEqual(test);
	});

	it('keeps one image of a small class on each side and names a class of one', () => {
		const small = Uint8Array.of(0, 0, 1, 1, 1);
		const { train, test } = splitStratified(small, { testFraction: 0.9, seed: 1, classes: 2 });
		expect(counts(small, train).slice(0, 2)).toEqual([1, 1]);
		expect(counts(small, test).slice(0, 2)).toEqual([1, 2]);
		expect(() =>
			splitStratified(Uint8Array.of(0, 0, 1), {
				testFraction: 0.25,
				seed: 1,
				classes: 2,
				classNames: ['boots', 'sandals']
			})
		).toThrow(/"sandals" has only one image/);
	});
});

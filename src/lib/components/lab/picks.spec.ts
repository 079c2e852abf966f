import { describe, expect, it } from 'vitest';
import { addPick, randomPair, singleImage } from './picks';

describe('lab picks', () => {
	it('keeps the last two distinct picks', () => {
		expect(addPick([], 4)).toEqual([4]);
		expect(addPick([4], 4)).toEqual([4]);
		expect(addPick([4], 9)).toEqual([4, 9]);
		expect(addPick([4, 9], 2)).toEqual([9, 2]);
	});

	it('draws two different indices in range, whatever the random numbers', () => {
		for (const [r1, r2] of [
			[0, 0],
			[0.999, 0.999],
			[0.5, 0.1],
			[0.2, 0.99]
		] as const) {
			let k = 0;
			const [a, b] = randomPair(10, () => (k++ === 0 ? r1 : r2));
			expect(a).not.toBe(b);
			for (const v of [a, b]) expect(v >= 0 && v < 10).toBe(true);
		}
		expect(() => randomPair(1)).toThrow(RangeError);
	});

	it('cuts one image out of a packed set', () => {
		const bytes = Uint8Array.from({ length: 3 * 4 }, (_, i) => i);
		const g = singleImage(bytes, 1, 2);
		expect(Array.from(g.data)).toEqual([4, 5, 6, 7]);
		expect(g.count).toBe(1);
	});
});

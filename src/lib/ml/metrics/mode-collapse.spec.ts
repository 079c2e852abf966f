import { describe, expect, it } from 'vitest';
import { assessModeCollapse, classHistogram, DEFAULT_COLLAPSE_RULE } from './mode-collapse';

describe('classHistogram', () => {
	it('counts each class and ignores ids outside the range', () => {
		expect(classHistogram(Int32Array.from([0, 2, 2, 9, -1, 10, 2]), 10)).toEqual([
			1, 0, 3, 0, 0, 0, 0, 0, 0, 1
		]);
	});
});

describe('assessModeCollapse', () => {
	it('passes a balanced generator', () => {
		const v = assessModeCollapse(new Array(10).fill(100));
		expect(v).toMatchObject({ samples: 1000, covered: 10, topShare: 0.1, collapsed: false });
		expect(v.reasons).toEqual([]);
	});

	it('flags a generator that makes only three kinds of item', () => {
		const v = assessModeCollapse([300, 0, 0, 400, 0, 0, 0, 300, 0, 0]);
		expect(v.covered).toBe(3);
		expect(v.collapsed).toBe(true);
		expect(v.reasons).toEqual(['few-classes']);
	});

	it('flags one class above half even when every class appears', () => {
		const v = assessModeCollapse([550, 50, 50, 50, 50, 50, 50, 50, 50, 50]);
		expect(v.covered).toBe(10);
		expect(v.topClass).toBe(0);
		expect(v.topShare).toBeCloseTo(0.55);
		expect(v.reasons).toEqual(['dominant-class']);
	});

	it('does not count a class that has only a stray sample or two', () => {
		// 6 real classes plus 4 classes with 1 sample each out of 1004: 0.1 % < 2 %.
		const v = assessModeCollapse([167, 167, 167, 167, 166, 166, 1, 1, 1, 1]);
		expect(v.covered).toBe(6);
		expect(v.collapsed).toBe(false);
		const w = assessModeCollapse([200, 200, 200, 200, 200, 0, 1, 1, 1, 1]);
		expect(w.covered).toBe(5);
		expect(w.reasons).toEqual(['few-classes']);
	});

	it('agrees with a brute-force reading of the rule on random histograms', () => {
		let s = 12345;
		const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) as number;
		for (let t = 0; t < 200; t++) {
			const counts = Array.from({ length: 10 }, () =>
				rand() < 0.4 ? 0 : Math.floor(rand() * 200)
			);
			const n = counts.reduce((a, b) => a + b, 0);
			if (n === 0) continue;
			const shares = counts.map((c) => c / n);
			const expected =
				shares.filter((x) => x >= DEFAULT_COLLAPSE_RULE.minShare).length < 6 ||
				Math.max(...shares) > 0.5;
			expect(assessModeCollapse(counts).collapsed).toBe(expected);
		}
	});

	it('calls an empty histogram not collapsed', () => {
		expect(assessModeCollapse(new Array(10).fill(0)).collapsed).toBe(false);
	});
});

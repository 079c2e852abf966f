import { describe, expect, it } from 'vitest';
import { auc, rocAuc, rocCurve } from './roc';

describe('ROC', () => {
	it('scores 1 for perfect, 0 for reversed and ½ for constant scores', () => {
		const labels = [0, 0, 0, 1, 1];
		expect(rocAuc([0.1, 0.2, 0.3, 0.8, 0.9], labels)).toBe(1);
		expect(rocAuc([0.9, 0.8, 0.7, 0.2, 0.1], labels)).toBe(0);
		expect(rocAuc([0.5, 0.5, 0.5, 0.5, 0.5], labels)).toBe(0.5);
	});

	it('matches a hand-computed curve', () => {
		// Of the 4 (positive, negative) pairs, 3 are ordered correctly.
		const roc = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
		expect(roc.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
		expect(roc.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
		expect(roc.thresholds.slice(1)).toEqual([0.8, 0.4, 0.35, 0.1]);
		expect(auc(roc.fpr, roc.tpr)).toBe(0.75);
	});

	it('needs both classes', () => {
		expect(() => rocCurve([1, 2], [1, 1])).toThrow(/positive and one negative/);
	});
});

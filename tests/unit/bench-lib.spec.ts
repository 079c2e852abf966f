import { describe, expect, it } from 'vitest';
import {
	dateStamp,
	fmt,
	markdownTable,
	targetCell,
	verdict
} from '../../scripts/bench/lib/table.mts';
import { classesCovered, mse } from '../../scripts/bench/lib/eval.mts';

describe('bench table helpers', () => {
	it('renders a markdown table with escaped pipes and formatted numbers', () => {
		const t = markdownTable(
			['a', 'b'],
			[
				[1, 0.123456],
				['x|y', null]
			]
		);
		expect(t.split('\n')).toEqual([
			'| a | b |',
			'| --- | --- |',
			'| 1 | 0.1235 |',
			'| x\\|y | – |'
		]);
	});
	it('judges targets both ways and treats NaN as short', () => {
		expect(verdict(0.009, { op: '<=', value: 0.01 })).toBe('pass');
		expect(verdict(0.011, { op: '<=', value: 0.01 })).toBe('short');
		expect(verdict(0.61, { op: '>=', value: 0.6 })).toBe('pass');
		expect(verdict(NaN, { op: '>=', value: 0.6 })).toBe('short');
		expect(targetCell(10, { op: '>=', value: 10 })).toBe('≥ 10 pass');
	});
	it('formats numbers and dates', () => {
		expect(fmt(undefined)).toBe('–');
		expect(fmt(NaN)).toBe('NaN');
		expect(fmt(2.5, 1)).toBe('2.5');
		expect(dateStamp(new Date('2026-11-23T23:59:00Z'))).toBe('2026-11-23');
	});
	it('computes mse and class coverage', () => {
		expect(mse([0, 1], [1, 1])).toBe(0.5);
		expect(() => mse([0], [0, 1])).toThrow(RangeError);
		expect(classesCovered([0, 0, 1, 2, 2, 2], 2)).toBe(2);
		expect(classesCovered([0, 0, 1, 2, 2, 2])).toBe(3);
	});
});

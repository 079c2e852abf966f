import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';
import { etaParts } from './eta';

describe('formatBytes', () => {
	it('uses binary units with one decimal below 10', () => {
		expect(formatBytes(0)).toBe('0 B');
		expect(formatBytes(1023)).toBe('1023 B');
		expect(formatBytes(1536)).toBe('1.5 KiB');
		expect(formatBytes(40 * 1024 * 1024)).toBe('40 MiB');
		expect(formatBytes(Number.NaN)).toBe('–');
		expect(formatBytes(-1)).toBe('–');
	});
});

describe('etaParts', () => {
	it('never shows 60 seconds or 60 minutes', () => {
		expect(etaParts(119.6)).toEqual({ unit: 'minutes', m: 2, s: 0 });
		expect(etaParts(59.2)).toEqual({ unit: 'minutes', m: 1, s: 0 });
		expect(etaParts(3599.5)).toEqual({ unit: 'hours', h: 1, m: 0 });
		expect(etaParts(7170)).toEqual({ unit: 'hours', h: 2, m: 0 });
	});

	it('splits seconds, minutes and hours', () => {
		expect(etaParts(0)).toEqual({ unit: 'seconds', s: 0 });
		expect(etaParts(4.1)).toEqual({ unit: 'seconds', s: 5 });
		expect(etaParts(61)).toEqual({ unit: 'minutes', m: 1, s: 1 });
		expect(etaParts(3 * 3600 + 20 * 60)).toEqual({ unit: 'hours', h: 3, m: 20 });
	});

	it('is undefined when the time is not known', () => {
		expect(etaParts(undefined)).toBeUndefined();
		expect(etaParts(Number.POSITIVE_INFINITY)).toBeUndefined();
		expect(etaParts(Number.NaN)).toBeUndefined();
		expect(etaParts(-3)).toBeUndefined();
	});
});

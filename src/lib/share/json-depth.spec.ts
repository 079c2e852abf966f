import { describe, expect, it } from 'vitest';
import { jsonDepthWithin } from './json-depth';

describe('jsonDepthWithin', () => {
	it('measures array and object nesting', () => {
		expect(jsonDepthWithin('1', 0)).toBe(true);
		expect(jsonDepthWithin('[[{"a":[1]}]]', 4)).toBe(true);
		expect(jsonDepthWithin('[[{"a":[1]}]]', 3)).toBe(false);
		expect(jsonDepthWithin('['.repeat(100_000), 32)).toBe(false);
	});

	it('ignores brackets inside strings, escaped quotes included', () => {
		expect(jsonDepthWithin('{"a":"[[[[[[","b":"\\"[[[["}', 1)).toBe(true);
		expect(jsonDepthWithin('["\\\\",[[]]]', 2)).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ko } from './ko';
import { pickLocale } from './index';

function keys(o: object, prefix = ''): string[] {
	return Object.entries(o).flatMap(([k, v]) =>
		v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]
	);
}

function placeholders(s: string): string[] {
	return [...s.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? '').sort();
}

function lookup(o: object, path: string): unknown {
	return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o);
}

describe('UI text', () => {
	it('has the same keys in English and Korean', () => {
		expect(keys(ko).sort()).toEqual(keys(en).sort());
	});

	it('uses the same placeholders in both languages', () => {
		for (const k of keys(en)) {
			expect(placeholders(String(lookup(ko, k))), k).toEqual(placeholders(String(lookup(en, k))));
		}
	});

	it('picks Korean for ko-* browsers, the saved choice first, English otherwise', () => {
		expect(pickLocale(undefined, 'ko-KR')).toBe('ko');
		expect(pickLocale(undefined, 'en-GB')).toBe('en');
		expect(pickLocale(undefined, 'fr')).toBe('en');
		expect(pickLocale('en', 'ko-KR')).toBe('en');
		expect(pickLocale('ko', null)).toBe('ko');
	});
});

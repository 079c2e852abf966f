import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxFormatError, parseIdx } from './idx';

describe('parseIdx', () => {
	const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
	const file = encodeIdx([2, 3, 4], data);

	it('round-trips dims and data', () => {
		const parsed = parseIdx(file);
		expect(parsed.dims).toEqual([2, 3, 4]);
		expect(Array.from(parsed.data)).toEqual(Array.from(data));
		expect(file.length).toBe(4 + 12 + 24);
	});

	it('rejects a truncated file with a readable reason', () => {
		const err = captureError(() => parseIdx(file.subarray(0, file.length - 1), 'images file'));
		expect(err).toBeInstanceOf(IdxFormatError);
		expect((err as IdxFormatError).reason).toBe('truncated');
		expect((err as IdxFormatError).message).toMatch(/images file is truncated.*40 bytes.*39/);
	});

	it('rejects a header cut short, a bad magic, other dtypes and trailing bytes', () => {
		const reasons = [
			file.subarray(0, 2),
			file.subarray(0, 9),
			Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]),
			Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]),
			Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 0]),
			Uint8Array.from([0, 0, 8, 0]),
			Uint8Array.from([...file, 0])
		].map((b) => (captureError(() => parseIdx(b)) as IdxFormatError).reason);
		expect(reasons).toEqual([
			'too-short',
			'truncated',
			'bad-magic',
			'unsupported-dtype',
			'unsupported-dtype',
			'bad-dims',
			'trailing-bytes'
		]);
	});

	it('names the element type it cannot read', () => {
		expect(() => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]))).toThrow(/float/);
	});
});

function captureError(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('expected an error');
}

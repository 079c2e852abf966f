import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { ShareFormatError } from './errors';
import { checkPng } from './png';

function png(width: number, height: number, channels: number, depth: 8 | 16 = 8): Uint8Array {
	const n = width * height * channels;
	const data = depth === 8 ? new Uint8Array(n) : new Uint16Array(n);
	for (let i = 0; i < n; i++) data[i] = (i * 7) % (depth === 8 ? 256 : 65536);
	return encode({ width, height, data, channels, depth });
}

function refuses(bytes: Uint8Array): boolean {
	try {
		checkPng(bytes);
		return false;
	} catch (err) {
		expect(err).toBeInstanceOf(ShareFormatError);
		expect((err as ShareFormatError).code).toBe('bad_thumbnail');
		return true;
	}
}

describe('checkPng', () => {
	it('accepts real PNGs of several colour types and reports their size', () => {
		expect(checkPng(png(32, 20, 4))).toEqual({ width: 32, height: 20 });
		expect(checkPng(png(7, 3, 3))).toEqual({ width: 7, height: 3 });
		expect(checkPng(png(5, 9, 1, 16))).toEqual({ width: 5, height: 9 });
	});

	it('refuses non-PNGs, truncations, corrupt chunks and lying headers', () => {
		const good = png(16, 16, 3);
		expect(refuses(new TextEncoder().encode('GIF89a'))).toBe(true);
		expect(refuses(good.subarray(0, good.length - 4))).toBe(true);
		const flipped = good.slice();
		flipped[40]! ^= 0x10;
		expect(refuses(flipped)).toBe(true);
		// Bigger height in IHDR, CRC fixed up by re-encoding a taller image's header: data too short.
		const taller = png(16, 17, 3);
		const mixed = new Uint8Array(good);
		mixed.set(taller.subarray(8, 33), 8);
		expect(refuses(mixed)).toBe(true);
		expect(refuses(png(1025, 1, 1))).toBe(true);
		expect(refuses(new Uint8Array([...good, 0]))).toBe(true);
	});
});

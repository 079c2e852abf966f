import { describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { PhotoError } from './errors';
import { MAX_PIXELS, inspectPhoto, sniffType } from './sniff';
import { withExifOrientation } from './orientation';

const png = (w: number, h: number) =>
	encodePng({ width: w, height: h, data: new Uint8Array(w * h * 4), channels: 4, depth: 8 });
const jpg = (w: number, h: number) =>
	new Uint8Array(jpeg.encode({ data: Buffer.alloc(w * h * 4, 90), width: w, height: h }, 80).data);

/** Minimal WebP headers (enough for the size fields; the payload is not needed to read them). */
function webpVp8x(w: number, h: number): Uint8Array {
	const b = new Uint8Array(30);
	b.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8X'), 0);
	b[24] = (w - 1) & 0xff;
	b[25] = ((w - 1) >> 8) & 0xff;
	b[26] = (w - 1) >> 16;
	b[27] = (h - 1) & 0xff;
	b[28] = ((h - 1) >> 8) & 0xff;
	b[29] = (h - 1) >> 16;
	return b;
}
/** An ISO-BMFF `ftyp` box (the start of HEIC and AVIF files) and a little of what follows. */
function ftyp(major: string, compatible: string[]): Uint8Array {
	const size = 16 + 4 * compatible.length;
	const b = new Uint8Array(size + 32);
	new DataView(b.buffer).setUint32(0, size);
	b.set(new TextEncoder().encode(`ftyp${major}\0\0\0\0${compatible.join('')}`), 4);
	return b;
}
function webpVp8l(w: number, h: number): Uint8Array {
	const b = new Uint8Array(25);
	b.set(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8L'), 0);
	b[20] = 0x2f;
	const bits = (w - 1) | ((h - 1) << 14);
	b[21] = bits & 0xff;
	b[22] = (bits >> 8) & 0xff;
	b[23] = (bits >> 16) & 0xff;
	b[24] = (bits >>> 24) & 0xff;
	return b;
}

function code(f: () => unknown): string | undefined {
	try {
		f();
	} catch (e) {
		return e instanceof PhotoError ? e.code : 'other';
	}
	return undefined;
}

describe('inspectPhoto', () => {
	it('reads type and stored size of PNG, JPEG (also behind an EXIF segment) and WebP', () => {
		expect(inspectPhoto(png(7, 5))).toEqual({ type: 'image/png', width: 7, height: 5 });
		expect(inspectPhoto(jpg(33, 17))).toEqual({ type: 'image/jpeg', width: 33, height: 17 });
		expect(inspectPhoto(withExifOrientation(jpg(33, 17), 6))).toEqual({
			type: 'image/jpeg',
			width: 33,
			height: 17
		});
		expect(inspectPhoto(webpVp8x(4032, 3024))).toEqual({
			type: 'image/webp',
			width: 4032,
			height: 3024
		});
		expect(inspectPhoto(webpVp8l(300, 200))).toEqual({
			type: 'image/webp',
			width: 300,
			height: 200
		});
	});

	it('names the problem: empty, unsupported, corrupt, too large', () => {
		expect(code(() => inspectPhoto(new Uint8Array()))).toBe('empty');
		expect(code(() => inspectPhoto(new TextEncoder().encode('GIF89a......')))).toBe('unsupported');
		expect(code(() => inspectPhoto(new TextEncoder().encode('%PDF-1.7 hello')))).toBe(
			'unsupported'
		);
		// HEIC (an iPhone photo: major brand heic, or mif1 with heic among the compatible brands)
		// is named, so the message can say how to get a JPEG; AVIF in the same container is not.
		expect(code(() => inspectPhoto(ftyp('heic', ['mif1', 'heic'])))).toBe('heic');
		expect(code(() => inspectPhoto(ftyp('mif1', ['mif1', 'heix'])))).toBe('heic');
		expect(code(() => inspectPhoto(ftyp('avif', ['avif', 'mif1', 'miaf'])))).toBe('unsupported');
		// A JPEG cut off before its frame header, a PNG without IHDR.
		expect(code(() => inspectPhoto(jpg(16, 16).subarray(0, 30)))).toBe('corrupt');
		expect(code(() => inspectPhoto(png(4, 4).subarray(0, 12)))).toBe('corrupt');
		expect(code(() => inspectPhoto(webpVp8x(20000, 10)))).toBe('too-large');
		expect(code(() => inspectPhoto(webpVp8x(8000, 8000)))).toBe('too-large');
		expect(8000 * 8000).toBeGreaterThan(MAX_PIXELS);
		expect(code(() => inspectPhoto(webpVp8x(4032, 3024)))).toBeUndefined();
	});

	it('trusts bytes, not names: sniffType ignores everything but the magic', () => {
		expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
		expect(sniffType(new TextEncoder().encode('RIFF0000WAVE'))).toBeUndefined();
	});
});

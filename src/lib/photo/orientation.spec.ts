import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import {
	applyOrientation,
	readExifOrientation,
	toOrientation,
	withExifOrientation,
	type Orientation
} from './orientation';
import { createImage, type RgbaImage } from './image';

/** A W×H image whose every pixel is distinct (value = index + 1 in R,G; alpha 255). */
function numbered(w: number, h: number): RgbaImage {
	const img = createImage(w, h);
	for (let i = 0; i < w * h; i++) {
		img.data[i * 4] = (i + 1) & 0xff;
		img.data[i * 4 + 1] = (i + 1) >> 8;
		img.data[i * 4 + 3] = 255;
	}
	return img;
}

function px(img: RgbaImage, x: number, y: number): number {
	const i = (y * img.width + x) * 4;
	return (img.data[i] ?? 0) | ((img.data[i + 1] ?? 0) << 8);
}

// Independent primitives: each defined by where an input pixel goes.
function map(
	img: RgbaImage,
	swap: boolean,
	to: (x: number, y: number) => [number, number]
): RgbaImage {
	const out = swap ? createImage(img.height, img.width) : createImage(img.width, img.height);
	for (let y = 0; y < img.height; y++)
		for (let x = 0; x < img.width; x++) {
			const [ox, oy] = to(x, y);
			const s = (y * img.width + x) * 4;
			out.data.set(img.data.subarray(s, s + 4), (oy * out.width + ox) * 4);
		}
	return out;
}
const flipH = (i: RgbaImage) => map(i, false, (x, y) => [i.width - 1 - x, y]);
const flipV = (i: RgbaImage) => map(i, false, (x, y) => [x, i.height - 1 - y]);
const rotCw = (i: RgbaImage) => map(i, true, (x, y) => [i.height - 1 - y, x]);
const rotCcw = (i: RgbaImage) => rotCw(rotCw(rotCw(i)));

/** How a camera would store an upright picture `u` under each orientation tag. */
const STORE: Record<Orientation, (u: RgbaImage) => RgbaImage> = {
	1: (u) => u,
	2: flipH,
	3: (u) => rotCw(rotCw(u)),
	4: flipV,
	5: (u) => flipH(rotCw(u)),
	6: rotCcw,
	7: (u) => flipH(rotCcw(u)),
	8: rotCw
};

describe('applyOrientation', () => {
	it('turns every one of the 8 stored layouts back into the upright picture', () => {
		const upright = numbered(5, 3);
		for (const o of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
			const stored = STORE[o](upright);
			const fixed = applyOrientation(stored, o);
			expect([fixed.width, fixed.height], `orientation ${o}`).toEqual([5, 3]);
			expect(Array.from(fixed.data), `orientation ${o}`).toEqual(Array.from(upright.data));
		}
	});

	it('orientation 6 rotates clockwise: the stored bottom-left pixel becomes the top-left', () => {
		const stored = numbered(4, 2);
		const up = applyOrientation(stored, 6);
		expect([up.width, up.height]).toEqual([2, 4]);
		expect(px(up, 0, 0)).toBe(px(stored, 0, 1));
		expect(px(up, 1, 0)).toBe(px(stored, 0, 0));
		expect(px(up, 1, 3)).toBe(px(stored, 3, 0));
	});

	it('works on an unaligned view and leaves the input untouched', () => {
		const base = numbered(3, 2);
		const buf = new Uint8ClampedArray(base.data.length + 1);
		buf.set(base.data, 1);
		const view = { data: buf.subarray(1), width: 3, height: 2 };
		const out = applyOrientation(view, 3);
		expect(px(out, 0, 0)).toBe(px(base, 2, 1));
		expect(Array.from(view.data)).toEqual(Array.from(base.data));
	});

	it('refuses a buffer of the wrong length', () => {
		expect(() =>
			applyOrientation({ data: new Uint8ClampedArray(7), width: 2, height: 1 }, 6)
		).toThrow(/bytes/);
	});
});

describe('EXIF orientation', () => {
	const plain = jpeg.encode({ data: Buffer.alloc(8 * 4 * 4, 128), width: 8, height: 4 }, 90).data;

	it('reads back the orientation it writes, for all 8 values', async () => {
		for (const o of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
			expect(await readExifOrientation(withExifOrientation(new Uint8Array(plain), o))).toBe(o);
		}
	});

	it('answers 1 for a JPEG without EXIF and for garbage', async () => {
		expect(await readExifOrientation(new Uint8Array(plain))).toBe(1);
		expect(await readExifOrientation(new Uint8Array([1, 2, 3]))).toBe(1);
	});

	it('keeps the JPEG decodable with the same pixels', () => {
		const tagged = withExifOrientation(new Uint8Array(plain), 6);
		const a = jpeg.decode(plain, { useTArray: true });
		const b = jpeg.decode(tagged, { useTArray: true });
		expect([b.width, b.height]).toEqual([8, 4]);
		expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
	});

	it('clamps unknown values to upright', () => {
		expect(toOrientation(9)).toBe(1);
		expect(toOrientation('6')).toBe(1);
		expect(toOrientation(8)).toBe(8);
	});
});

/**
 * EXIF orientation (tag 0x0112): how the camera's stored pixels must be turned to stand upright.
 * 1 upright · 2 mirror left-right · 3 rotate 180° · 4 mirror top-bottom · 5 transpose ·
 * 6 rotate 90° clockwise · 7 transverse · 8 rotate 90° counter-clockwise.
 */
import exifr from 'exifr';
import { assertImage, createImage, type RgbaImage } from './image';

export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** True when the orientation swaps width and height. */
export function swapsAxes(o: Orientation): boolean {
	return o >= 5;
}

/** Parses an orientation value; anything outside 1..8 counts as upright. */
export function toOrientation(value: unknown): Orientation {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8
		? (value as Orientation)
		: 1;
}

/** Reads the EXIF orientation of a JPEG (or other EXIF-bearing file); 1 when absent or unreadable. */
export async function readExifOrientation(bytes: Uint8Array): Promise<Orientation> {
	try {
		return toOrientation(await exifr.orientation(bytes));
	} catch {
		// A broken EXIF block must not stop the photo from opening; it just stays as stored.
		return 1;
	}
}

function words(data: Uint8ClampedArray): Uint32Array {
	if (data.byteOffset % 4 === 0)
		return new Uint32Array(data.buffer, data.byteOffset, data.length / 4);
	return new Uint32Array(new Uint8ClampedArray(data).buffer);
}

/** Returns `img` turned upright for EXIF orientation `o` (a new image; `img` is not changed). */
export function applyOrientation(img: RgbaImage, o: Orientation): RgbaImage {
	assertImage(img);
	const { width: W, height: H } = img;
	if (o === 1) return { data: new Uint8ClampedArray(img.data), width: W, height: H };
	const out = swapsAxes(o) ? createImage(H, W) : createImage(W, H);
	const src = words(img.data);
	const dst = words(out.data);
	const OW = out.width;
	const OH = out.height;
	// For each output pixel (x, y): the stored pixel (sx, sy) that lands there.
	for (let y = 0; y < OH; y++) {
		for (let x = 0; x < OW; x++) {
			let sx: number;
			let sy: number;
			switch (o) {
				case 2:
					sx = W - 1 - x;
					sy = y;
					break;
				case 3:
					sx = W - 1 - x;
					sy = H - 1 - y;
					break;
				case 4:
					sx = x;
					sy = H - 1 - y;
					break;
				case 5:
					sx = y;
					sy = x;
					break;
				case 6:
					sx = y;
					sy = H - 1 - x;
					break;
				case 7:
					sx = W - 1 - y;
					sy = H - 1 - x;
					break;
				default:
					sx = W - 1 - y;
					sy = x;
			}
			dst[y * OW + x] = src[sy * W + sx] ?? 0;
		}
	}
	return out;
}

/**
 * Returns a copy of a JPEG with a minimal EXIF APP1 segment (orientation only) right after SOI.
 * For tests and for probing whether the browser honours EXIF orientation.
 */
export function withExifOrientation(jpeg: Uint8Array, o: Orientation): Uint8Array {
	if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG: missing SOI marker');
	// Big-endian TIFF: header, one IFD with one SHORT entry (0x0112 = o), no next IFD.
	const tiff = [
		0x4d,
		0x4d,
		0x00,
		0x2a,
		0x00,
		0x00,
		0x00,
		0x08,
		0x00,
		0x01,
		0x01,
		0x12,
		0x00,
		0x03,
		0x00,
		0x00,
		0x00,
		0x01,
		0x00,
		o,
		0x00,
		0x00,
		0x00,
		0x00,
		0x00,
		0x00
	];
	const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff];
	const len = payload.length + 2;
	const app1 = [0xff, 0xe1, len >> 8, len & 0xff, ...payload];
	const out = new Uint8Array(jpeg.length + app1.length);
	out.set(jpeg.subarray(0, 2), 0);
	out.set(app1, 2);
	out.set(jpeg.subarray(2), 2 + app1.length);
	return out;
}

/**
 * A tiny, strict PNG check for thumbnails: signature, IHDR, every chunk's CRC, and the image data
 * inflating to exactly the bytes its header promises. No pixels are kept.
 */
import { crc32 } from './crc32';
import { invalid } from './errors';
import { inflateExactly } from './inflate-bounded';
import { MAX_THUMBNAIL_SIDE } from './limits';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Allowed bit depths per colour type (PNG spec, table 11.1). */
const DEPTHS: Record<number, readonly number[]> = {
	0: [1, 2, 4, 8, 16],
	2: [8, 16],
	3: [1, 2, 4, 8],
	4: [8, 16],
	6: [8, 16]
};
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2]
] as const;

export interface PngInfo {
	width: number;
	height: number;
}

const notPng = (why: string) =>
	invalid('bad_thumbnail', `thumbnail.png is not a valid PNG: ${why}.`);

/** Checks that `bytes` is a complete, uncorrupted PNG no larger than `maxSide` (a thumbnail's). */
export function checkPng(bytes: Uint8Array, maxSide = MAX_THUMBNAIL_SIDE): PngInfo {
	if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw notPng('bad signature');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let p = 8;
	let header:
		{ width: number; height: number; depth: number; color: number; interlace: number } | undefined;
	const idat: Uint8Array[] = [];
	let idatBytes = 0;
	let ended = false;
	while (p < bytes.length) {
		if (ended) throw notPng('data after IEND');
		if (p + 12 > bytes.length) throw notPng('truncated chunk');
		const len = view.getUint32(p);
		const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
		if (!/^[A-Za-z]{4}$/.test(type)) throw notPng('bad chunk type');
		if (len > bytes.length - p - 12) throw notPng('truncated chunk');
		const data = bytes.subarray(p + 8, p + 8 + len);
		if (crc32(bytes.subarray(p + 4, p + 8 + len)) !== view.getUint32(p + 8 + len)) {
			throw notPng(`${type} chunk fails its CRC check`);
		}
		if (!header && type !== 'IHDR') throw notPng('IHDR is not first');
		if (type === 'IHDR') {
			if (header || len !== 13) throw notPng('bad IHDR');
			const d = new DataView(data.buffer, data.byteOffset, 13);
			header = {
				width: d.getUint32(0),
				height: d.getUint32(4),
				depth: data[8]!,
				color: data[9]!,
				interlace: data[12]!
			};
			const { width, height, depth, color, interlace } = header;
			if (width < 1 || height < 1 || width > maxSide || height > maxSide) {
				throw notPng(`size must be 1 to ${maxSide} pixels a side`);
			}
			if (!DEPTHS[color]?.includes(depth)) throw notPng('bad colour type or bit depth');
			if (data[10] !== 0 || data[11] !== 0 || interlace > 1) throw notPng('bad IHDR methods');
		} else if (type === 'IDAT') {
			idat.push(data);
			idatBytes += len;
		} else if (type === 'IEND') {
			ended = true;
		}
		p += 12 + len;
	}
	if (!header || !ended || idatBytes < 2) throw notPng('missing IHDR, IDAT or IEND');

	const zlib = new Uint8Array(idatBytes);
	let o = 0;
	for (const part of idat) {
		zlib.set(part, o);
		o += part.length;
	}
	const cmf = zlib[0]!;
	const flg = zlib[1]!;
	if ((cmf & 0x0f) !== 8 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20)
		throw notPng('bad zlib header');
	// The zlib stream ends with a 4-byte Adler-32 after the DEFLATE data; inflate ignores it.
	try {
		inflateExactly(zlib.subarray(2), scanlineBytes(header), 'thumbnail.png image data');
	} catch {
		throw notPng('image data does not match its size');
	}
	return { width: header.width, height: header.height };
}

/** Bytes of filtered scanlines the image data must inflate to (with Adam7 passes if interlaced). */
function scanlineBytes(h: {
	width: number;
	height: number;
	depth: number;
	color: number;
	interlace: number;
}): number {
	const bitsPerPixel = h.depth * CHANNELS[h.color]!;
	const rows = (w: number, n: number) => (w && n ? n * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
	if (h.interlace === 0) return rows(h.width, h.height);
	let total = 0;
	for (const [x0, y0, dx, dy] of ADAM7) {
		total += rows(Math.ceil((h.width - x0) / dx), Math.ceil((h.height - y0) / dy));
	}
	return total;
}

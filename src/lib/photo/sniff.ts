/**
 * What a file really is, from its first bytes (never its name or MIME type), and how big it will
 * be once decoded — read from the header so an oversized photo is refused before any pixel is
 * allocated.
 */
import { PhotoError } from './errors';

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Files larger than this are refused unread. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Decoded photos above this many pixels are refused (a 12-megapixel phone photo is well under). */
export const MAX_PIXELS = 40_000_000;
/** Canvas and ImageBitmap limits in browsers are around 16k per side. */
export const MAX_SIDE = 16_384;

export interface PhotoHeader {
	type: PhotoType;
	/** Stored size, before any EXIF rotation. */
	width: number;
	height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(b: Uint8Array, at: number, len: number): string {
	return String.fromCharCode(...b.subarray(at, at + len));
}

/** The image type by magic bytes; undefined for anything else. */
export function sniffType(b: Uint8Array): PhotoType | undefined {
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'image/png';
	if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
	return undefined;
}

function u16be(b: Uint8Array, at: number): number {
	return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}
function u32be(b: Uint8Array, at: number): number {
	return (
		(((b[at] ?? 0) << 24) |
			((b[at + 1] ?? 0) << 16) |
			((b[at + 2] ?? 0) << 8) |
			(b[at + 3] ?? 0)) >>>
		0
	);
}
function u16le(b: Uint8Array, at: number): number {
	return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, at: number): number {
	return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
}

function corrupt(what: string): PhotoError {
	return new PhotoError(
		'corrupt',
		`This ${what} file is damaged or incomplete and cannot be opened.`
	);
}

function pngSize(b: Uint8Array): [number, number] {
	if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') throw corrupt('PNG');
	return [u32be(b, 16), u32be(b, 20)];
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT/JPG/DAC. */
function isSof(m: number): boolean {
	return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function jpegSize(b: Uint8Array): [number, number] {
	let i = 2;
	while (i + 4 <= b.length) {
		if (b[i] !== 0xff) throw corrupt('JPEG');
		let marker = b[i + 1] ?? 0;
		// Markers may be padded with any number of 0xFF fill bytes.
		while (marker === 0xff && i + 2 < b.length) marker = b[++i + 1] ?? 0;
		i += 2;
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
		if (marker === 0xd9 || marker === 0xda) break;
		const len = u16be(b, i);
		if (len < 2) throw corrupt('JPEG');
		if (isSof(marker)) {
			if (i + 7 > b.length) break;
			return [u16be(b, i + 5), u16be(b, i + 3)];
		}
		i += len;
	}
	throw corrupt('JPEG');
}

function webpSize(b: Uint8Array): [number, number] {
	const chunk = ascii(b, 12, 4);
	if (chunk === 'VP8X' && b.length >= 30) return [u24le(b, 24) + 1, u24le(b, 27) + 1];
	if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
		const bits =
			((b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24)) >>> 0;
		return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
	}
	if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
		return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
	}
	throw corrupt('WebP');
}

const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);

/**
 * True for a HEIC/HEIF photo with HEVC pictures (what iPhones save by default): an ISO-BMFF
 * `ftyp` box naming an HEVC brand, major or compatible. AVIF shares the container, not the brands.
 */
function isHeic(b: Uint8Array): boolean {
	if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return false;
	const end = Math.min(b.length, u32be(b, 0));
	if (HEVC_BRANDS.has(ascii(b, 8, 4))) return true;
	for (let at = 16; at + 4 <= end; at += 4) if (HEVC_BRANDS.has(ascii(b, at, 4))) return true;
	return false;
}

/** Checks type, file size and pixel count; throws a PhotoError a person can read. */
export function inspectPhoto(bytes: Uint8Array): PhotoHeader {
	if (bytes.length === 0) throw new PhotoError('empty', 'The file is empty.');
	if (bytes.length > MAX_FILE_BYTES) {
		throw new PhotoError(
			'too-large',
			`The file is ${(bytes.length / 2 ** 20).toFixed(0)} MB; photos up to ${MAX_FILE_BYTES / 2 ** 20} MB can be opened.`
		);
	}
	const type = sniffType(bytes);
	if (!type && isHeic(bytes)) {
		throw new PhotoError(
			'heic',
			'This is a HEIC photo, which browsers cannot open. Export or share it as JPEG.'
		);
	}
	if (!type) {
		throw new PhotoError(
			'unsupported',
			'This is not a JPEG, PNG or WebP image, so it cannot be opened.'
		);
	}
	const [width, height] =
		type === 'image/png'
			? pngSize(bytes)
			: type === 'image/jpeg'
				? jpegSize(bytes)
				: webpSize(bytes);
	if (width < 1 || height < 1) throw corrupt(type.slice(6).toUpperCase());
	if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
		throw new PhotoError(
			'too-large',
			`The photo is ${width}×${height} (${((width * height) / 1e6).toFixed(1)} megapixels); up to ${MAX_PIXELS / 1e6} megapixels and ${MAX_SIDE} pixels per side can be opened.`
		);
	}
	return { type, width, height };
}

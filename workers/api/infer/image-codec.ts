/**
 * PNG and JPEG in, PNG out, for the inference routes. Sizes are read from the file header first,
 * so an oversized image is refused before a single pixel is decoded.
 */
import { convertIndexedToRgb, decode as decodePng, encode as encodePngRaw } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { checkPng } from '../../../src/lib/share/png';
import { HttpError } from '../http';

export type ImageType = 'png' | 'jpeg';

/** 8-bit pixels, colour channels interleaved (1 = grey, 3 = RGB), alpha kept apart. */
export interface Raster {
	width: number;
	height: number;
	channels: 1 | 3;
	data: Uint8Array;
	/** Per-pixel alpha, when the source had any; passed through untouched. */
	alpha?: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format by its magic bytes (never by the declared content type). */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
	if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	return undefined;
}

function u16(b: Uint8Array, i: number): number {
	return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}
function u32(b: Uint8Array, i: number): number {
	return u16(b, i) * 65536 + u16(b, i + 2);
}

/** Width and height from the PNG IHDR or the JPEG SOF segment; undefined when not found. */
export function imageDimensions(
	bytes: Uint8Array,
	type: ImageType
): { width: number; height: number } | undefined {
	if (type === 'png') {
		// IHDR must be the first chunk: length(4) "IHDR"(4) width(4) height(4).
		if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return;
		return { width: u32(bytes, 16), height: u32(bytes, 20) };
	}
	let i = 2;
	while (i + 9 < bytes.length) {
		if (bytes[i] !== 0xff) return;
		const marker = bytes[i + 1] ?? 0;
		if (marker === 0xff) {
			i += 1; // fill byte
			continue;
		}
		// SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: u16(bytes, i + 5), width: u16(bytes, i + 7) };
		}
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		i += 2 + u16(bytes, i + 2);
	}
	return undefined;
}

export interface DecodeOptions {
	/** Largest accepted width and height (checked on the header, before decoding). */
	maxSide: number;
}

/**
 * Decodes a PNG or JPEG into a Raster. Throws 415 for something that is not a PNG/JPEG, 413 for
 * a side above `maxSide`, 422 for a file that claims to be one but cannot be decoded.
 */
export function decodeImage(bytes: Uint8Array, opts: DecodeOptions): Raster {
	const type = sniffImageType(bytes);
	if (!type) {
		throw new HttpError(415, 'unsupported_media_type', 'Send a PNG or JPEG image.');
	}
	const size = imageDimensions(bytes, type);
	if (!size || size.width < 1 || size.height < 1) {
		throw new HttpError(422, 'corrupt_image', `The ${type.toUpperCase()} header is damaged.`);
	}
	if (size.width > opts.maxSide || size.height > opts.maxSide) {
		throw new HttpError(
			413,
			'image_too_large',
			`The image is ${size.width}×${size.height}; at most ${opts.maxSide}×${opts.maxSide} is accepted. Resize it first.`
		);
	}
	if (type === 'png') {
		// fast-png inflates all of IDAT whatever the header says: a 1×1 header over hundreds of MB
		// of zeros would exhaust the isolate. checkPng inflates to exactly the header's size.
		try {
			checkPng(bytes, opts.maxSide);
		} catch {
			throw new HttpError(
				422,
				'corrupt_image',
				'The PNG is damaged or its data does not match its size.'
			);
		}
	}
	let raster: Raster;
	try {
		raster = type === 'png' ? fromPng(bytes) : fromJpeg(bytes, opts.maxSide);
	} catch (err) {
		if (err instanceof HttpError) throw err;
		throw new HttpError(422, 'corrupt_image', `The ${type.toUpperCase()} could not be decoded.`);
	}
	if (raster.width !== size.width || raster.height !== size.height) {
		throw new HttpError(422, 'corrupt_image', 'The image size does not match its header.');
	}
	return raster;
}

function fromPng(bytes: Uint8Array): Raster {
	const png = decodePng(bytes);
	const { width, height } = png;
	const n = width * height;
	let channels = png.channels;
	let src: ArrayLike<number> = png.data;
	let shift = png.depth === 16 ? 8 : 0;
	if (png.palette) {
		src = convertIndexedToRgb(png);
		channels = png.palette[0]?.length === 4 || png.transparency ? 4 : 3;
		if (src.length !== n * channels) channels = src.length / n;
		shift = 0;
	} else if (png.depth < 8) {
		// 1/2/4-bit grey: scale to 8 bits so black and white stay 0 and 255.
		const max = (1 << png.depth) - 1;
		const unpacked = unpackBits(png.data as Uint8Array, width, height, png.depth);
		src = unpacked.map((v) => Math.round((v * 255) / max));
	}
	if (src.length !== n * channels) throw new Error('pixel data has the wrong length');
	const hasAlpha = channels === 2 || channels === 4;
	const colour = channels >= 3 ? 3 : 1;
	const data = new Uint8Array(n * colour);
	const alpha = hasAlpha ? new Uint8Array(n) : undefined;
	for (let p = 0; p < n; p++) {
		for (let c = 0; c < colour; c++) data[p * colour + c] = (src[p * channels + c] ?? 0) >> shift;
		if (alpha) alpha[p] = (src[p * channels + channels - 1] ?? 0) >> shift;
	}
	return { width, height, channels: colour, data, alpha };
}

/** fast-png leaves sub-byte grey packed, rows padded to whole bytes. */
function unpackBits(packed: Uint8Array, width: number, height: number, depth: number): Uint8Array {
	const out = new Uint8Array(width * height);
	const rowBytes = Math.ceil((width * depth) / 8);
	const mask = (1 << depth) - 1;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const bit = x * depth;
			const byte = packed[y * rowBytes + (bit >> 3)] ?? 0;
			out[y * width + x] = (byte >> (8 - depth - (bit & 7))) & mask;
		}
	}
	return out;
}

function fromJpeg(bytes: Uint8Array, maxSide: number): Raster {
	const img = decodeJpeg(bytes, {
		useTArray: true,
		formatAsRGBA: false,
		maxResolutionInMP: (maxSide * maxSide) / 1e6 + 0.01,
		maxMemoryUsageInMB: 64
	});
	const n = img.width * img.height;
	const channels = img.data.length / n;
	if (channels === 3) return { width: img.width, height: img.height, channels: 3, data: img.data };
	if (channels === 1) return { width: img.width, height: img.height, channels: 1, data: img.data };
	throw new Error(`unexpected JPEG channel count ${channels}`);
}

/** Encodes a Raster (with its alpha, if any) as an 8-bit PNG. */
export function encodePng(img: Raster): Uint8Array {
	const n = img.width * img.height;
	if (img.data.length !== n * img.channels) {
		throw new Error(`raster data is ${img.data.length} bytes, expected ${n * img.channels}`);
	}
	if (!img.alpha) {
		return encodePngRaw({
			width: img.width,
			height: img.height,
			data: img.data,
			channels: img.channels,
			depth: 8
		});
	}
	const out = img.channels + 1;
	const data = new Uint8Array(n * out);
	for (let p = 0; p < n; p++) {
		for (let c = 0; c < img.channels; c++) data[p * out + c] = img.data[p * img.channels + c] ?? 0;
		data[p * out + img.channels] = img.alpha[p] ?? 255;
	}
	return encodePngRaw({ width: img.width, height: img.height, data, channels: out, depth: 8 });
}

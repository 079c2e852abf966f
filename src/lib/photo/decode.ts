/**
 * Decodes a user's photo file to upright RGBA in the browser (page or worker): magic bytes and
 * size are checked first, the browser decodes, and the EXIF orientation is applied by us when
 * the browser did not apply it itself — so a rotated-EXIF JPEG always comes out upright.
 */
import { PhotoError } from './errors';
import type { RgbaImage } from './image';
import {
	applyOrientation,
	readExifOrientation,
	swapsAxes,
	withExifOrientation,
	type Orientation
} from './orientation';
import { inspectPhoto, type PhotoType } from './sniff';

export interface DecodedPhoto {
	image: RgbaImage;
	type: PhotoType;
	orientation: Orientation;
	/** Who turned the pixels upright: the browser's decoder, this code, or nobody (orientation 1). */
	rotatedBy: 'browser' | 'app' | 'none';
}

/**
 * Whether the decoded bitmap still needs `orientation` applied. When the orientation swaps axes
 * and the photo is not square, the decoded size tells; otherwise ask the probe.
 */
export function needsOrientation(
	orientation: Orientation,
	stored: { width: number; height: number },
	decoded: { width: number; height: number },
	browserHonoursExif: () => Promise<boolean>
): Promise<boolean> {
	if (orientation === 1) return Promise.resolve(false);
	if (swapsAxes(orientation) && stored.width !== stored.height) {
		return Promise.resolve(decoded.width === stored.width);
	}
	return browserHonoursExif().then((honours) => !honours);
}

let probe: Promise<boolean> | undefined;

/** Decodes a 2×1 JPEG tagged "rotate 90°" once: a 1×2 bitmap means the browser honours EXIF. */
export function browserHonoursExif(): Promise<boolean> {
	probe ??= (async () => {
		const canvas = new OffscreenCanvas(2, 1);
		canvas.getContext('2d')?.fillRect(0, 0, 2, 1);
		const jpeg = new Uint8Array(
			await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer()
		);
		const tagged = withExifOrientation(jpeg, 6);
		const bmp = await createImageBitmap(new Blob([tagged as BlobPart], { type: 'image/jpeg' }), {
			imageOrientation: 'from-image'
		});
		const honours = bmp.width === 1 && bmp.height === 2;
		bmp.close();
		return honours;
	})().catch(() => true);
	return probe;
}

/** Reads the pixels of a bitmap as RGBA (straight alpha, sRGB). */
export function bitmapToRgba(bmp: ImageBitmap): RgbaImage {
	const canvas = new OffscreenCanvas(bmp.width, bmp.height);
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) throw new Error('2D canvas is not available');
	ctx.drawImage(bmp, 0, 0);
	const { data, width, height } = ctx.getImageData(0, 0, bmp.width, bmp.height);
	return { data, width, height };
}

/** Decodes a JPEG, PNG or WebP file to upright RGBA; throws a PhotoError a person can act on. */
export async function decodePhoto(file: Blob): Promise<DecodedPhoto> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	const header = inspectPhoto(bytes);
	const orientation = await readExifOrientation(bytes);
	let bmp: ImageBitmap;
	try {
		bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: header.type }), {
			imageOrientation: 'from-image',
			premultiplyAlpha: 'none'
		});
	} catch {
		throw new PhotoError(
			'corrupt',
			`This ${header.type.slice(6).toUpperCase()} file is damaged or incomplete and cannot be opened.`
		);
	}
	try {
		const decoded = { width: bmp.width, height: bmp.height };
		const manual = await needsOrientation(orientation, header, decoded, browserHonoursExif);
		const rgba = bitmapToRgba(bmp);
		return {
			image: manual ? applyOrientation(rgba, orientation) : rgba,
			type: header.type,
			orientation,
			rotatedBy: orientation === 1 ? 'none' : manual ? 'app' : 'browser'
		};
	} finally {
		bmp.close();
	}
}

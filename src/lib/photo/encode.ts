/** Encoding results for download, and the file name they download as. */
import { encode as encodePngBytes } from 'fast-png';
import { assertImage, type RgbaImage } from './image';

export type ExportFormat = 'png' | 'jpeg';

/** Encodes 8-bit RGBA as PNG in pure JS (works in workers and Node). */
export function encodePng(img: RgbaImage): Uint8Array {
	assertImage(img);
	return encodePngBytes({
		width: img.width,
		height: img.height,
		data: img.data,
		channels: 4,
		depth: 8
	});
}

/** The MIME type of an export format. */
export function mimeOf(format: ExportFormat): string {
	return format === 'png' ? 'image/png' : 'image/jpeg';
}

/**
 * `IMG_0042.HEIC.jpg` + 'denoised' + png → `IMG_0042.HEIC-denoised.png`: the last extension goes,
 * characters that are unsafe in file names become '_', and an empty name becomes 'photo'.
 */
export function downloadName(original: string, suffix: string, format: ExportFormat): string {
	const leaf = original.split(/[\\/]/).pop() ?? '';
	const dot = leaf.lastIndexOf('.');
	const stem = (dot > 0 ? leaf.slice(0, dot) : leaf)
		// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
		.replace(/[\u0000-\u001f<>:"|?*]+/g, '_')
		.trim()
		.slice(0, 120);
	return `${stem || 'photo'}-${suffix}.${format === 'png' ? 'png' : 'jpg'}`;
}

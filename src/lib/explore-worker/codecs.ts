/**
 * JPEG and WebP as the browser encodes them (OffscreenCanvas.convertToBlob), for the compression
 * comparison. Works in workers; where OffscreenCanvas is missing the list is empty.
 */
import type { Codec } from './representations';

const SIDE = 28;

function canvasCodec(name: string, type: string): Codec {
	const canvas = new OffscreenCanvas(SIDE, SIDE);
	const ctx = canvas.getContext('2d', { willReadFrequently: true });
	if (!ctx) throw new Error('no 2-D canvas context');
	return {
		name,
		async encode(pixels, quality) {
			const img = ctx.createImageData(SIDE, SIDE);
			for (let i = 0; i < SIDE * SIDE; i++) {
				const v = pixels[i] ?? 0;
				img.data.set([v, v, v, 255], i * 4);
			}
			ctx.putImageData(img, 0, 0);
			const blob = await canvas.convertToBlob({ type, quality });
			// Browsers silently fall back to PNG for types they cannot write.
			if (blob.type !== type) throw new Error(`this browser cannot encode ${type}`);
			return new Uint8Array(await blob.arrayBuffer());
		},
		async decode(bytes) {
			const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type }));
			ctx.clearRect(0, 0, SIDE, SIDE);
			ctx.drawImage(bitmap, 0, 0);
			bitmap.close();
			const data = ctx.getImageData(0, 0, SIDE, SIDE).data;
			const out = new Uint8Array(SIDE * SIDE);
			for (let i = 0; i < out.length; i++) out[i] = data[i * 4] ?? 0;
			return out;
		}
	};
}

/** The browser's JPEG and WebP encoders (empty without OffscreenCanvas). */
export function browserCodecs(): Codec[] {
	if (typeof OffscreenCanvas === 'undefined') return [];
	return [canvasCodec('JPEG', 'image/jpeg'), canvasCodec('WebP', 'image/webp')];
}

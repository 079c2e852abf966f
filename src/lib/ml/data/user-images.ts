/**
 * The user's own pictures as a training set: each decoded RGBA image becomes one side×side
 * grayscale example shaped like Fashion-MNIST (a light object on a dark background), and the
 * examples are packed into the byte layout the in-memory DatasetProvider takes. Pure code.
 */

/** Side of the images the 28×28 model families train on. */
export const USER_IMAGE_SIDE = 28;

/** Any RGBA image (8-bit, row-major, straight alpha). */
export interface RgbaLike {
	data: ArrayLike<number>;
	width: number;
	height: number;
}

export interface GrayOptions {
	side?: number;
	/**
	 * Fashion-MNIST objects are light on black. 'auto' inverts when the border of the image is
	 * mostly light (a photo of a dark thing on a white table); true/false force it.
	 */
	invert?: 'auto' | boolean;
}

/**
 * Centre-crops to a square, converts to luma (Rec. 601: 0.299 R + 0.587 G + 0.114 B, transparent
 * pixels over white) and resamples to side×side by exact area averaging.
 */
export function toGraySquare(img: RgbaLike, opts: GrayOptions = {}): Uint8Array {
	const side = opts.side ?? USER_IMAGE_SIDE;
	const { width: w, height: h, data } = img;
	if (!(w >= 1 && h >= 1) || data.length !== w * h * 4) {
		throw new RangeError(`expected ${w}×${h}×4 RGBA bytes, got ${data.length}`);
	}
	const crop = Math.min(w, h);
	const x0 = Math.floor((w - crop) / 2);
	const y0 = Math.floor((h - crop) / 2);
	const luma = (x: number, y: number): number => {
		const o = ((y0 + y) * w + x0 + x) * 4;
		const a = (data[o + 3] ?? 255) / 255;
		const l = 0.299 * (data[o] ?? 0) + 0.587 * (data[o + 1] ?? 0) + 0.114 * (data[o + 2] ?? 0);
		return a * l + (1 - a) * 255;
	};
	// Each output pixel averages the source area it covers; partial source pixels count by overlap.
	const scale = crop / side;
	const out = new Float64Array(side * side);
	for (let oy = 0; oy < side; oy++) {
		const sy0 = oy * scale;
		const sy1 = sy0 + scale;
		for (let ox = 0; ox < side; ox++) {
			const sx0 = ox * scale;
			const sx1 = sx0 + scale;
			let sum = 0;
			let weight = 0;
			for (let y = Math.floor(sy0); y < Math.min(crop, Math.ceil(sy1)); y++) {
				const wy = Math.min(sy1, y + 1) - Math.max(sy0, y);
				if (wy <= 0) continue;
				for (let x = Math.floor(sx0); x < Math.min(crop, Math.ceil(sx1)); x++) {
					const wx = Math.min(sx1, x + 1) - Math.max(sx0, x);
					if (wx <= 0) continue;
					sum += wx * wy * luma(x, y);
					weight += wx * wy;
				}
			}
			out[oy * side + ox] = weight > 0 ? sum / weight : 0;
		}
	}
	const invert = opts.invert ?? 'auto';
	const flip = invert === 'auto' ? borderMean(out, side) > 127.5 : invert;
	const bytes = new Uint8Array(side * side);
	for (let i = 0; i < out.length; i++) {
		const v = Math.round(out[i] ?? 0);
		bytes[i] = Math.max(0, Math.min(255, flip ? 255 - v : v));
	}
	return bytes;
}

/** Mean of the outermost ring of a side×side image. */
function borderMean(px: Float64Array, side: number): number {
	let sum = 0;
	let n = 0;
	for (let i = 0; i < side; i++) {
		for (let j = 0; j < side; j++) {
			if (i === 0 || j === 0 || i === side - 1 || j === side - 1) {
				sum += px[i * side + j] ?? 0;
				n++;
			}
		}
	}
	return n ? sum / n : 0;
}

/** Concatenates equally sized examples into one byte array (the provider's HWC layout). */
export function packImages(examples: readonly Uint8Array[], side = USER_IMAGE_SIDE): Uint8Array {
	const px = side * side;
	const out = new Uint8Array(examples.length * px);
	examples.forEach((e, i) => {
		if (e.length !== px) throw new RangeError(`example ${i} has ${e.length} bytes, not ${px}`);
		out.set(e, i * px);
	});
	return out;
}

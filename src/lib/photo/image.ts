/** The one image shape the photo code passes around: 8-bit RGBA, row-major, no padding. */
export interface RgbaImage {
	data: Uint8ClampedArray;
	width: number;
	height: number;
}

/** Allocates a transparent-black image of the given size. */
export function createImage(width: number, height: number): RgbaImage {
	assertSize(width, height);
	return { data: new Uint8ClampedArray(width * height * 4), width, height };
}

/** Throws unless `width`×`height` is a valid, non-empty image size. */
export function assertSize(width: number, height: number): void {
	if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
		throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
	}
}

/** Throws unless `img.data` holds exactly width·height RGBA pixels. */
export function assertImage(img: RgbaImage): void {
	assertSize(img.width, img.height);
	if (img.data.length !== img.width * img.height * 4) {
		throw new RangeError(
			`expected ${img.width}×${img.height}×4 = ${img.width * img.height * 4} bytes, got ${img.data.length}`
		);
	}
}

/** Copies the rectangle (x, y, w, h) of `img` into a new image. */
export function crop(img: RgbaImage, x: number, y: number, w: number, h: number): RgbaImage {
	if (x < 0 || y < 0 || x + w > img.width || y + h > img.height) {
		throw new RangeError(`crop ${w}×${h}@${x},${y} is outside ${img.width}×${img.height}`);
	}
	const out = createImage(w, h);
	const rowBytes = w * 4;
	for (let r = 0; r < h; r++) {
		const src = ((y + r) * img.width + x) * 4;
		out.data.set(img.data.subarray(src, src + rowBytes), r * rowBytes);
	}
	return out;
}

// Small PNGs of simple dark shapes on white, like photos of objects: the user's own images in
// the e2e tests, made by the tests instead of shipped as files.
import { encode as encodePng } from 'fast-png';

export type Shape = 'disc' | 'bar' | 'ring';

/** A 40×40 PNG: a dark `shape` of radius (a bar: half-length) r centred at (cx, cy) on white. */
export function shapePng(shape: Shape, r: number, cx: number, cy: number): Buffer {
	const w = 40;
	const data = new Uint8Array(w * w * 4);
	for (let y = 0; y < w; y++) {
		for (let x = 0; x < w; x++) {
			const d2 = (x - cx) ** 2 + (y - cy) ** 2;
			const inside =
				shape === 'disc'
					? d2 <= r * r
					: shape === 'ring'
						? d2 <= r * r && d2 >= (r * 0.55) ** 2
						: Math.abs(x - cx) <= r && Math.abs(y - cy) <= r / 4;
			const v = inside ? 20 : 240;
			data.set([v, v, v, 255], (y * w + x) * 4);
		}
	}
	return Buffer.from(encodePng({ width: w, height: w, data, channels: 4, depth: 8 }));
}

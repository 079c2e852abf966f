/**
 * Runs an image-to-image function over a large photo tile by tile. Tiles overlap; every output
 * pixel is the weighted mean of the tiles that cover it, with weights that ramp linearly across each
 * overlap, so seams fade instead of showing. Only one strip of tile rows is held in floats at a
 * time, so a 12-megapixel photo needs ~tile·width·20 bytes beyond its input and output.
 */
import { assertImage, createImage, crop, type RgbaImage } from './image';

/**
 * Default tile side: a 512² photo runs whole (256² tiles with their overlap cost 2.25× the
 * pixels), while a 12 MP photo still streams through bounded memory (one 512² tile of a
 * 32-feature conv net holds about 34 MB of activations).
 */
export const DEFAULT_TILE = 512;
/** Default minimum overlap between neighbouring tiles, blended across the seam. */
export const DEFAULT_OVERLAP = 32;

export interface TileRect {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface TileOptions {
	/** Tile side in pixels (default DEFAULT_TILE). */
	tile?: number;
	/** Minimum overlap between neighbouring tiles in pixels (default DEFAULT_OVERLAP). */
	overlap?: number;
}

export interface TileProgress {
	done: number;
	total: number;
	elapsedMs: number;
	/** Remaining time from the mean time per tile so far. */
	etaSeconds: number;
}

export interface RunTiledOptions extends TileOptions {
	signal?: AbortSignal;
	onProgress?: (p: TileProgress) => void;
	/** Clock for ETA; injectable for tests. */
	now?: () => number;
}

/** A tile function: same-size RGBA in, same-size RGBA out. */
export type TileFn = (tile: RgbaImage, rect: TileRect) => RgbaImage | Promise<RgbaImage>;

/** Start offsets along one axis: evenly spread so tiles cover [0, length) with ≥ `overlap`. */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
	if (tile <= overlap)
		throw new RangeError(`tile (${tile}) must be larger than overlap (${overlap})`);
	if (length <= tile) return [0];
	const n = Math.ceil((length - overlap) / (tile - overlap));
	const span = length - tile;
	return Array.from({ length: n }, (_, i) => Math.round((i * span) / (n - 1)));
}

/** The tile grid for a width×height image, row by row. */
export function planTiles(width: number, height: number, opts: TileOptions = {}): TileRect[] {
	const tile = opts.tile ?? DEFAULT_TILE;
	const overlap = opts.overlap ?? DEFAULT_OVERLAP;
	const xs = tileStarts(width, tile, overlap);
	const ys = tileStarts(height, tile, overlap);
	const tw = Math.min(tile, width);
	const th = Math.min(tile, height);
	return ys.flatMap((y) => xs.map((x) => ({ x, y, width: tw, height: th })));
}

/**
 * Blend weights along one axis of a tile at [start, start+size): 1 inside, rising linearly across
 * the overlap with the previous tile and falling across the overlap with the next. Never 0, so
 * every pixel has weight.
 */
export function axisWeights(
	start: number,
	size: number,
	prevEnd?: number,
	nextStart?: number
): Float32Array {
	const w = new Float32Array(size).fill(1);
	if (prevEnd !== undefined && prevEnd > start) {
		const o = prevEnd - start;
		for (let i = 0; i < o; i++) w[i] = Math.min(w[i] ?? 1, (i + 0.5) / o);
	}
	if (nextStart !== undefined && nextStart < start + size) {
		const o = start + size - nextStart;
		for (let i = 0; i < o; i++) {
			const k = size - 1 - i;
			w[k] = Math.min(w[k] ?? 1, (i + 0.5) / o);
		}
	}
	return w;
}

function abortError(signal: AbortSignal): unknown {
	return signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** Applies `fn` to overlapping tiles of `img` and blends the results into one image. */
export async function runTiled(
	img: RgbaImage,
	fn: TileFn,
	opts: RunTiledOptions = {}
): Promise<RgbaImage> {
	assertImage(img);
	const tile = opts.tile ?? DEFAULT_TILE;
	const overlap = opts.overlap ?? DEFAULT_OVERLAP;
	const now = opts.now ?? (() => performance.now());
	const { width: W, height: H } = img;
	const xs = tileStarts(W, tile, overlap);
	const ys = tileStarts(H, tile, overlap);
	const tw = Math.min(tile, W);
	const th = Math.min(tile, H);
	const colW = xs.map((x, i) =>
		axisWeights(x, tw, i > 0 ? (xs[i - 1] ?? 0) + tw : undefined, xs[i + 1])
	);
	const out = createImage(W, H);
	// The live strip: rows [ys[r], ys[r] + th) in floats, re-based after each tile row.
	const acc = new Float32Array(th * W * 4);
	const wsum = new Float32Array(th * W);
	const total = xs.length * ys.length;
	const t0 = now();
	let done = 0;

	for (let r = 0; r < ys.length; r++) {
		const y0 = ys[r] ?? 0;
		const rowW = axisWeights(y0, th, r > 0 ? (ys[r - 1] ?? 0) + th : undefined, ys[r + 1]);
		for (let c = 0; c < xs.length; c++) {
			if (opts.signal?.aborted) throw abortError(opts.signal);
			const x0 = xs[c] ?? 0;
			const rect = { x: x0, y: y0, width: tw, height: th };
			const res = await fn(crop(img, x0, y0, tw, th), rect);
			if (res.width !== tw || res.height !== th || res.data.length !== tw * th * 4) {
				throw new RangeError(
					`tile function returned ${res.width}×${res.height}, expected ${tw}×${th}`
				);
			}
			const cw = colW[c] as Float32Array;
			for (let ty = 0; ty < th; ty++) {
				const wy = rowW[ty] ?? 1;
				for (let tx = 0; tx < tw; tx++) {
					const w = wy * (cw[tx] ?? 1);
					const p = ty * W + x0 + tx;
					const s = (ty * tw + tx) * 4;
					wsum[p] = (wsum[p] ?? 0) + w;
					const a = p * 4;
					acc[a] = (acc[a] ?? 0) + w * (res.data[s] ?? 0);
					acc[a + 1] = (acc[a + 1] ?? 0) + w * (res.data[s + 1] ?? 0);
					acc[a + 2] = (acc[a + 2] ?? 0) + w * (res.data[s + 2] ?? 0);
					acc[a + 3] = (acc[a + 3] ?? 0) + w * (res.data[s + 3] ?? 0);
				}
			}
			done++;
			const elapsedMs = now() - t0;
			opts.onProgress?.({
				done,
				total,
				elapsedMs,
				etaSeconds: ((elapsedMs / done) * (total - done)) / 1000
			});
		}
		// Rows before the next tile row's start are final: normalise them into the output.
		const next = ys[r + 1];
		const finalRows = (next ?? H) - y0;
		for (let p = 0; p < finalRows * W; p++) {
			const inv = 1 / (wsum[p] ?? 1);
			const o = (y0 * W + p) * 4;
			const a = p * 4;
			out.data[o] = Math.round((acc[a] ?? 0) * inv);
			out.data[o + 1] = Math.round((acc[a + 1] ?? 0) * inv);
			out.data[o + 2] = Math.round((acc[a + 2] ?? 0) * inv);
			out.data[o + 3] = Math.round((acc[a + 3] ?? 0) * inv);
		}
		if (next !== undefined) {
			// Keep the overlap rows, moved to the top of the strip; clear the rest.
			acc.copyWithin(0, finalRows * W * 4);
			acc.fill(0, (th - finalRows) * W * 4);
			wsum.copyWithin(0, finalRows * W);
			wsum.fill(0, (th - finalRows) * W);
		}
	}
	return out;
}

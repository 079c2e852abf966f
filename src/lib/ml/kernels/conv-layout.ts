/**
 * Memory-layout loops behind the WASM conv-gradient kernels: im2col, col2im and a blocked
 * transpose, all on plain Float32Arrays (in practice views of the WASM heap) with element
 * offsets, so a kernel can run them on tensors in place without copies or allocations.
 *
 * Layout is NHWC; filters are [kH, kW, inC, outC]. For one output position m = (n, oh, ow) the
 * im2col row holds the receptive field in filter order, (i, j, c) → (i·kW + j)·inC + c, with
 * zeros where the window leaves the padded image:
 *   cols[m, (i·kW + j)·inC + c] = x[n, oh·sH − padTop + i, ow·sW − padLeft + j, c]
 * so that conv2d(x, w) = cols · w as a [M, K] × [K, outC] product, K = kH·kW·inC.
 */

/** The shape facts of one NHWC conv (dilation 1) that the loops need. */
export interface ConvGeometry {
	inH: number;
	inW: number;
	inC: number;
	outH: number;
	outW: number;
	kH: number;
	kW: number;
	strideH: number;
	strideW: number;
	padTop: number;
	padLeft: number;
}

/** Columns of one im2col row: K = kH·kW·inC. */
export function colsPerRow(g: ConvGeometry): number {
	return g.kH * g.kW * g.inC;
}

/**
 * Writes the im2col rows of `count` images: `x` from `xOff` holds [count, inH, inW, inC], `cols`
 * from `colsOff` receives [count·outH·outW, K]. Every element is written (padding as zeros), so
 * `cols` may start uninitialised. Runs of valid taps are contiguous in `x` and copied natively.
 */
export function im2col(
	x: Float32Array,
	xOff: number,
	cols: Float32Array,
	colsOff: number,
	g: ConvGeometry,
	count: number
): void {
	const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = g;
	const rowLen = kW * inC;
	const imageLen = inH * inW * inC;
	// One heap view for both sides lets runs be moved by the native copyWithin.
	const sameArray = x === cols;
	let d = colsOff;
	for (let n = 0; n < count; n++) {
		const xImage = xOff + n * imageLen;
		for (let oh = 0; oh < outH; oh++) {
			const ihBase = oh * strideH - padTop;
			for (let ow = 0; ow < outW; ow++) {
				const iwBase = ow * strideW - padLeft;
				const j0 = Math.max(0, -iwBase);
				const j1 = Math.min(kW, inW - iwBase);
				for (let i = 0; i < kH; i++) {
					const ih = ihBase + i;
					if (ih < 0 || ih >= inH || j1 <= j0) {
						cols.fill(0, d, d + rowLen);
						d += rowLen;
						continue;
					}
					if (j0 > 0) cols.fill(0, d, d + j0 * inC);
					const src = xImage + (ih * inW + iwBase + j0) * inC;
					const len = (j1 - j0) * inC;
					const dst = d + j0 * inC;
					if (sameArray && len > 16) {
						cols.copyWithin(dst, src, src + len);
					} else {
						for (let t = 0; t < len; t++) cols[dst + t] = x[src + t] as number;
					}
					if (j1 < kW) cols.fill(0, d + j1 * inC, d + rowLen);
					d += rowLen;
				}
			}
		}
	}
}

/**
 * Adds the im2col rows of `count` images back into their image positions (the adjoint of
 * im2col): `cols` from `colsOff` holds [count·outH·outW, K], `dx` from `dxOff` is
 * [count, inH, inW, inC] and is accumulated into, so zero it first for a plain col2im.
 */
export function col2imAdd(
	cols: Float32Array,
	colsOff: number,
	dx: Float32Array,
	dxOff: number,
	g: ConvGeometry,
	count: number
): void {
	const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = g;
	const rowLen = kW * inC;
	const imageLen = inH * inW * inC;
	let s = colsOff;
	for (let n = 0; n < count; n++) {
		const dxImage = dxOff + n * imageLen;
		for (let oh = 0; oh < outH; oh++) {
			const ihBase = oh * strideH - padTop;
			for (let ow = 0; ow < outW; ow++) {
				const iwBase = ow * strideW - padLeft;
				const j0 = Math.max(0, -iwBase);
				const j1 = Math.min(kW, inW - iwBase);
				for (let i = 0; i < kH; i++) {
					const ih = ihBase + i;
					if (ih >= 0 && ih < inH && j1 > j0) {
						const dst = dxImage + (ih * inW + iwBase + j0) * inC;
						const src = s + j0 * inC;
						const len = (j1 - j0) * inC;
						for (let t = 0; t < len; t++)
							dx[dst + t] = (dx[dst + t] as number) + (cols[src + t] as number);
					}
					s += rowLen;
				}
			}
		}
	}
}

/**
 * The padded grid of a stride-1 conv: each image embedded in a zero border so that every
 * output position (oh, ow) reads its tap (i, j) at grid cell (oh + i, ow + j). Laid out flat,
 * image after image, a tap is then a constant shift of the flat index: i·gridW + j.
 */
export interface PaddedGrid {
	gridH: number;
	gridW: number;
	/** Flat shift of the last tap: (kH − 1)·gridW + (kW − 1); reads reach this far past the end. */
	tail: number;
}

/** The padded grid of a stride-1 conv with the given bottom/right padding. */
export function paddedGrid(g: ConvGeometry, padBottom: number, padRight: number): PaddedGrid {
	const gridW = g.inW + g.padLeft + padRight;
	return { gridH: g.inH + g.padTop + padBottom, gridW, tail: (g.kH - 1) * gridW + (g.kW - 1) };
}

/**
 * Writes `count` NHWC images channel-major into their padded grid: channel c's plane starts at
 * `dstOff + c·stride` and holds count·gridH·gridW cells (plus the tail), zero outside the images.
 * `stride` must be at least count·gridH·gridW + tail.
 */
export function padChannelPlanes(
	x: Float32Array,
	xOff: number,
	g: ConvGeometry,
	grid: PaddedGrid,
	count: number,
	dst: Float32Array,
	dstOff: number,
	stride: number
): void {
	const { inH, inW, inC, padTop, padLeft } = g;
	const cells = grid.gridH * grid.gridW;
	for (let c = 0; c < inC; c++) dst.fill(0, dstOff + c * stride, dstOff + (c + 1) * stride);
	let s = xOff;
	for (let n = 0; n < count; n++) {
		for (let i = 0; i < inH; i++) {
			const row = dstOff + n * cells + (i + padTop) * grid.gridW + padLeft;
			for (let j = 0; j < inW; j++) {
				let d = row + j;
				for (let c = 0; c < inC; c++) {
					dst[d] = x[s++] as number;
					d += stride;
				}
			}
		}
	}
}

/**
 * Writes `count` images of [outH, outW, width] rows into the padded grid as [cells, width] rows,
 * position (oh, ow) at cell oh·gridW + ow, zero elsewhere (the cells no output position owns).
 * Runs of a whole output row are moved with the native copyWithin when both are one array.
 */
export function spreadRowsOnGrid(
	src: Float32Array,
	srcOff: number,
	outH: number,
	outW: number,
	width: number,
	grid: PaddedGrid,
	count: number,
	dst: Float32Array,
	dstOff: number
): void {
	const cells = grid.gridH * grid.gridW;
	dst.fill(0, dstOff, dstOff + count * cells * width);
	const run = outW * width;
	const same = src === dst;
	let s = srcOff;
	for (let n = 0; n < count; n++) {
		for (let oh = 0; oh < outH; oh++) {
			const d = dstOff + (n * cells + oh * grid.gridW) * width;
			if (same) dst.copyWithin(d, s, s + run);
			else for (let t = 0; t < run; t++) dst[d + t] = src[s + t] as number;
			s += run;
		}
	}
}

/** Tile edge of the blocked transpose: 64×64 floats = 16 KiB per tile side (measured best here). */
const TILE = 64;

/**
 * Writes the transpose of the row-major [rows, cols] matrix at `srcOff` into `dst` at `dstOff`
 * as [cols, rows]. Tiled, so both sides walk memory in short runs that stay in cache; within a
 * tile, reads are contiguous and writes strided (the faster order on V8 here).
 * Source and destination must not overlap.
 */
export function transpose2d(
	src: Float32Array,
	srcOff: number,
	rows: number,
	cols: number,
	dst: Float32Array,
	dstOff: number
): void {
	for (let r0 = 0; r0 < rows; r0 += TILE) {
		const r1 = Math.min(rows, r0 + TILE);
		for (let c0 = 0; c0 < cols; c0 += TILE) {
			const c1 = Math.min(cols, c0 + TILE);
			for (let r = r0; r < r1; r++) {
				let s = srcOff + r * cols + c0;
				let d = dstOff + c0 * rows + r;
				for (let c = c0; c < c1; c++) {
					dst[d] = src[s++] as number;
					d += rows;
				}
			}
		}
	}
}

/**
 * Writes tile(x, reps) — out[i₀…iₖ] = x[i₀ mod s₀ … iₖ mod sₖ] — for a row-major `shape`.
 * Each axis writes its first copy once and then replicates it with native block copies, so
 * broadcasting a [1, 1, 1, C] vector to [N, H, W, C] costs a few memmoves, not N·H·W·C steps.
 */
export function tileInto(
	src: Float32Array | Int32Array,
	srcOff: number,
	shape: readonly number[],
	reps: readonly number[],
	dst: Float32Array | Int32Array,
	dstOff: number
): void {
	const rank = shape.length;
	if (rank === 0) {
		dst[dstOff] = src[srcOff] as number;
		return;
	}
	const inBlock = new Array<number>(rank + 1).fill(1);
	const outBlock = new Array<number>(rank + 1).fill(1);
	for (let d = rank - 1; d >= 0; d--) {
		inBlock[d] = (inBlock[d + 1] as number) * (shape[d] as number);
		outBlock[d] = (outBlock[d + 1] as number) * (shape[d] as number) * (reps[d] as number);
	}
	const same = src === dst;
	const fill = (d: number, s: number, o: number): void => {
		const n = shape[d] as number;
		const r = reps[d] as number;
		if (d === rank - 1) {
			if (n === 1) {
				dst.fill(src[s] as number, o, o + r);
				return;
			}
			if (same) dst.copyWithin(o, s, s + n);
			else for (let t = 0; t < n; t++) dst[o + t] = src[s + t] as number;
		} else {
			const inner = inBlock[d + 1] as number;
			const outer = outBlock[d + 1] as number;
			for (let i = 0; i < n; i++) fill(d + 1, s + i * inner, o + i * outer);
		}
		const len = n * (outBlock[d + 1] as number);
		for (let k = 1; k < r; k++) dst.copyWithin(o + k * len, o, o + len);
	};
	fill(0, srcOff, dstOff);
}

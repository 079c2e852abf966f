import { describe, expect, it } from 'vitest';
import {
	col2imAdd,
	colsPerRow,
	im2col,
	tileInto,
	transpose2d,
	type ConvGeometry
} from './conv-layout';

function geometry(
	inH: number,
	inW: number,
	inC: number,
	k: number,
	stride: number,
	pad: number
): ConvGeometry {
	const outH = Math.floor((inH + 2 * pad - k) / stride) + 1;
	const outW = Math.floor((inW + 2 * pad - k) / stride) + 1;
	return {
		inH,
		inW,
		inC,
		outH,
		outW,
		kH: k,
		kW: k,
		strideH: stride,
		strideW: stride,
		padTop: pad,
		padLeft: pad
	};
}

/** Reference im2col by direct indexing, one element at a time. */
function naiveIm2col(x: Float32Array, g: ConvGeometry, count: number): Float32Array {
	const k = colsPerRow(g);
	const out = new Float32Array(count * g.outH * g.outW * k);
	let m = 0;
	for (let n = 0; n < count; n++)
		for (let oh = 0; oh < g.outH; oh++)
			for (let ow = 0; ow < g.outW; ow++, m++)
				for (let i = 0; i < g.kH; i++)
					for (let j = 0; j < g.kW; j++)
						for (let c = 0; c < g.inC; c++) {
							const ih = oh * g.strideH - g.padTop + i;
							const iw = ow * g.strideW - g.padLeft + j;
							const inside = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
							out[m * k + (i * g.kW + j) * g.inC + c] = inside
								? (x[((n * g.inH + ih) * g.inW + iw) * g.inC + c] as number)
								: 0;
						}
	return out;
}

const cases: [string, ConvGeometry][] = [
	['3×3 s1 pad1 c1', geometry(5, 5, 1, 3, 1, 1)],
	['3×3 s2 pad1 c3', geometry(6, 7, 3, 3, 2, 1)],
	['5×5 s2 pad2 c20 (runs > 16 floats)', geometry(7, 6, 20, 5, 2, 2)],
	['3×3 s1 valid c2', geometry(5, 4, 2, 3, 1, 0)]
];

describe('im2col', () => {
	it.each(cases)('matches direct indexing (%s), in a shared buffer and across buffers', (_, g) => {
		const count = 2;
		const x = Float32Array.from({ length: count * g.inH * g.inW * g.inC }, (_, i) => (i % 17) - 8);
		const want = naiveIm2col(x, g, count);
		// Separate arrays with garbage in the output: every element must be written.
		const cols = new Float32Array(want.length).fill(NaN);
		im2col(x, 0, cols, 0, g, count);
		expect(Array.from(cols)).toEqual(Array.from(want));
		// One heap-like buffer holding both, with offsets (the copyWithin path).
		const heap = new Float32Array(3 + x.length + want.length).fill(NaN);
		heap.set(x, 3);
		im2col(heap, 3, heap, 3 + x.length, g, count);
		expect(Array.from(heap.subarray(3 + x.length))).toEqual(Array.from(want));
	});
});

describe('col2imAdd', () => {
	it.each(cases)('is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)> (%s)', (_, g) => {
		const count = 2;
		const xLen = count * g.inH * g.inW * g.inC;
		const x = Float32Array.from({ length: xLen }, (_, i) => Math.sin(i * 1.3));
		const c = Float32Array.from({ length: count * g.outH * g.outW * colsPerRow(g) }, (_, i) =>
			Math.cos(i * 0.7)
		);
		const cols = new Float32Array(c.length);
		im2col(x, 0, cols, 0, g, count);
		const back = new Float32Array(xLen);
		col2imAdd(c, 0, back, 0, g, count);
		let lhs = 0;
		let rhs = 0;
		for (let i = 0; i < c.length; i++) lhs += (cols[i] as number) * (c[i] as number);
		for (let i = 0; i < xLen; i++) rhs += (x[i] as number) * (back[i] as number);
		expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * Math.max(1, Math.abs(lhs)));
	});
});

describe('transpose2d', () => {
	it.each([
		[1, 1],
		[3, 70],
		[33, 65],
		[64, 32]
	])('transposes a %i×%i matrix at an offset', (rows, cols) => {
		const src = Float32Array.from({ length: 5 + rows * cols }, (_, i) => i);
		const dst = new Float32Array(2 + rows * cols).fill(-1);
		transpose2d(src, 5, rows, cols, dst, 2);
		const want = Array.from({ length: rows * cols }, (_, i) => {
			const c = Math.floor(i / rows);
			const r = i % rows;
			return 5 + r * cols + c;
		});
		expect(Array.from(dst.subarray(2))).toEqual(want);
		expect(dst[0]).toBe(-1);
	});
});

describe('tileInto', () => {
	it.each([
		[[3], [4]],
		[
			[1, 1, 1, 5],
			[2, 3, 4, 1]
		],
		[
			[2, 3],
			[3, 2]
		],
		[
			[2, 1, 3],
			[1, 4, 2]
		],
		[
			[4, 1],
			[1, 6]
		]
	])('tiles shape %j by %j like direct indexing', (shape, reps) => {
		const size = shape.reduce((a, b) => a * b, 1);
		const outShape = shape.map((s, i) => s * reps[i]!);
		const outSize = outShape.reduce((a, b) => a * b, 1);
		const src = Float32Array.from({ length: 2 + size }, (_, i) => i * 1.5);
		const want: number[] = [];
		for (let flat = 0; flat < outSize; flat++) {
			let rest = flat;
			let s = 0;
			let stride = 1;
			const idx: number[] = [];
			for (let d = outShape.length - 1; d >= 0; d--) {
				idx[d] = rest % outShape[d]!;
				rest = Math.floor(rest / outShape[d]!);
			}
			for (let d = shape.length - 1; d >= 0; d--) {
				s += (idx[d]! % shape[d]!) * stride;
				stride *= shape[d]!;
			}
			want.push(src[2 + s]!);
		}
		const dst = new Float32Array(outSize);
		tileInto(src, 2, shape, reps, dst, 0);
		expect(Array.from(dst)).toEqual(want);
		// In one shared buffer (the heap case).
		const heap = new Float32Array(2 + size + outSize);
		heap.set(src);
		tileInto(heap, 2, shape, reps, heap, 2 + size);
		expect(Array.from(heap.subarray(2 + size))).toEqual(want);
	});
});

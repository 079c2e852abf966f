/**
 * Training kernels for the tfjs WASM backend (4.22), built on im2col/col2im plus the backend's
 * own BatchMatMul (XNNPACK). The stock backend has no Conv2DBackpropFilter at all, and its
 * Conv2DBackpropInput (also the forward pass of conv2dTranspose) is a slow direct loop.
 *
 * With K = kH·kW·inC, M = N·outH·outW and cols = im2col(x) ∈ R^{M×K} (see conv-layout.ts):
 *   dW[K, outC] = colsᵀ · dy            (or (dyᵀ · cols)ᵀ when outC > K, see below)
 *   dx          = col2im(dy · Wᵀ),      Wᵀ ∈ R^{outC×K}
 * Measured facts that shape the code: only the untransposed BatchMatMul takes the XNNPACK path
 * (transposeA/B run a naive loop ~15× slower), so transposes are explicit JS copies; and XNNPACK
 * repacks the right-hand operand on every call, so the smaller matrix goes on the right.
 * BatchMatMul itself is wrapped the same way (dense-layer gradients use the transposed forms),
 * and Tile is replaced by block copies (batch-norm gradients tile per-channel vectors).
 * Large batches are split so one im2col buffer stays under MAX_COLS_FLOATS.
 *
 * Stride-1 convs (every layer of the denoisers and stylizer bodies) take faster routes, because
 * the JS im2col/col2im loops cost several times the products themselves:
 *   dx = conv2d(dy, W flipped in space with in/out swapped), padded by k − 1 − pad: the
 *        backend's own XNNPACK convolution, no col2im;
 *   dW = colsᵀ · dy over the padded grid, where every row of colsᵀ is one channel plane of the
 *        padded input shifted by its tap (see paddedGrid): built by native block copies.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';
import {
	col2imAdd,
	colsPerRow,
	im2col,
	padChannelPlanes,
	paddedGrid,
	spreadRowsOnGrid,
	tileInto,
	transpose2d,
	type ConvGeometry
} from './conv-layout';

/** Upper bound on one im2col buffer (16 Mi floats = 64 MiB); larger batches run in chunks. */
export const MAX_COLS_FLOATS = 16 * 1024 * 1024;

/** 'auto' takes the stride-1 routes where they apply; 'im2col' never (benchmark reference, tests). */
export type ConvGradRoute = 'auto' | 'im2col';

type Shape4 = [number, number, number, number];

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use (kept structural on purpose). */
interface WasmBackendLike {
	wasm: { HEAPU8: Uint8Array };
	dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
	makeOutput(shape: number[], dtype: 'float32' | 'int32'): tf.TensorInfo;
	disposeData(dataId: object, force?: boolean): boolean;
}

function asWasm(backend: object): WasmBackendLike {
	const b = backend as Partial<WasmBackendLike>;
	if (!b.wasm?.HEAPU8 || !b.dataIdMap || !b.makeOutput) {
		throw new Error('wasm conv kernels: the backend handed in is not the tfjs WASM backend');
	}
	return b as WasmBackendLike;
}

/** A Float32Array over the whole heap; re-take it after any allocation (the heap may grow). */
function heapF32(b: WasmBackendLike): Float32Array {
	const u8 = b.wasm.HEAPU8;
	return new Float32Array(u8.buffer, u8.byteOffset, u8.byteLength >>> 2);
}

/** Element offset of a tensor in heapF32. */
function offsetOf(b: WasmBackendLike, t: tf.TensorInfo): number {
	const data = b.dataIdMap.get(t.dataId);
	if (!data) throw new Error('wasm conv kernels: tensor is not on the WASM backend');
	return data.memoryOffset >>> 2;
}

function checkInputs(kernel: string, dataFormat: string, ...ts: tf.TensorInfo[]): void {
	if (dataFormat !== 'NHWC') {
		throw new Error(`${kernel} (wasm, im2col): only NHWC is supported, got ${dataFormat}`);
	}
	for (const t of ts) {
		if (t.dtype !== 'float32')
			throw new Error(`${kernel} (wasm, im2col): float32 only, got ${t.dtype}`);
		if (t.shape.length !== 4)
			throw new Error(`${kernel}: expected rank 4, got [${t.shape.join(', ')}]`);
	}
}

function geometryOf(info: tf.backend_util.Conv2DInfo): ConvGeometry {
	if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
		throw new Error('wasm conv gradient kernels support dilation 1 only');
	}
	return {
		inH: info.inHeight,
		inW: info.inWidth,
		inC: info.inChannels,
		outH: info.outHeight,
		outW: info.outWidth,
		kH: info.filterHeight,
		kW: info.filterWidth,
		strideH: info.strideHeight,
		strideW: info.strideWidth,
		padTop: info.padInfo.top,
		padLeft: info.padInfo.left
	};
}

/** Built-in kernels that our replacements fall back to, captured when they are replaced. */
const builtins = new Map<string, tf.KernelFunc>();

function builtinKernel(name: string): tf.KernelFunc {
	const kernel = builtins.get(name) ?? tf.getKernel(name, 'wasm')?.kernelFunc;
	if (!kernel) throw new Error(`wasm ${name} kernel is not registered`);
	return kernel;
}

function rawMatMulKernel(): tf.KernelFunc {
	return builtinKernel('BatchMatMul');
}

/** Runs the backend's own (fast, untransposed) BatchMatMul: [1, m, k] · [1, k, n] → [1, m, n]. */
function matMul(b: WasmBackendLike, a: tf.TensorInfo, bMat: tf.TensorInfo): tf.TensorInfo {
	const out = rawMatMulKernel()({
		inputs: { a, b: bMat },
		backend: b,
		attrs: { transposeA: false, transposeB: false }
	});
	return out as tf.TensorInfo;
}

/** A new heap tensor holding `t` with its last two axes swapped (each batch matrix transposed). */
function transposedCopy(b: WasmBackendLike, t: tf.TensorInfo): tf.TensorInfo {
	const rank = t.shape.length;
	const rows = t.shape[rank - 2] as number;
	const cols = t.shape[rank - 1] as number;
	const shape = [...t.shape.slice(0, -2), cols, rows];
	const out = b.makeOutput(shape, 'float32');
	const heap = heapF32(b);
	const src = offsetOf(b, t);
	const dst = offsetOf(b, out);
	const batches = tf.util.sizeFromShape(t.shape) / Math.max(1, rows * cols);
	for (let i = 0; i < batches; i++) {
		transpose2d(heap, src + i * rows * cols, rows, cols, heap, dst + i * rows * cols);
	}
	return out;
}

/**
 * BatchMatMul with transposeA/transposeB done as an explicit copy first: the wasm kernel's
 * transposed paths skip XNNPACK and run ~15× slower than transposing plus the plain product.
 * (Dense layers hit them in every backward pass: dx = dy·Wᵀ, dW = xᵀ·dy.)
 */
export function batchMatMulWasm(args: {
	inputs: tf.NamedTensorInfoMap;
	backend: object;
	attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
	const raw = rawMatMulKernel();
	const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
	const { a, b: bMat } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
	if (!attrs.transposeA && !attrs.transposeB) return raw(args) as tf.TensorInfo;
	const backend = asWasm(args.backend);
	if (a.dtype !== 'float32' || bMat.dtype !== 'float32') return raw(args) as tf.TensorInfo;
	const a2 = attrs.transposeA ? transposedCopy(backend, a) : a;
	const b2 = attrs.transposeB ? transposedCopy(backend, bMat) : bMat;
	try {
		return raw({
			inputs: { a: a2, b: b2 },
			backend,
			attrs: { ...args.attrs, transposeA: false, transposeB: false }
		}) as tf.TensorInfo;
	} finally {
		if (a2 !== a) backend.disposeData(a2.dataId);
		if (b2 !== bMat) backend.disposeData(b2.dataId);
	}
}

/** Images per chunk so that an [images·positions, width] buffer stays under `limit` floats. */
function imagesPerChunk(batch: number, positions: number, width: number, limit: number): number {
	return Math.max(1, Math.min(batch, Math.floor(limit / Math.max(1, positions * width))));
}

/** Adds a chunk's product into `acc` and frees it (a split batch sums its chunks' dW). */
function addAndFree(b: WasmBackendLike, acc: Float32Array, product: tf.TensorInfo): void {
	const heap = heapF32(b);
	const p = offsetOf(b, product);
	for (let t = 0; t < acc.length; t++) acc[t] = (acc[t] as number) + (heap[p + t] as number);
	b.disposeData(product.dataId);
}

/** Conv2DBackpropFilter: dW = colsᵀ · dy, inputs { x, dy }, NHWC, dilation 1. */
export function conv2dBackpropFilterWasm(
	args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap },
	maxColsFloats = MAX_COLS_FLOATS,
	route: ConvGradRoute = 'auto'
): tf.TensorInfo {
	const b = asWasm(args.backend);
	const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
	const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
	checkInputs('Conv2DBackpropFilter', attrs.dataFormat, x, dy);
	const info = tf.backend_util.computeConv2DInfo(
		x.shape as Shape4,
		attrs.filterShape,
		attrs.strides,
		1,
		attrs.pad,
		attrs.dimRoundingMode,
		false,
		'channelsLast'
	);
	const g = geometryOf(info);
	const batch = info.batchSize;
	const k = colsPerRow(g);
	const outC = info.outChannels;
	if (route === 'auto' && g.strideH === 1 && g.strideW === 1 && outC <= k) {
		return backpropFilterOnGrid(b, x, dy, info, attrs.filterShape, maxColsFloats);
	}
	const positions = g.outH * g.outW;
	const chunk = imagesPerChunk(batch, positions, Math.max(k, outC), maxColsFloats);
	// XNNPACK repacks its right-hand operand on every call (slow: ~10 ns a float here), so the
	// smaller of dy [M, outC] and cols [M, K] goes on the right:
	//   outC ≤ K:  dW  = colsᵀ · dy   → [K, outC], already the filter layout
	//   outC > K:  dWᵀ = dyᵀ · cols   → [outC, K], transposed at the end (small)
	const colsOnLeft = outC <= k;
	// Sum over chunks when the batch is split, in the product's layout.
	const acc = chunk < batch ? new Float32Array(outC * k) : undefined;
	let product: tf.TensorInfo | undefined;
	for (let n0 = 0; n0 < batch; n0 += chunk) {
		const nb = Math.min(chunk, batch - n0);
		const m = nb * positions;
		const cols = b.makeOutput([1, m, k], 'float32');
		let heap = heapF32(b);
		im2col(heap, offsetOf(b, x) + n0 * g.inH * g.inW * g.inC, heap, offsetOf(b, cols), g, nb);
		if (colsOnLeft) {
			const colsT = b.makeOutput([1, k, m], 'float32');
			heap = heapF32(b);
			transpose2d(heap, offsetOf(b, cols), m, k, heap, offsetOf(b, colsT));
			b.disposeData(cols.dataId);
			const dyPart = rowBlock(b, dy, n0 * positions, m, outC, nb === batch);
			product = matMul(b, colsT, dyPart);
			b.disposeData(colsT.dataId);
			if (dyPart.dataId !== dy.dataId) b.disposeData(dyPart.dataId);
		} else {
			const dyT = b.makeOutput([1, outC, m], 'float32');
			heap = heapF32(b);
			transpose2d(heap, offsetOf(b, dy) + n0 * positions * outC, m, outC, heap, offsetOf(b, dyT));
			product = matMul(b, dyT, cols);
			b.disposeData(cols.dataId);
			b.disposeData(dyT.dataId);
		}
		if (acc) {
			addAndFree(b, acc, product);
			product = undefined;
		}
	}
	if (colsOnLeft && product) {
		// Same memory layout as [kH, kW, inC, outC]: hand the product over as the result.
		product.shape = attrs.filterShape.slice();
		return product;
	}
	const out = b.makeOutput(attrs.filterShape.slice(), 'float32');
	const heap = heapF32(b);
	const dst = offsetOf(b, out);
	if (acc && colsOnLeft) {
		heap.set(acc, dst);
	} else if (acc) {
		transpose2d(acc, 0, outC, k, heap, dst);
	} else if (product) {
		transpose2d(heap, offsetOf(b, product), outC, k, heap, dst);
		b.disposeData(product.dataId);
	}
	return out;
}

/**
 * Stride-1 dW = colsᵀ · dy with colsᵀ built from shifted channel planes of the padded input
 * (one native copy per row) and dy spread onto the same grid, zero where no output lives; the
 * grid's extra cells thus add nothing. Used when outC ≤ K, so dy stays the right operand.
 */
function backpropFilterOnGrid(
	b: WasmBackendLike,
	x: tf.TensorInfo,
	dy: tf.TensorInfo,
	info: tf.backend_util.Conv2DInfo,
	filterShape: number[],
	maxColsFloats: number
): tf.TensorInfo {
	const g = geometryOf(info);
	const grid = paddedGrid(g, info.padInfo.bottom, info.padInfo.right);
	const cells = grid.gridH * grid.gridW;
	const batch = info.batchSize;
	const k = colsPerRow(g);
	const outC = info.outChannels;
	const imageLen = g.inH * g.inW * g.inC;
	const dyImageLen = g.outH * g.outW * outC;
	const chunk = imagesPerChunk(batch, cells, k + g.inC + outC, maxColsFloats);
	const acc = chunk < batch ? new Float32Array(k * outC) : undefined;
	let product: tf.TensorInfo | undefined;
	for (let n0 = 0; n0 < batch; n0 += chunk) {
		const nb = Math.min(chunk, batch - n0);
		const m = nb * cells;
		const planeLen = m + grid.tail;
		const planes = b.makeOutput([g.inC * planeLen], 'float32');
		const colsT = b.makeOutput([1, k, m], 'float32');
		const dyGrid = b.makeOutput([1, m, outC], 'float32');
		const heap = heapF32(b);
		const p = offsetOf(b, planes);
		const c0 = offsetOf(b, colsT);
		padChannelPlanes(heap, offsetOf(b, x) + n0 * imageLen, g, grid, nb, heap, p, planeLen);
		for (let i = 0; i < g.kH; i++) {
			for (let j = 0; j < g.kW; j++) {
				for (let c = 0; c < g.inC; c++) {
					const src = p + c * planeLen + i * grid.gridW + j;
					heap.copyWithin(c0 + ((i * g.kW + j) * g.inC + c) * m, src, src + m);
				}
			}
		}
		b.disposeData(planes.dataId);
		const dyOff = offsetOf(b, dy) + n0 * dyImageLen;
		spreadRowsOnGrid(heap, dyOff, g.outH, g.outW, outC, grid, nb, heap, offsetOf(b, dyGrid));
		product = matMul(b, colsT, dyGrid);
		b.disposeData(colsT.dataId);
		b.disposeData(dyGrid.dataId);
		if (acc) {
			addAndFree(b, acc, product);
			product = undefined;
		}
	}
	if (product) {
		product.shape = filterShape.slice();
		return product;
	}
	const out = b.makeOutput(filterShape.slice(), 'float32');
	heapF32(b).set(acc!, offsetOf(b, out));
	return out;
}

/**
 * Stride-1 dx as the backend's forward convolution of dy with the filter turned 180° in space
 * and its channel axes swapped, padded by k − 1 − pad on each side; undefined when a pad exceeds
 * k − 1 (the im2col route handles those).
 */
function backpropInputByConv(
	b: WasmBackendLike,
	dy: tf.TensorInfo,
	filter: tf.TensorInfo,
	info: tf.backend_util.Conv2DInfo
): tf.TensorInfo | undefined {
	const { filterHeight: kH, filterWidth: kW, inChannels: inC, outChannels: outC } = info;
	const { top, bottom, left, right } = info.padInfo;
	const rows: [number, number] = [kH - 1 - top, kH - 1 - bottom];
	const cols: [number, number] = [kW - 1 - left, kW - 1 - right];
	if (Math.min(...rows, ...cols) < 0) return undefined;
	const flipped = b.makeOutput([kH, kW, outC, inC], 'float32');
	const heap = heapF32(b);
	const src = offsetOf(b, filter);
	let d = offsetOf(b, flipped);
	for (let i = 0; i < kH; i++) {
		for (let j = 0; j < kW; j++) {
			const tap = src + ((kH - 1 - i) * kW + (kW - 1 - j)) * inC * outC;
			for (let o = 0; o < outC; o++) {
				for (let c = 0; c < inC; c++) heap[d++] = heap[tap + c * outC + o] as number;
			}
		}
	}
	try {
		return builtinKernel('Conv2D')({
			inputs: { x: dy, filter: flipped },
			backend: b,
			attrs: {
				strides: [1, 1],
				pad: [[0, 0], rows, cols, [0, 0]],
				dataFormat: 'NHWC',
				dilations: [1, 1]
			}
		}) as tf.TensorInfo;
	} finally {
		b.disposeData(flipped.dataId);
	}
}

/**
 * Rows [start, start + rows) of a row-major [*, width] tensor as a [1, rows, width] matrix
 * operand: a view of the tensor itself when `whole` (BatchMatMul takes and drops its own
 * reference), else a copy the caller disposes.
 */
function rowBlock(
	b: WasmBackendLike,
	t: tf.TensorInfo,
	start: number,
	rows: number,
	width: number,
	whole: boolean
): tf.TensorInfo {
	if (whole) return { dataId: t.dataId, shape: [1, rows, width], dtype: 'float32' };
	const part = b.makeOutput([1, rows, width], 'float32');
	const heap = heapF32(b);
	const src = offsetOf(b, t) + start * width;
	heap.copyWithin(offsetOf(b, part), src, src + rows * width);
	return part;
}

/** Conv2DBackpropInput: dx = col2im(dy · Wᵀ), inputs { dy, filter }; also conv2dTranspose. */
export function conv2dBackpropInputWasm(
	args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap },
	maxColsFloats = MAX_COLS_FLOATS,
	route: ConvGradRoute = 'auto'
): tf.TensorInfo {
	const b = asWasm(args.backend);
	const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
	const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
	checkInputs('Conv2DBackpropInput', attrs.dataFormat, dy, filter);
	const info = tf.backend_util.computeConv2DInfo(
		attrs.inputShape,
		filter.shape as Shape4,
		attrs.strides,
		1,
		attrs.pad,
		attrs.dimRoundingMode,
		false,
		'channelsLast'
	);
	const g = geometryOf(info);
	const batch = info.batchSize;
	const k = colsPerRow(g);
	const outC = info.outChannels;
	const positions = g.outH * g.outW;
	if (dy.shape[1] !== g.outH || dy.shape[2] !== g.outW || dy.shape[3] !== outC) {
		throw new Error(
			`Conv2DBackpropInput: dy is [${dy.shape.join(', ')}], expected [${batch}, ${g.outH}, ${g.outW}, ${outC}]`
		);
	}
	if (route === 'auto' && g.strideH === 1 && g.strideW === 1) {
		const dx = backpropInputByConv(b, dy, filter, info);
		if (dx) return dx;
	}
	const imageLen = g.inH * g.inW * g.inC;
	const chunk = imagesPerChunk(batch, positions, k, maxColsFloats);

	const wT = b.makeOutput([1, outC, k], 'float32');
	const dx = b.makeOutput(attrs.inputShape.slice(), 'float32');
	let heap = heapF32(b);
	transpose2d(heap, offsetOf(b, filter), k, outC, heap, offsetOf(b, wT));
	heap.fill(0, offsetOf(b, dx), offsetOf(b, dx) + batch * imageLen);
	for (let n0 = 0; n0 < batch; n0 += chunk) {
		const nb = Math.min(chunk, batch - n0);
		const m = nb * positions;
		const dyPart = rowBlock(b, dy, n0 * positions, m, outC, nb === batch);
		const cols = matMul(b, dyPart, wT);
		if (dyPart.dataId !== dy.dataId) b.disposeData(dyPart.dataId);
		heap = heapF32(b);
		col2imAdd(heap, offsetOf(b, cols), heap, offsetOf(b, dx) + n0 * imageLen, g, nb);
		b.disposeData(cols.dataId);
	}
	b.disposeData(wT.dataId);
	return dx;
}

/**
 * Tile for float32/int32 with native block copies (tileInto). The wasm Tile walks every output
 * element (~100 ns each here) and batch-norm gradients tile per-channel vectors to full
 * activations every step. Other dtypes go to the built-in.
 */
export function tileWasm(args: {
	inputs: tf.NamedTensorInfoMap;
	backend: object;
	attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
	const { x } = args.inputs as { x: tf.TensorInfo };
	const reps = (args.attrs as unknown as { reps: number[] }).reps;
	if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length) {
		return builtinKernel('Tile')(args) as tf.TensorInfo;
	}
	const b = asWasm(args.backend);
	const out = b.makeOutput(
		x.shape.map((s, i) => s * (reps[i] as number)),
		x.dtype
	);
	if (tf.util.sizeFromShape(out.shape) === 0) return out;
	const u8 = b.wasm.HEAPU8;
	const heap =
		x.dtype === 'int32'
			? new Int32Array(u8.buffer, u8.byteOffset, u8.byteLength >>> 2)
			: heapF32(b);
	tileInto(heap, offsetOf(b, x), x.shape, reps, heap, offsetOf(b, out));
	return out;
}

/** The kernel configs this module installs, by name (for tests and for idempotency checks). */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
	{
		kernelName: 'Conv2DBackpropFilter',
		backendName: 'wasm',
		kernelFunc: ((args) => conv2dBackpropFilterWasm(args)) as tf.KernelFunc
	},
	{
		kernelName: 'Conv2DBackpropInput',
		backendName: 'wasm',
		kernelFunc: ((args) => conv2dBackpropInputWasm(args)) as tf.KernelFunc
	},
	{
		kernelName: 'BatchMatMul',
		backendName: 'wasm',
		kernelFunc: batchMatMulWasm as tf.KernelFunc
	},
	{ kernelName: 'Tile', backendName: 'wasm', kernelFunc: tileWasm as tf.KernelFunc }
];

/**
 * Registers for backend 'wasm' the im2col Conv2DBackpropFilter and Conv2DBackpropInput, the
 * explicit-transpose BatchMatMul and a block-copy Tile, replacing built-ins of the same name.
 * Idempotent. Call it after '@tensorflow/tfjs-backend-wasm' has
 * been imported (its module registers the built-ins, which would otherwise overwrite these).
 */
export function registerWasmTrainingKernels(): void {
	if (!tf.getKernel('BatchMatMul', 'wasm')) {
		throw new Error(
			'registerWasmTrainingKernels: import @tensorflow/tfjs-backend-wasm before registering'
		);
	}
	for (const config of WASM_TRAINING_KERNELS) {
		const current = tf.getKernel(config.kernelName, config.backendName);
		if (current?.kernelFunc === config.kernelFunc) continue;
		if (current) tf.unregisterKernel(config.kernelName, config.backendName);
		if (current && (config.kernelName === 'BatchMatMul' || config.kernelName === 'Tile')) {
			builtins.set(config.kernelName, current.kernelFunc);
			// The wrapper calls the built-in, whose setup (binding the wasm export) must still run
			// when the backend initialises after this registration.
			tf.registerKernel({
				...config,
				setupFunc: current.setupFunc,
				disposeFunc: current.disposeFunc
			});
		} else {
			tf.registerKernel(config);
		}
	}
}

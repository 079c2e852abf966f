import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	conv2dBackpropFilterWasm,
	conv2dBackpropInputWasm,
	MAX_COLS_FLOATS,
	registerWasmTrainingKernels,
	WASM_TRAINING_KERNELS
} from './wasm-conv-grads';

type Pad = 'same' | 'valid' | number;

interface ConvCase {
	name: string;
	xShape: [number, number, number, number];
	k: number;
	outC: number;
	stride: 1 | 2;
	pad: Pad;
	transpose?: boolean;
}

/** Deterministic values in [-1, 1] that differ per tensor. */
function values(n: number, salt: number): Float32Array {
	return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + salt * 1.7));
}

/** Gradients of sum(conv(x, w) · r) w.r.t. x and w on the current backend, as plain arrays. */
function convGrads(c: ConvCase): { dx: Float32Array; dw: Float32Array; y: Float32Array } {
	const inC = c.xShape[3];
	const wShape: [number, number, number, number] = c.transpose
		? [c.k, c.k, c.outC, inC]
		: [c.k, c.k, inC, c.outC];
	const x = tf.tensor4d(values(tf.util.sizeFromShape(c.xShape), 1), c.xShape);
	const w = tf.tensor4d(values(tf.util.sizeFromShape([...wShape]), 2), wShape);
	const [n, h, wd] = c.xShape;
	const forward = (xx: tf.Tensor4D, ww: tf.Tensor4D): tf.Tensor4D => {
		if (!c.transpose) return tf.conv2d(xx, ww, c.stride, c.pad);
		const outShape: [number, number, number, number] = [n, h * c.stride, wd * c.stride, c.outC];
		return tf.conv2dTranspose(xx, ww, outShape, c.stride, c.pad as 'same' | 'valid');
	};
	const yT = forward(x, w);
	const r = tf.tensor(values(yT.size, 3), yT.shape);
	const grad = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
		tf.sum(tf.mul(forward(xx as tf.Tensor4D, ww as tf.Tensor4D), r))
	);
	const [dx, dw] = grad([x, w]);
	const out = {
		dx: dx!.dataSync() as Float32Array,
		dw: dw!.dataSync() as Float32Array,
		y: yT.dataSync() as Float32Array
	};
	tf.dispose([x, w, yT, r, dx!, dw!]);
	return out;
}

/** The values of a kernel's output, which is then freed. */
function read(info: tf.TensorInfo): Float32Array {
	const t = tf.engine().makeTensorFromTensorInfo(info);
	const v = t.dataSync() as Float32Array;
	t.dispose();
	return v;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
	expect(a.length).toBe(b.length);
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
	return m;
}

const cases: ConvCase[] = [
	{ name: '3×3 s1 same 1→4', xShape: [2, 6, 6, 1], k: 3, outC: 4, stride: 1, pad: 'same' },
	{ name: '3×3 s2 same 3→8', xShape: [2, 7, 8, 3], k: 3, outC: 8, stride: 2, pad: 'same' },
	{ name: '3×3 s2 valid 4→5', xShape: [3, 9, 9, 4], k: 3, outC: 5, stride: 2, pad: 'valid' },
	{ name: '5×5 s1 valid 2→3', xShape: [2, 8, 7, 2], k: 5, outC: 3, stride: 1, pad: 'valid' },
	{ name: '5×5 s2 same 16→32', xShape: [2, 14, 14, 16], k: 5, outC: 32, stride: 2, pad: 'same' },
	{ name: '3×3 s1 explicit pad 1, 6→7', xShape: [2, 5, 5, 6], k: 3, outC: 7, stride: 1, pad: 1 },
	// Stride 1 runs dx as a flipped-filter convolution and dW on the padded grid; these cover
	// uneven padding (even kernel, 'same') and a pad wider than k − 1 (dx falls back to im2col).
	{
		name: '4×4 s1 same 3→5 (pads 1 and 2)',
		xShape: [3, 7, 6, 3],
		k: 4,
		outC: 5,
		stride: 1,
		pad: 'same'
	},
	{ name: '3×3 s1 explicit pad 3, 4→6', xShape: [2, 5, 6, 4], k: 3, outC: 6, stride: 1, pad: 3 },
	{
		name: '3×3 s1 same 32→32 (denoiser body)',
		xShape: [2, 9, 9, 32],
		k: 3,
		outC: 32,
		stride: 1,
		pad: 'same'
	},
	{
		name: 'transpose 3×3 s2 same 8→4',
		xShape: [2, 4, 4, 8],
		k: 3,
		outC: 4,
		stride: 2,
		pad: 'same',
		transpose: true
	},
	{
		name: 'transpose 5×5 s2 same 32→1',
		xShape: [2, 7, 7, 32],
		k: 5,
		outC: 1,
		stride: 2,
		pad: 'same',
		transpose: true
	},
	{
		name: 'transpose 5×5 s1 same 12→6',
		xShape: [2, 5, 5, 12],
		k: 5,
		outC: 6,
		stride: 1,
		pad: 'same',
		transpose: true
	}
];

/** matMul with every transpose combination (2-D and batched) and a few tiles, as arrays. */
function otherOps(): Float32Array[] {
	const out: Float32Array[] = [];
	const run = (f: () => tf.Tensor) => {
		const t = f();
		out.push(t.dataSync() as Float32Array);
		t.dispose();
	};
	tf.tidy(() => {
		const a = tf.tensor2d(values(5 * 7, 4), [5, 7]);
		const b = tf.tensor2d(values(7 * 3, 5), [7, 3]);
		run(() => tf.matMul(a, b));
		run(() => tf.matMul(tf.transpose(a), b, true, false));
		run(() => tf.matMul(a, tf.transpose(b), false, true));
		run(() => tf.matMul(tf.transpose(a), tf.transpose(b), true, true));
		const a3 = tf.tensor3d(values(2 * 4 * 6, 6), [2, 4, 6]);
		const b3 = tf.tensor3d(values(2 * 5 * 6, 7), [2, 5, 6]);
		run(() => tf.matMul(a3, b3, false, true));
		const c3 = tf.tensor3d(values(2 * 6 * 5, 10), [2, 6, 5]);
		run(() => tf.matMul(tf.transpose(a3, [0, 2, 1]), c3, true, false));
		const v = tf.tensor4d(values(6, 8), [1, 1, 1, 6]);
		run(() => tf.tile(v, [2, 3, 4, 1]));
		run(() => tf.tile(tf.tensor2d(values(6, 9), [2, 3]), [3, 2]));
		run(() => tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), [2, 3]));
	});
	return out;
}

describe('wasm conv training kernels', () => {
	const reference = new Map<string, ReturnType<typeof convGrads>>();
	let otherReference: Float32Array[] = [];

	beforeAll(async () => {
		await tf.setBackend('cpu');
		for (const c of cases) reference.set(c.name, convGrads(c));
		otherReference = otherOps();
		await tf.setBackend('wasm');
		registerWasmTrainingKernels();
	});

	it('installs its kernels for wasm, replacing built-ins', () => {
		for (const ours of WASM_TRAINING_KERNELS) {
			expect(tf.getKernel(ours.kernelName, 'wasm')?.kernelFunc).toBe(ours.kernelFunc);
		}
	});

	it.each(cases.map((c) => [c.name, c] as const))(
		'%s: dx, dw and y match the CPU backend',
		(_, c) => {
			const want = reference.get(c.name)!;
			const before = tf.memory();
			const got = convGrads(c);
			const after = tf.memory();
			expect(maxAbsDiff(got.y, want.y)).toBeLessThan(1e-4);
			expect(maxAbsDiff(got.dx, want.dx)).toBeLessThan(1e-4);
			expect(maxAbsDiff(got.dw, want.dw)).toBeLessThan(1e-4);
			// Neither engine tensors nor backend buffers (kernel intermediates) may leak.
			expect(after.numTensors).toBe(before.numTensors);
			expect(after.numDataBuffers).toBe(before.numDataBuffers);
		}
	);

	it.each([
		// outC ≤ K: colsᵀ·dy; outC > K: dyᵀ·cols; stride 1 with outC ≤ K: the padded grid (whose
		// buffers are larger per image, so the same limit splits it into more, smaller chunks).
		['colsᵀ·dy', [7, 6, 6, 5], [3, 3, 5, 4], 2],
		['dyᵀ·cols', [7, 8, 8, 1], [3, 3, 1, 16], 1],
		['padded grid', [7, 6, 6, 5], [3, 3, 5, 4], 1]
	] as const)(
		'%s: a batch split into chunks gives the unsplit result',
		(_, xShape, wShape, stride) => {
			const x = tf.tensor4d(values(tf.util.sizeFromShape([...xShape]), 1), [...xShape]);
			const w = tf.tensor4d(values(tf.util.sizeFromShape([...wShape]), 2), [...wShape]);
			const y = tf.conv2d(x, w, stride, 'same');
			const dy = tf.tensor4d(values(y.size, 3), y.shape);
			const backend = tf.backend();
			const filterArgs = {
				inputs: { x, dy },
				backend,
				attrs: { strides: stride, pad: 'same', dataFormat: 'NHWC', filterShape: [...wShape] }
			} as const;
			const inputArgs = {
				inputs: { dy, filter: w },
				backend,
				attrs: { strides: stride, pad: 'same', dataFormat: 'NHWC', inputShape: [...xShape] }
			} as const;
			const k = wShape[0] * wShape[1] * wShape[2];
			const positions = y.shape[1] * y.shape[2];
			// Room for three images' im2col buffer: the batch of 7 runs as 3 + 3 + 1 (im2col).
			const limit = 3 * positions * Math.max(k, wShape[3]);
			const buffers = tf.memory().numDataBuffers;
			const dwWhole = read(conv2dBackpropFilterWasm(filterArgs, MAX_COLS_FLOATS));
			const dwSplit = read(conv2dBackpropFilterWasm(filterArgs, limit));
			const dxWhole = read(conv2dBackpropInputWasm(inputArgs, MAX_COLS_FLOATS));
			const dxSplit = read(conv2dBackpropInputWasm(inputArgs, limit));
			expect(tf.memory().numDataBuffers).toBe(buffers);
			expect(maxAbsDiff(dwSplit, dwWhole)).toBeLessThan(1e-4);
			expect(maxAbsDiff(dxSplit, dxWhole)).toBeLessThan(1e-6);
			tf.dispose([x, w, y, dy]);
		}
	);

	it('the stride-1 routes agree with the im2col route on a denoiser-sized layer', () => {
		const x = tf.tensor4d(values(4 * 20 * 20 * 32, 11), [4, 20, 20, 32]);
		const w = tf.tensor4d(values(3 * 3 * 32 * 32, 12), [3, 3, 32, 32]);
		const dy = tf.tensor4d(values(4 * 20 * 20 * 32, 13), [4, 20, 20, 32]);
		const backend = tf.backend();
		const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' } as const;
		const filterArgs = {
			inputs: { x, dy },
			backend,
			attrs: { ...attrs, filterShape: [3, 3, 32, 32] }
		};
		const inputArgs = {
			inputs: { dy, filter: w },
			backend,
			attrs: { ...attrs, inputShape: [4, 20, 20, 32] }
		};
		const buffers = tf.memory().numDataBuffers;
		const dwFast = read(conv2dBackpropFilterWasm(filterArgs, MAX_COLS_FLOATS, 'auto'));
		const dwRef = read(conv2dBackpropFilterWasm(filterArgs, MAX_COLS_FLOATS, 'im2col'));
		const dxFast = read(conv2dBackpropInputWasm(inputArgs, MAX_COLS_FLOATS, 'auto'));
		const dxRef = read(conv2dBackpropInputWasm(inputArgs, MAX_COLS_FLOATS, 'im2col'));
		expect(tf.memory().numDataBuffers).toBe(buffers);
		// dW sums 1,600 products per entry: compare relative to its scale.
		const scale = Math.max(...dwRef.map(Math.abs));
		expect(scale).toBeGreaterThan(1);
		expect(maxAbsDiff(dwFast, dwRef) / scale).toBeLessThan(1e-5);
		expect(maxAbsDiff(dxFast, dxRef)).toBeLessThan(1e-4);
		tf.dispose([x, w, dy]);
	});

	it('BatchMatMul with transposes and Tile match the CPU backend, without leaks', () => {
		const before = tf.memory();
		const got = otherOps();
		expect(tf.memory().numTensors).toBe(before.numTensors);
		expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
		expect(got.length).toBe(otherReference.length);
		got.forEach((g, i) => expect(maxAbsDiff(g, otherReference[i]!)).toBeLessThan(1e-5));
	});

	it('registering twice changes nothing', () => {
		const before = tf.getKernel('Conv2DBackpropInput', 'wasm');
		registerWasmTrainingKernels();
		expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(before);
	});

	it('a small conv autoencoder training step runs on wasm without leaks', () => {
		const model = tfl.sequential({
			layers: [
				tfl.layers.conv2d({
					inputShape: [28, 28, 1],
					filters: 8,
					kernelSize: 3,
					strides: 2,
					padding: 'same',
					activation: 'relu'
				}),
				tfl.layers.conv2dTranspose({
					filters: 1,
					kernelSize: 3,
					strides: 2,
					padding: 'same',
					activation: 'sigmoid'
				})
			]
		});
		const opt = tf.train.adam(1e-2);
		const x = tf.tensor4d(
			values(4 * 28 * 28, 5).map((v) => (v + 1) / 2),
			[4, 28, 28, 1]
		);
		const lossOf = () => tf.tidy(() => tf.losses.meanSquaredError(x, model.apply(x) as tf.Tensor));
		const first = lossOf();
		const before = tf.memory().numTensors;
		for (let i = 0; i < 5; i++) {
			const cost = opt.minimize(() => lossOf() as tf.Scalar, true);
			cost?.dispose();
		}
		// Adam's moments are created on the first step; after that each step must be leak-free.
		const afterWarm = tf.memory().numTensors;
		const cost = opt.minimize(() => lossOf() as tf.Scalar, true);
		cost?.dispose();
		expect(tf.memory().numTensors).toBe(afterWarm);
		expect(afterWarm).toBeGreaterThanOrEqual(before);
		const last = lossOf();
		expect(last.dataSync()[0]).toBeLessThan(first.dataSync()[0]!);
		tf.dispose([first, last, x]);
		opt.dispose();
		model.dispose();
	});
});

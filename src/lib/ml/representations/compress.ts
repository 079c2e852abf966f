/**
 * Lossy compression with an autoencoder: the image is stored as its code z = E(x), each of the d
 * coordinates uniformly quantised to `bits` bits over a per-coordinate range [lo, hi] fixed from a
 * calibration set (shared by encoder and decoder, like a codec's tables, so not stored per image):
 *   q = round((clamp(z, lo, hi) − lo) / Δ),  Δ = (hi − lo) / (2^bits − 1),  ẑ = lo + q·Δ
 * so |z − ẑ| ≤ Δ / 2 inside the range, and the image costs ⌈d·bits / 8⌉ bytes. The decoder gives
 * x̂ = D(ẑ). Compared with JPEG/WebP at (about) the same number of bytes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { encoderInput } from './fewshot';

/** Per-coordinate quantisation range and bit depth. */
export interface CodeRange {
	dims: number;
	bits: number;
	lo: Float32Array;
	hi: Float32Array;
}

/**
 * The range of every code coordinate over a calibration set (n×dims codes), trimmed to the
 * [tail, 1 − tail] quantiles so a few outliers do not waste levels on empty space.
 */
export function fitCodeRange(
	codes: Float32Array,
	dims: number,
	opts: { bits?: number; tail?: number } = {}
): CodeRange {
	const bits = opts.bits ?? 8;
	if (!(Number.isInteger(bits) && bits >= 1 && bits <= 16)) {
		throw new RangeError(`bits must be an integer in 1..16, got ${bits}`);
	}
	const n = codes.length / dims;
	if (!Number.isInteger(n) || n < 1)
		throw new RangeError(`${codes.length} values, rows of ${dims}`);
	const tail = opts.tail ?? 0.001;
	const lo = new Float32Array(dims);
	const hi = new Float32Array(dims);
	const column = new Float32Array(n);
	for (let j = 0; j < dims; j++) {
		for (let i = 0; i < n; i++) column[i] = codes[i * dims + j] ?? 0;
		column.sort();
		const a = column[Math.floor(tail * (n - 1))] ?? 0;
		const b = column[Math.ceil((1 - tail) * (n - 1))] ?? 0;
		lo[j] = a;
		// A constant coordinate still needs a non-empty range.
		hi[j] = b > a ? b : a + 1e-6;
	}
	return { dims, bits, lo, hi };
}

/** Δ of coordinate j: the quantisation step; the round-trip error inside the range is ≤ Δ / 2. */
export function quantStep(range: CodeRange, j: number): number {
	return ((range.hi[j] ?? 0) - (range.lo[j] ?? 0)) / (2 ** range.bits - 1);
}

/** Quantises n×dims codes to integers in 0..2^bits − 1 (clamped to the range). */
export function quantizeCodes(codes: Float32Array, range: CodeRange): Uint16Array {
	const { dims } = range;
	const levels = 2 ** range.bits - 1;
	const out = new Uint16Array(codes.length);
	for (let i = 0; i < codes.length; i++) {
		const j = i % dims;
		const lo = range.lo[j] ?? 0;
		const hi = range.hi[j] ?? 1;
		const z = Math.min(hi, Math.max(lo, codes[i] ?? 0));
		out[i] = Math.round(((z - lo) / (hi - lo)) * levels);
	}
	return out;
}

/** ẑ = lo + q·Δ. */
export function dequantizeCodes(q: Uint16Array, range: CodeRange): Float32Array {
	const out = new Float32Array(q.length);
	for (let i = 0; i < q.length; i++) {
		const j = i % range.dims;
		out[i] = (range.lo[j] ?? 0) + (q[i] ?? 0) * quantStep(range, j);
	}
	return out;
}

/** Bytes one image's code takes when the quantised coordinates are packed bit by bit. */
export function codeBytes(dims: number, bits: number): number {
	return Math.ceil((dims * bits) / 8);
}

/** Packs quantised values of `bits` bits each into bytes (most significant bit first). */
export function packBits(q: Uint16Array, bits: number): Uint8Array {
	const out = new Uint8Array(Math.ceil((q.length * bits) / 8));
	let bit = 0;
	for (const v of q) {
		for (let b = bits - 1; b >= 0; b--, bit++) {
			if ((v >> b) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
		}
	}
	return out;
}

/** Inverse of packBits for `count` values. */
export function unpackBits(bytes: Uint8Array, bits: number, count: number): Uint16Array {
	const out = new Uint16Array(count);
	let bit = 0;
	for (let i = 0; i < count; i++) {
		let v = 0;
		for (let b = 0; b < bits; b++, bit++)
			v = (v << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
		out[i] = v;
	}
	return out;
}

export interface AeCompressed {
	/** The packed codes, `bytesPerImage` per image. */
	packed: Uint8Array;
	bytesPerImage: number;
	/** Decoded images, n × 784 in [0, 1]. */
	reconstruction: Float32Array;
}

/**
 * Compresses n images (flat n×784 in [0, 1]) with encoder → quantiser → bit packing, then decodes
 * them from the packed bytes alone (with the shared range), exactly as a receiver would.
 */
export function compressWithAutoencoder(opts: {
	encoder: LayersModel;
	decoder: LayersModel;
	images: Float32Array;
	range: CodeRange;
}): AeCompressed {
	const { encoder, decoder, images, range } = opts;
	const n = images.length / 784;
	const z = tf.tidy(
		() => encoder.predict(encoderInput(encoder, tf.tensor2d(images, [n, 784]))) as tf.Tensor2D
	);
	const codes = z.dataSync() as Float32Array;
	z.dispose();
	if (codes.length !== n * range.dims) {
		throw new RangeError(`encoder gives ${codes.length / n} dims, range has ${range.dims}`);
	}
	const packed = packBits(quantizeCodes(codes, range), range.bits);
	const zHat = dequantizeCodes(unpackBits(packed, range.bits, n * range.dims), range);
	const y = tf.tidy(() => {
		const out = decoder.predict(tf.tensor2d(zHat, [n, range.dims])) as tf.Tensor;
		return tf.clipByValue(tf.reshape(out, [n, 784]), 0, 1);
	});
	const reconstruction = Float32Array.from(y.dataSync());
	y.dispose();
	return { packed, bytesPerImage: codeBytes(range.dims, range.bits), reconstruction };
}

/**
 * The quality (0..1, a codec's knob) whose output size comes closest to `targetBytes` without
 * exceeding it, by bisection over `steps` rounds (sizes grow with quality); when even the lowest
 * quality is larger, that lowest quality. `sizeAt` encodes and returns the byte count.
 */
export async function matchQualityToBytes(
	sizeAt: (quality: number) => Promise<number>,
	targetBytes: number,
	opts: { min?: number; max?: number; steps?: number } = {}
): Promise<{ quality: number; bytes: number }> {
	let lo = opts.min ?? 0;
	let hi = opts.max ?? 1;
	const loBytes = await sizeAt(lo);
	if (loBytes >= targetBytes) return { quality: lo, bytes: loBytes };
	let best = { quality: lo, bytes: loBytes };
	const hiBytes = await sizeAt(hi);
	if (hiBytes <= targetBytes) return { quality: hi, bytes: hiBytes };
	for (let i = 0; i < (opts.steps ?? 8); i++) {
		const mid = (lo + hi) / 2;
		const bytes = await sizeAt(mid);
		if (bytes <= targetBytes) {
			lo = mid;
			if (bytes >= best.bytes) best = { quality: mid, bytes };
		} else hi = mid;
	}
	return best;
}

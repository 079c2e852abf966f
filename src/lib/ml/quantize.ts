/**
 * float32 ↔ IEEE 754 binary16 conversion and float16 weight artifacts in the tfjs format (plus the in-memory save they start from):
 * weight specs keep `dtype: 'float32'` and gain `quantization: { dtype: 'float16' }`, so
 * `tf.loadLayersModel` dequantises them on load. Halves the download of pretrained weights.
 */
import * as tf from '@tensorflow/tfjs-core';

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Rounds one float32 to the nearest binary16 (ties to even); returns its 16 bits. */
export function float32ToFloat16Bits(value: number): number {
	F32[0] = value;
	const x = U32[0] ?? 0;
	const sign = (x >>> 16) & 0x8000;
	const exp = (x >>> 23) & 0xff;
	const mant = x & 0x7fffff;
	if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0); // Inf / NaN
	// Unbiased exponent e; half bias is 15, single bias 127.
	const e = exp - 127;
	if (e > 15) return sign | 0x7c00; // overflow → ±Inf
	if (e >= -14) {
		// Normal half: keep 10 mantissa bits, round the 13 dropped ones to nearest even.
		let h = ((e + 15) << 10) | (mant >>> 13);
		const rest = mant & 0x1fff;
		if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // may carry into Inf: correct
		return sign | h;
	}
	if (e < -25) return sign; // below half the smallest subnormal → ±0
	// Subnormal half: value = m · 2^-24 with m = (1.mant) · 2^(e + 24).
	const full = mant | 0x800000; // 24-bit significand
	const shift = -e - 1; // 14..24: bits to drop so that the result counts units of 2^-24
	let m = full >>> shift;
	const rest = full & ((1 << shift) - 1);
	const half = 1 << (shift - 1);
	if (rest > half || (rest === half && (m & 1) === 1)) m++;
	return sign | m;
}

/** The float32 value of 16 binary16 bits (exact: every half is a float32). */
export function float16BitsToFloat32(bits: number): number {
	const sign = bits & 0x8000 ? -1 : 1;
	const exp = (bits >>> 10) & 0x1f;
	const mant = bits & 0x3ff;
	if (exp === 0) return sign * mant * 2 ** -24;
	if (exp === 0x1f) return mant ? NaN : sign * Infinity;
	return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Converts a float32 array to binary16 bits (round to nearest even). */
export function float32ToFloat16(values: Float32Array): Uint16Array {
	const out = new Uint16Array(values.length);
	for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i] ?? 0);
	return out;
}

/** Converts binary16 bits back to float32. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
	const out = new Float32Array(bits.length);
	for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i] ?? 0);
	return out;
}

/** Concatenates tfjs weight data (one buffer or several) into one ArrayBuffer. */
function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
	const parts = Array.isArray(data) ? data : [data];
	const total = parts.reduce((n, p) => n + p.byteLength, 0);
	const out = new Uint8Array(total);
	let off = 0;
	for (const p of parts) {
		out.set(new Uint8Array(p), off);
		off += p.byteLength;
	}
	return out.buffer;
}

/**
 * Rewrites saved artifacts so every float32 weight is stored as float16 (other dtypes and weights
 * already quantised pass through untouched). Returns new specs and one weight buffer.
 */
export function quantizeArtifactsFloat16(artifacts: tf.io.ModelArtifacts): {
	weightSpecs: tf.io.WeightsManifestEntry[];
	weightData: ArrayBuffer;
} {
	const specs = artifacts.weightSpecs ?? [];
	if (!artifacts.weightData) return { weightSpecs: [], weightData: new ArrayBuffer(0) };
	const src = joinWeightData(artifacts.weightData);
	const chunks: Uint8Array[] = [];
	const weightSpecs: tf.io.WeightsManifestEntry[] = [];
	let off = 0;
	for (const spec of specs) {
		const n = spec.shape.reduce((a, b) => a * b, 1);
		if (spec.quantization || spec.dtype !== 'float32') {
			// Only the plain float32 → float16 path is needed for our models; refuse the rest loudly.
			throw new Error(
				`weight ${spec.name}: cannot quantise dtype ${spec.dtype}${spec.quantization ? ' (already quantised)' : ''}`
			);
		}
		const f32 = new Float32Array(src.slice(off, off + n * 4));
		off += n * 4;
		chunks.push(new Uint8Array(float32ToFloat16(f32).buffer));
		weightSpecs.push({ ...spec, dtype: 'float32', quantization: { dtype: 'float16' } });
	}
	if (off !== src.byteLength) {
		throw new Error(`weight data has ${src.byteLength} bytes but the specs describe ${off}`);
	}
	return { weightSpecs, weightData: joinWeightData(chunks.map((c) => c.buffer as ArrayBuffer)) };
}

/** Number of weight values the specs describe (the model's parameter count, trainable or not). */
export function countParams(specs: readonly tf.io.WeightsManifestEntry[]): number {
	return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** A model as published: model.json pointing at one float16 shard. */
export interface Float16ModelFiles {
	modelJson: tf.io.ModelJSON;
	shardName: string;
	/** The float16 weights. */
	shard: Uint8Array;
	params: number;
}

/** model.json + one float16 shard for saved artifacts (the layout every published weight uses). */
export function float16ModelFiles(
	artifacts: tf.io.ModelArtifacts,
	shardName: string
): Float16ModelFiles {
	const { weightSpecs, weightData } = quantizeArtifactsFloat16(artifacts);
	const modelJson: tf.io.ModelJSON = {
		modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
		format: 'layers-model',
		generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
		convertedBy: 'latent-lab scripts (float16)',
		weightsManifest: [{ paths: [shardName], weights: weightSpecs }]
	};
	return {
		modelJson,
		shardName,
		shard: new Uint8Array(weightData),
		params: countParams(weightSpecs)
	};
}

/** Serialises a layers model to artifacts in memory (topology + float32 weights). */
export async function modelArtifacts(model: {
	save(handler: tf.io.IOHandler): Promise<tf.io.SaveResult>;
}): Promise<tf.io.ModelArtifacts> {
	let saved: tf.io.ModelArtifacts | undefined;
	await model.save(
		tf.io.withSaveHandler(async (a) => {
			saved = a;
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	if (!saved) throw new Error('model.save produced no artifacts');
	return saved;
}

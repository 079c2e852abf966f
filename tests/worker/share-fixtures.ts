/** Builders for share zips used by the worker tests: a tiny Dense model, a real PNG, a zip. */
import { zipSync, zlibSync, type Zippable } from 'fflate';
import { crc32 } from '../../src/lib/share/crc32';

const enc = new TextEncoder();

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	out.set(enc.encode(type), 4);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}

/** A PNG file of the given IHDR fields and already-compressed image data (valid CRCs). */
export function pngFile(ihdr: Uint8Array, idat: Uint8Array): Uint8Array {
	const parts = [
		new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', idat),
		chunk('IEND', new Uint8Array(0))
	];
	const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

/** A valid 8-bit RGB PNG of `width`×`height` with a gradient. */
export function makePng(width = 8, height = 8): Uint8Array {
	const ihdr = new Uint8Array(13);
	const v = new DataView(ihdr.buffer);
	v.setUint32(0, width);
	v.setUint32(4, height);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const raw = new Uint8Array(height * (1 + width * 3));
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width * 3; x++) raw[y * (1 + width * 3) + 1 + x] = (x * 7 + y * 13) & 0xff;
	}
	return pngFile(ihdr, zlibSync(raw));
}

/** model.json of a Sequential 4 → Dense(3, relu) model, weights in `weights.bin`. */
export function makeModelJson(): Record<string, unknown> {
	return {
		format: 'layers-model',
		generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
		convertedBy: null,
		modelTopology: {
			class_name: 'Sequential',
			config: {
				name: 'sequential_1',
				layers: [
					{
						class_name: 'Dense',
						config: {
							units: 3,
							activation: 'relu',
							use_bias: true,
							kernel_initializer: {
								class_name: 'VarianceScaling',
								config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null }
							},
							bias_initializer: { class_name: 'Zeros', config: {} },
							kernel_regularizer: null,
							name: 'dense_Dense1',
							trainable: true,
							batch_input_shape: [null, 4],
							dtype: 'float32'
						}
					}
				]
			},
			keras_version: 'tfjs-layers 4.22.0',
			backend: 'tensor_flow.js'
		},
		weightsManifest: [
			{
				paths: ['weights.bin'],
				weights: [
					{ name: 'dense_Dense1/kernel', shape: [4, 3], dtype: 'float32' },
					{ name: 'dense_Dense1/bias', shape: [3], dtype: 'float32' }
				]
			}
		]
	};
}

/** Weight bytes for makeModelJson: 15 float32 values derived from `seed`. */
export function makeWeights(seed = 1): Uint8Array {
	const f = new Float32Array(15);
	for (let i = 0; i < f.length; i++) f[i] = Math.sin(seed * 31 + i) * 0.5;
	return new Uint8Array(f.buffer);
}

/** A valid meta.json object. */
export function makeMeta(name = 'Tiny dense'): Record<string, unknown> {
	return {
		name,
		kind: 'autoencoder',
		dataset: 'fashion-mnist',
		metrics: { mse: 0.0123, psnr: 19.5 },
		createdAt: '2026-11-23T18:00:00.000Z',
		params: 15,
		training: { steps: 100, seconds: 4.2, seed: 7, backend: 'wasm' }
	};
}

export interface ShareParts {
	modelJson?: unknown;
	meta?: unknown;
	weights?: Uint8Array;
	thumbnail?: Uint8Array;
	/** Raw entries added (or replacing) after the standard ones; `null` removes one. */
	files?: Record<string, Uint8Array | string | null>;
}

/** The entries of a share zip, before zipping. */
export function shareFiles(parts: ShareParts = {}): Record<string, Uint8Array> {
	const files: Record<string, Uint8Array> = {
		'model.json': enc.encode(JSON.stringify(parts.modelJson ?? makeModelJson())),
		'weights.bin': parts.weights ?? makeWeights(),
		'meta.json': enc.encode(JSON.stringify(parts.meta ?? makeMeta())),
		'thumbnail.png': parts.thumbnail ?? makePng()
	};
	for (const [k, v] of Object.entries(parts.files ?? {})) {
		if (v === null) delete files[k];
		else files[k] = typeof v === 'string' ? enc.encode(v) : v;
	}
	return files;
}

/** A share zip (deflate level 6, fixed timestamps so equal inputs give equal bytes). */
export function makeShareZip(parts: ShareParts = {}): Uint8Array {
	const files: Zippable = {};
	for (const [k, v] of Object.entries(shareFiles(parts)))
		files[k] = [v, { mtime: new Date('2026-01-01T00:00:00Z') }];
	return zipSync(files, { level: 6 });
}

/** model.json of one role of a multi-model family, its weights in `weights.bin` beside it. */
function roleModelJson(
	units: number,
	inputs: number,
	paths = ['weights.bin']
): Record<string, unknown> {
	const m = makeModelJson() as {
		modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
		weightsManifest: {
			paths: string[];
			weights: { name: string; shape: number[]; dtype: string }[];
		}[];
	};
	const layer = m.modelTopology.config.layers[0]!.config;
	layer.units = units;
	layer.batch_input_shape = [null, inputs];
	m.weightsManifest = [
		{
			paths,
			weights: [
				{ name: `k${units}`, shape: [inputs, units], dtype: 'float32' },
				{ name: `b${units}`, shape: [units], dtype: 'float32' }
			]
		}
	];
	return m;
}

/**
 * A zip laid out as src/lib/store/export.ts writes it for a two-role family: role folders,
 * a top-level model.json pointing into the primary role's folder, binaries stored (level 0),
 * meta.json with formatVersion, roles, millisecond createdAt, config and per-file hashes.
 */
export async function makeExportStyleZip(opts: { checkpoint?: boolean } = {}): Promise<Uint8Array> {
	const encWeights = new Uint8Array(new Float32Array(4 * 2 + 2).map((_, i) => i / 10).buffer);
	const decWeights = new Uint8Array(new Float32Array(2 * 4 + 4).map((_, i) => -i / 10).buffer);
	const files: Record<string, Uint8Array> = {
		'encoder/model.json': enc.encode(JSON.stringify(roleModelJson(2, 4))),
		'encoder/weights.bin': encWeights,
		'decoder/model.json': enc.encode(JSON.stringify(roleModelJson(4, 2))),
		'decoder/weights.bin': decWeights,
		'model.json': enc.encode(JSON.stringify(roleModelJson(2, 4, ['encoder/weights.bin']))),
		'thumbnail.png': makePng(4, 4)
	};
	if (opts.checkpoint) files['checkpoint/state.json'] = enc.encode('{"step":1}');
	const hashes: Record<string, { bytes: number; sha256: string }> = {};
	for (const [path, bytes] of Object.entries(files)) {
		const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
		hashes[path] = {
			bytes: bytes.length,
			sha256: [...d].map((b) => b.toString(16).padStart(2, '0')).join('')
		};
	}
	const meta = {
		formatVersion: 1,
		name: 'Exported AE',
		kind: 'autoencoder',
		dataset: null,
		config: { latent: 2, layers: [{ units: 4 }, { units: 2 }], lr: 0.001 },
		metrics: { loss: 0.5 },
		createdAt: Date.parse('2026-11-20T10:00:00Z'),
		roles: ['encoder', 'decoder'],
		step: 120,
		files: hashes
	};
	const zippable: Zippable = { 'meta.json': enc.encode(JSON.stringify(meta)) };
	for (const [path, bytes] of Object.entries(files)) {
		zippable[path] = path.endsWith('.json') ? bytes : [bytes, { level: 0 }];
	}
	return zipSync(zippable, { level: 6 });
}

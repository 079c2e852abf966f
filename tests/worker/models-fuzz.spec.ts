/**
 * Fuzzes POST /api/models with 1,050 malformed or mutated uploads from a seeded PRNG. Every answer
 * must be a 4xx JSON error (or a 201 when a mutation happens to leave a valid share, e.g. a flipped
 * byte in a zip field nobody reads), never a 5xx; afterwards D1 and R2 must hold exactly the
 * accepted shares and nothing from refused ones.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/share/sha256';
import worker from '../../workers/api/index';
import {
	makeExportStyleZip,
	makeMeta,
	makeModelJson,
	makePng,
	makeShareZip,
	makeWeights,
	shareFiles
} from './share-fixtures';

const SEED = 0x5eed_2026;
const ROUNDS = 1050;
const fuzzEnv = { ...env, UPLOADS_PER_HOUR: '1000000' };

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
	return { next, int, pick };
}

interface Case {
	kind: string;
	body: Uint8Array;
	contentType?: string;
	/** True when the mutation must be refused; false when acceptance is possible. */
	mustRefuse: boolean;
}

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const enc = new TextEncoder();

/** Offsets of the central-directory headers of a zip without a comment. */
function centralHeaders(zip: Uint8Array): number[] {
	const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const eocd = zip.length - 22;
	const count = v.getUint16(eocd + 10, true);
	const out: number[] = [];
	let p = v.getUint32(eocd + 16, true);
	for (let i = 0; i < count; i++) {
		out.push(p);
		p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
	}
	return out;
}

function nameAt(zip: Uint8Array, cdh: number): string {
	const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	return String.fromCharCode(...zip.subarray(cdh + 46, cdh + 46 + v.getUint16(cdh + 28, true)));
}

/** Sets the uncompressed size of the entry whose central header is at `cdh` (central and local). */
function patchSize(
	zip: Uint8Array,
	cdh: number,
	size: number,
	field: 'size' | 'csize' = 'size'
): void {
	const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const off = field === 'size' ? 24 : 20;
	v.setUint32(cdh + off, size >>> 0, true);
	const local = v.getUint32(cdh + 42, true);
	v.setUint32(local + off - 2, size >>> 0, true);
}

function deepJson(depth: number, open: string, close: string): string {
	return open.repeat(depth) + close.repeat(depth);
}

const BAD_DTYPES = [
	'float64',
	'bool',
	'complex64',
	'string',
	'uint8',
	'',
	'FLOAT32',
	'int64',
	'float',
	null,
	4
];
const BAD_DIMS: unknown[] = [-1, -100, 1.5, 1e20, 2 ** 31, '3', null, true, [], {}, Number.NaN];
const BAD_TYPES = [
	'application/octet-stream',
	'application/x-zip-compressed',
	'text/plain',
	'multipart/form-data; boundary=x',
	'application/json',
	'',
	'application/zipx',
	'zip'
];
const BAD_CLASSES = [
	'Lambda',
	'TFOpLambda',
	'Custom',
	'Attention',
	'Conv3D',
	'__proto__',
	'constructor',
	'dense',
	''
];

function buildCases(exportZip: Uint8Array, liar: Uint8Array): Case[] {
	const r = prng(SEED);
	const base = makeShareZip();
	const cases: Case[] = [];
	const add = (kind: string, body: Uint8Array, mustRefuse = true, contentType?: string) =>
		cases.push({ kind, body, mustRefuse, contentType });

	const generators: (() => void)[] = [
		// Truncated zips: every proper prefix loses the end-of-central-directory record.
		() => {
			const src = r.pick([base, exportZip]);
			add('truncate', src.slice(0, r.int(src.length)));
		},
		// Flipped bytes anywhere: may land in a field nobody checks, so acceptance is allowed.
		() => {
			const z = r.pick([base, exportZip]).slice();
			const n = 1 + r.int(8);
			for (let i = 0; i < n; i++) z[r.int(z.length)]! ^= 1 << r.int(8);
			add('flip', z, false);
		},
		// Wrong byte counts for the weights.
		() => {
			const w = makeWeights();
			const delta = 1 + r.int(40);
			const weights =
				r.next() < 0.5 ? w.subarray(0, w.length - delta) : new Uint8Array(w.length + delta);
			add('weight-bytes', makeShareZip({ weights }));
		},
		// Oversized model.json (> 1 MiB) or meta.json (> 64 KiB).
		() => {
			if (r.next() < 0.3) {
				const mj = makeModelJson();
				mj.userDefinedMetadata = { pad: 'x'.repeat(1024 * 1024 + r.int(1000)) };
				add('big-model-json', makeShareZip({ modelJson: mj }));
			} else {
				add(
					'big-meta',
					makeShareZip({ meta: { ...makeMeta(), description: 'y'.repeat(70_000 + r.int(1000)) } })
				);
			}
		},
		// Deep nesting in model.json or meta.json.
		() => {
			const depth = 33 + r.int(5000);
			const inner =
				r.next() < 0.5
					? deepJson(depth, '[', ']')
					: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
			if (r.next() < 0.5) {
				const text = JSON.stringify(makeModelJson()).replace(
					'"keras_version"',
					`"nest":${inner},"keras_version"`
				);
				add('deep-model', makeShareZip({ files: { 'model.json': text } }));
			} else {
				const text = JSON.stringify(makeMeta()).replace('"kind"', `"config":${inner},"kind"`);
				add('deep-meta', makeShareZip({ files: { 'meta.json': text } }));
			}
		},
		// Bad dtypes.
		() => {
			const mj = clone(makeModelJson()) as { weightsManifest: { weights: Json[] }[] };
			mj.weightsManifest[0]!.weights[r.int(2)]!.dtype = r.pick(BAD_DTYPES);
			add('dtype', makeShareZip({ modelJson: mj }));
		},
		// NaN, negative, fractional, huge or non-numeric shapes.
		() => {
			const mj = clone(makeModelJson()) as { weightsManifest: { weights: Json[] }[] };
			const w = mj.weightsManifest[0]!.weights[r.int(2)]!;
			const shape = [...(w.shape as number[])] as unknown[];
			shape[r.int(shape.length)] = r.pick(BAD_DIMS);
			w.shape = r.next() < 0.1 ? new Array(9 + r.int(5)).fill(1) : shape;
			const text = JSON.stringify(mj).replace('null', r.next() < 0.5 ? 'null' : 'NaN');
			add('shape', makeShareZip({ files: { 'model.json': text } }));
		},
		// Wrong content types for a valid zip.
		() => add('content-type', base, true, r.pick(BAD_TYPES)),
		// Zip bombs: huge declared sizes, or entry counts, in the central directory.
		() => {
			const z = base.slice();
			const heads = centralHeaders(z);
			const mode = r.int(3);
			if (mode === 0) patchSize(z, r.pick(heads), 0x7fffffff - r.int(1000));
			else if (mode === 1) for (const h of heads) patchSize(z, h, 17 * 1024 * 1024 + r.int(1024));
			else {
				const v = new DataView(z.buffer);
				const count = 65 + r.int(65000);
				v.setUint16(z.length - 22 + 8, count, true);
				v.setUint16(z.length - 22 + 10, count, true);
			}
			add('bomb-declared', z);
		},
		// Lying sizes: a tiny declared size over a stream that inflates to megabytes.
		() => add('bomb-lying', liar.slice()),
		// Missing required files.
		() => {
			const name = r.pick(['model.json', 'meta.json', 'weights.bin']);
			add('missing', makeShareZip({ files: { [name]: null } }));
		},
		// Thumbnails that are not PNGs, or broken PNGs.
		() => {
			const png = makePng(4 + r.int(20), 4 + r.int(20));
			const variants = [
				() => enc.encode('GIF89a' + 'x'.repeat(r.int(100))),
				() => crypto.getRandomValues(new Uint8Array(1 + r.int(2000))),
				() => png.slice(0, 8 + r.int(png.length - 9)),
				() => {
					const p = png.slice();
					p[8 + r.int(p.length - 8)]! ^= 1 << r.int(8);
					return p;
				},
				() => {
					// Claims 1024×1024 but carries a few rows: the image data cannot match.
					const p = png.slice();
					const v = new DataView(p.buffer);
					v.setUint32(16, 1000);
					return p;
				},
				() => new Uint8Array(300 * 1024)
			];
			add('thumbnail', makeShareZip({ thumbnail: r.pick(variants)() }));
		},
		// meta.json field abuse.
		() => {
			const m: Json = makeMeta();
			const mutations: (() => void)[] = [
				() => (m.name = 'n'.repeat(81 + r.int(500))),
				() => (m.name = ''),
				() => (m.name = 'a\nb'),
				() => (m.name = 42),
				() => (m.kind = '../' + 'k'),
				() => (m.kind = 'K'.repeat(r.int(100))),
				() => (m.dataset = 'd'.repeat(81 + r.int(100))),
				() => (m.metrics = { loss: 'low' }),
				() =>
					(m.metrics = Object.fromEntries(
						Array.from({ length: 33 + r.int(50) }, (_, i) => [`m${i}`, i])
					)),
				() => (m.createdAt = 'yesterday'),
				() => (m.createdAt = -5),
				() => delete m.name,
				() => delete m.createdAt,
				() => (m.roles = ['../up'])
			];
			r.pick(mutations)();
			add('meta', makeShareZip({ meta: m }));
		},
		// Infinity through JSON (1e400) in metrics.
		() => {
			const text = JSON.stringify(makeMeta()).replace('0.0123', r.pick(['1e400', '-1e400']));
			add('meta-inf', makeShareZip({ files: { 'meta.json': text } }));
		},
		// Layer classes outside the allow-list, at the top, nested, or in a config.
		() => {
			const mj = clone(makeModelJson()) as { modelTopology: Json & { config: { layers: Json[] } } };
			const cls = r.pick(BAD_CLASSES);
			const where = r.int(3);
			if (where === 0) mj.modelTopology.config.layers[0]!.class_name = cls;
			else if (where === 1) mj.modelTopology.class_name = cls;
			else
				(mj.modelTopology.config.layers[0]!.config as Json).kernel_initializer = {
					class_name: cls,
					config: {}
				};
			add('layer-class', makeShareZip({ modelJson: mj }));
		},
		// Not a zip at all.
		() => {
			const junk = r.pick([
				() => crypto.getRandomValues(new Uint8Array(r.int(5000))),
				() => enc.encode(JSON.stringify(makeModelJson())),
				() => new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Uint8Array(18)])
			])();
			add('junk', junk.length ? junk : new Uint8Array(1));
		},
		// Odd entry names and extra files.
		() => {
			const name = r.pick([
				'../evil',
				'/abs',
				'a\\b',
				'a/b/c',
				'.hidden',
				'dir/',
				'x'.repeat(200),
				'evil.js',
				'checkpoint/state.json',
				'ünï'
			]);
			const files = shareFiles({ files: { [name]: 'payload' } });
			add('entry-name', zipSync(files));
		},
		// Weight paths that escape or collide.
		() => {
			const mj = clone(makeModelJson()) as { weightsManifest: { paths: string[] }[] };
			mj.weightsManifest[0]!.paths = [
				r.pick(['../weights.bin', 'meta.json', 'model.json', 'a/b/c.bin', 'weights.bin?x', ''])
			];
			add('weight-path', makeShareZip({ modelJson: mj }));
		}
	];

	for (let i = 0; i < ROUNDS; i++) r.pick(generators)();
	return cases;
}

describe('POST /api/models fuzz', () => {
	it(`answers ${ROUNDS} malformed uploads with 4xx and stores nothing from them`, async () => {
		// A stream that inflates to 8 MiB but declares 60 bytes, matching the manifest's byte count.
		const liar = makeShareZip({ files: { 'weights.bin': new Uint8Array(8 * 1024 * 1024) } });
		const wHead = centralHeaders(liar).find((h) => nameAt(liar, h) === 'weights.bin')!;
		patchSize(liar, wHead, 60);
		const t0 = Date.now();
		const cases = buildCases(await makeExportStyleZip(), liar);
		console.log(`built ${cases.length} cases in ${Date.now() - t0} ms`);
		expect(cases.length).toBeGreaterThanOrEqual(1000);

		const accepted = new Set<string>();
		let acceptedCount = 0;
		const byKind = new Map<string, Record<number, number>>();
		const problems: string[] = [];
		const msByKind = new Map<string, number>();
		for (const [i, c] of cases.entries()) {
			const t0 = Date.now();
			const ctx = createExecutionContext();
			const res = await worker.fetch(
				new Request('http://localhost/api/models', {
					method: 'POST',
					body: c.body,
					headers: { 'content-type': c.contentType ?? 'application/zip' }
				}),
				fuzzEnv,
				ctx
			);
			await waitOnExecutionContext(ctx);
			const text = await res.text();
			msByKind.set(c.kind, (msByKind.get(c.kind) ?? 0) + Date.now() - t0);
			const tally = byKind.get(c.kind) ?? {};
			tally[res.status] = (tally[res.status] ?? 0) + 1;
			byKind.set(c.kind, tally);
			if (res.status === 201) {
				if (c.mustRefuse) problems.push(`#${i} ${c.kind}: accepted`);
				accepted.add(await sha256Hex(c.body));
				acceptedCount++;
				continue;
			}
			const isJsonError = (() => {
				try {
					const b = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
					return typeof b.error?.code === 'string' && typeof b.error.message === 'string';
				} catch {
					return false;
				}
			})();
			if (res.status < 400 || res.status >= 500 || !isJsonError) {
				problems.push(`#${i} ${c.kind}: ${res.status} ${text.slice(0, 120)}`);
			}
		}
		console.log('fuzz outcomes by kind:', JSON.stringify(Object.fromEntries(byKind)));
		console.log('fuzz server ms by kind:', JSON.stringify(Object.fromEntries(msByKind)));
		expect(problems).toEqual([]);

		// Nothing from a refused upload reached D1 or R2.
		const rows = await env.DB.prepare('SELECT sha256 FROM shared_models').all<{ sha256: string }>();
		expect(rows.results).toHaveLength(acceptedCount);
		expect(new Set(rows.results.map((r) => r.sha256))).toEqual(accepted);
		const blobs = (await env.BUCKET.list({ prefix: 'models/' })).objects.map((o) => o.key);
		expect(new Set(blobs)).toEqual(new Set([...accepted].map((s) => `models/${s}.zip`)));
	}, 120_000);
});

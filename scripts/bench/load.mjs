#!/usr/bin/env node
/**
 * Load test of the Worker's read paths with autocannon (loopback only, bounded in time):
 *   1. a cached dataset file GET (200), 2. the same with If-None-Match (304),
 *   3. a pretrained weight file GET (200) and with If-None-Match (304),
 *   4. a shared model's metadata GET (a small model is shared first),
 *   5. the baseline: GET /api/health, which touches no storage — what `wrangler dev` serves at most.
 *
 *   node scripts/bench/load.mjs [--url http://127.0.0.1:8787] [--duration 10] [--connections 10]
 *
 * Without --url it starts its own `wrangler dev` on a free port with a temporary persist folder:
 * D1 migrations applied, R2 seeded by scripts/seed.mjs plus one synthetic 64 KiB weight file, all
 * removed afterwards. Prints requests/s, p50 and p99 latency and errors per scenario.
 */
import { zipSync, zlibSync } from 'fflate';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';
import { startLocalStack } from '../lib/local-stack.mjs';

/**
 * The part of autocannon's result this script reads (autocannon ships no type definitions).
 * @typedef {{ requests: { average: number }, latency: { p50: number, p99: number },
 *   errors: number, timeouts: number, statusCodeStats?: Record<string, { count: number }> }} LoadResult
 */
/** @type {(opts: { url: string, connections: number, duration: number, headers: Record<string, string> }) => Promise<LoadResult>} */
const autocannon = createRequire(import.meta.url)('autocannon');

const { values: args } = parseArgs({
	options: {
		url: { type: 'string' },
		duration: { type: 'string', default: '10' },
		connections: { type: 'string', default: '10' }
	}
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const BENCH_WEIGHT = 'weights/bench/1/weights.bin';

/** @param {Uint8Array} bytes */
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Puts one synthetic weight file into the local R2 under `persistTo` (before wrangler starts). */
async function putBenchWeight(/** @type {string} */ persistTo) {
	const mf = new Miniflare({
		modules: true,
		script: 'export default { fetch() { return new Response(null, { status: 204 }); } }',
		r2Buckets: { BUCKET: 'latent-lab' },
		r2Persist: join(persistTo, 'v3', 'r2')
	});
	try {
		const bucket = await mf.getR2Bucket('BUCKET');
		const bytes = new Uint8Array(64 * 1024).map((_, i) => (i * 2654435761) >>> 24);
		await bucket.put(BENCH_WEIGHT, bytes, {
			httpMetadata: { contentType: 'application/octet-stream' },
			customMetadata: { sha256: sha256(bytes) }
		});
	} finally {
		await mf.dispose();
	}
}

// --- a tiny valid share zip (Sequential 4 → Dense 3), as tests/worker/share-fixtures.ts builds ---

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
/** @param {Uint8Array} bytes */
function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
/** @param {string} type @param {Uint8Array} data */
function pngChunk(type, data) {
	const out = new Uint8Array(12 + data.length);
	const v = new DataView(out.buffer);
	v.setUint32(0, data.length);
	out.set(new TextEncoder().encode(type), 4);
	out.set(data, 8);
	v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}
function tinyPng() {
	const ihdr = new Uint8Array([0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0]); // 8×8 greyscale
	const raw = new Uint8Array(8 * 9).map((_, i) => (i % 9 === 0 ? 0 : i * 3));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlibSync(raw)),
		pngChunk('IEND', new Uint8Array(0))
	]);
}
function tinyShareZip() {
	const enc = new TextEncoder();
	const modelJson = {
		format: 'layers-model',
		modelTopology: {
			class_name: 'Sequential',
			config: {
				name: 'bench',
				layers: [
					{
						class_name: 'Dense',
						config: { units: 3, activation: 'relu', batch_input_shape: [null, 4] }
					}
				]
			}
		},
		weightsManifest: [
			{
				paths: ['weights.bin'],
				weights: [
					{ name: 'dense/kernel', shape: [4, 3], dtype: 'float32' },
					{ name: 'dense/bias', shape: [3], dtype: 'float32' }
				]
			}
		]
	};
	const meta = {
		name: 'Load-test model',
		kind: 'autoencoder',
		dataset: 'fashion-mnist',
		metrics: { mse: 0.01 },
		createdAt: new Date().toISOString()
	};
	return zipSync({
		'model.json': enc.encode(JSON.stringify(modelJson)),
		'weights.bin': new Uint8Array(new Float32Array(15).fill(0.25).buffer),
		'meta.json': enc.encode(JSON.stringify(meta)),
		'thumbnail.png': tinyPng()
	});
}

/**
 * Runs autocannon against one URL and summarises it.
 * @param {string} title @param {string} url @param {number} expect @param {Record<string, string>} [headers]
 */
async function scenario(title, url, expect, headers = {}) {
	const r = await autocannon({ url, connections, duration, headers });
	const expected = Number(r.statusCodeStats?.[String(expect)]?.count ?? 0);
	const total = Object.values(r.statusCodeStats ?? {}).reduce((a, s) => a + Number(s.count), 0);
	return {
		scenario: title,
		status: expect,
		'req/s': Math.round(r.requests.average),
		'p50 ms': r.latency.p50,
		'p99 ms': r.latency.p99,
		requests: total,
		errors: r.errors + r.timeouts + (total - expected)
	};
}

let server;
let base = args.url;
try {
	if (!base) {
		server = await startLocalStack({ prepare: putBenchWeight });
		console.log(`▶ temporary state in ${server.stateDir}`);
		base = server.url;
	}
	console.log(`▶ target ${base}, ${connections} connections, ${duration} s per scenario`);

	/** @type {{ datasets: { name: string, files: { url: string, bytes: number }[] }[] }} */
	const list = await (await fetch(`${base}/api/datasets`)).json();
	const files = list.datasets.flatMap((d) => d.files).sort((a, b) => a.bytes - b.bytes);
	const res = await fetch(`${base}/api/models`, {
		method: 'POST',
		headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '127.0.0.2' },
		body: tinyShareZip()
	});
	if (res.status !== 201)
		throw new Error(`sharing the bench model failed: ${res.status} ${await res.text()}`);
	const { id } = /** @type {{ id: string }} */ (await res.json());

	const results = [];
	/** @param {string} title @param {string} url */
	const cachedPair = async (title, url) => {
		const head = await fetch(url, { method: 'HEAD' });
		const etag = head.headers.get('etag');
		if (!head.ok || !etag) {
			console.log(`  (skipping ${title}: ${url} answered ${head.status})`);
			return;
		}
		const bytes = Number(head.headers.get('content-length'));
		results.push(await scenario(`${title} GET (${bytes} B)`, url, 200));
		results.push(await scenario(`${title} If-None-Match`, url, 304, { 'if-none-match': etag }));
	};
	if (files[0]) await cachedPair('dataset', base + files[0].url);
	else console.log('  (no dataset in R2: skipping the dataset scenarios)');
	await cachedPair('weight', `${base}/api/${BENCH_WEIGHT}`);
	results.push(await scenario('shared model metadata GET', `${base}/api/models/${id}`, 200));
	// The ceiling: a route that reads no storage shows what wrangler dev itself serves here.
	results.push(await scenario('baseline: GET /api/health (no storage)', `${base}/api/health`, 200));
	console.table(results);
	if (server && results.some((r) => r.errors > 0)) {
		console.log('wrangler dev output (tail):\n' + server.output().slice(-4000));
	}
} finally {
	if (server) await server.stop();
}

// Seeds local R2 (as `wrangler dev` persists it) with the datasets and the weights in weights/.
// Idempotent: an object whose stored sha256 matches is skipped. Usable as a module or a CLI:
//   node scripts/seed.mjs [--persist-to .wrangler/state]
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import { DATASETS } from './lib/datasets.mjs';

const BUCKET_NAME = 'latent-lab';

/** @param {Uint8Array} bytes */
export function sha256(bytes) {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Finds a dataset file locally, or downloads it from its official locations; verifies the content.
 * @param {typeof DATASETS[number]} ds
 * @param {typeof DATASETS[number]['files'][number]} f
 * @returns {Promise<Uint8Array | undefined>}
 */
async function fetchDatasetFile(ds, f) {
	for (const dir of ds.localDirs) {
		const path = join(dir, f.file);
		if (existsSync(path)) return verifyDataset(new Uint8Array(await readFile(path)), f, path);
	}
	for (const base of ds.urls) {
		try {
			const res = await fetch(base + f.file, { signal: AbortSignal.timeout(120_000) });
			if (!res.ok) continue;
			return verifyDataset(new Uint8Array(await res.arrayBuffer()), f, base + f.file);
		} catch {
			// Try the next mirror.
		}
	}
	return undefined;
}

/**
 * @param {Uint8Array} gz
 * @param {{ file: string, sha256: string, bytes: number }} f
 * @param {string} from
 */
function verifyDataset(gz, f, from) {
	const raw = gunzipSync(gz);
	if (raw.byteLength !== f.bytes || sha256(raw) !== f.sha256) {
		throw new Error(`${from} does not match the published content of ${f.file} (sha256 mismatch)`);
	}
	return gz;
}

/** @param {string} dir @returns {Promise<string[]>} */
async function walk(dir) {
	if (!existsSync(dir)) return [];
	/** @type {string[]} */
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await walk(p)));
		else out.push(p);
	}
	return out;
}

/**
 * Seeds R2 under `persistTo` (the `--persist-to` folder of wrangler dev).
 * @param {{ persistTo?: string, log?: (line: string) => void, datasets?: boolean }} [opts]
 */
export async function seed(opts = {}) {
	const persistTo = opts.persistTo ?? '.wrangler/state';
	const log = opts.log ?? console.log;
	const mf = new Miniflare({
		modules: true,
		script: 'export default { fetch() { return new Response(null, { status: 204 }); } }',
		r2Buckets: { BUCKET: BUCKET_NAME },
		r2Persist: join(persistTo, 'v3', 'r2')
	});
	let put = 0;
	let skipped = 0;
	try {
		const bucket = await mf.getR2Bucket('BUCKET');
		/**
		 * @param {string} key
		 * @param {Uint8Array} bytes
		 * @param {string} contentType
		 */
		const upsert = async (key, bytes, contentType) => {
			const hash = sha256(bytes);
			const head = await bucket.head(key);
			if (head?.customMetadata?.sha256 === hash) {
				skipped++;
				return;
			}
			await bucket.put(key, bytes, {
				httpMetadata: { contentType },
				customMetadata: { sha256: hash }
			});
			put++;
		};

		if (opts.datasets !== false) {
			for (const ds of DATASETS) {
				for (const f of ds.files) {
					const key = `datasets/${ds.name}/${f.file}`;
					const head = await bucket.head(key);
					if (head?.customMetadata?.sha256) {
						skipped++;
						continue;
					}
					const bytes = await fetchDatasetFile(ds, f);
					if (!bytes) {
						log(`! ${ds.title}: ${f.file} not found locally and not downloadable; skipped`);
						continue;
					}
					await upsert(key, bytes, 'application/gzip');
				}
			}
		}

		for (const path of await walk('weights')) {
			const rel = relative('weights', path).split('\\').join('/');
			const type = rel.endsWith('.json') ? 'application/json' : 'application/octet-stream';
			if ((await stat(path)).size === 0) continue;
			await upsert(`weights/${rel}`, new Uint8Array(await readFile(path)), type);
		}
	} finally {
		await mf.dispose();
	}
	log(`R2 seeded: ${put} object(s) written, ${skipped} already up to date`);
	return { put, skipped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const i = process.argv.indexOf('--persist-to');
	await seed({ persistTo: i > 0 ? process.argv[i + 1] : undefined });
}

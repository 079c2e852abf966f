/**
 * Pretrained weights, checked against the catalogue before use. Every file of a published model
 * (model.json and each shard) is downloaded, hashed with SHA-256 and compared with the sha256
 * GET /api/weights lists for it; a file that differs, or that the catalogue does not list, is
 * refused with a WeightsIntegrityError. Only verified bytes enter the offline cache: this module
 * puts them there itself, marked with VERIFIED_HEADER, and the service worker's rule for
 * /api/weights/* serves that cache but never stores network answers (it caches only responses
 * carrying the header, which the server never sends).
 */
import type { io } from '@tensorflow/tfjs-core';
import type { CatalogueModel } from '$lib/share/schema';
import { sha256Hex } from '$lib/share/sha256';
import { fetchBytes, type FetchBytesOptions } from './fetch-bytes';

/** The service worker's runtime cache of /api/weights/* (vite.config.ts). */
export const WEIGHTS_CACHE = 'latent-lab-heavy-v1';
/** Marks a cached weight file as verified; vite.config.ts lets the service worker cache only these. */
export const VERIFIED_HEADER = 'x-latent-lab-verified';

/** A downloaded weight file is not the one the catalogue promises. `message` is for people. */
export class WeightsIntegrityError extends Error {
	override name = 'WeightsIntegrityError';
	constructor(
		readonly url: string,
		message: string
	) {
		super(message);
	}
}

export interface VerifiedFetchOptions {
	fetch?: typeof fetch;
	/** Drops a URL from the offline cache; the default uses Cache Storage where it exists. */
	evict?: (url: string) => Promise<void>;
	/** Keeps verified bytes for offline use; the default puts them in Cache Storage. */
	store?: (url: string, bytes: Uint8Array) => Promise<void>;
	/** Fraction of the model's bytes downloaded so far. */
	onProgress?: (fraction: number) => void;
	signal?: AbortSignal;
}

/** The URL of one file of a published model. */
export function weightFileUrl(name: string, version: string, file: string): string {
	return `/api/weights/${encodeURIComponent(name)}/${encodeURIComponent(version)}/${file
		.split('/')
		.map(encodeURIComponent)
		.join('/')}`;
}

/** Expected sha256 and size per file name relative to the version folder ("model.json", …). */
export function expectedFiles(
	entry: CatalogueModel
): Map<string, { bytes: number; sha256: string }> {
	const prefix = `${entry.name}/${entry.version}/`;
	const out = new Map<string, { bytes: number; sha256: string }>();
	for (const f of entry.files) {
		// Catalogue paths are relative to weights/ or, in older manifests, to the version folder.
		const rel = f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
		out.set(rel, { bytes: f.bytes, sha256: f.sha256 });
	}
	return out;
}

function absoluteUrl(url: string): string {
	return new URL(url, globalThis.location?.href).href;
}

async function defaultStore(url: string, bytes: Uint8Array): Promise<void> {
	if (typeof caches === 'undefined') return;
	try {
		const cache = await caches.open(WEIGHTS_CACHE);
		const key = absoluteUrl(url);
		if (await cache.match(key)) return;
		await cache.put(
			key,
			new Response(bytes as Uint8Array<ArrayBuffer>, {
				headers: {
					'content-type': url.endsWith('.json') ? 'application/json' : 'application/octet-stream',
					'content-length': String(bytes.byteLength),
					[VERIFIED_HEADER]: '1'
				}
			})
		);
	} catch {
		// Best effort: without a copy the next load downloads (and verifies) again.
	}
}

async function defaultEvict(url: string): Promise<void> {
	if (typeof caches === 'undefined') return;
	try {
		const cache = await caches.open(WEIGHTS_CACHE);
		await cache.delete(absoluteUrl(url));
	} catch {
		// No Cache Storage here (e.g. an opaque origin): nothing was cached, nothing to evict.
	}
}

/**
 * Downloads one file of a model and checks it. A mismatch is evicted and downloaded once more
 * past every cache (a damaged cached copy heals itself); a second mismatch throws.
 */
export async function fetchVerified(
	entry: CatalogueModel,
	file: string,
	opts: VerifiedFetchOptions & { onBytes?: FetchBytesOptions['onProgress'] } = {}
): Promise<Uint8Array> {
	const url = weightFileUrl(entry.name, entry.version, file);
	const want = expectedFiles(entry).get(file);
	if (!want) {
		throw new WeightsIntegrityError(
			url,
			`${entry.name} v${entry.version}: the catalogue does not list '${file}', so it cannot be verified and was not used.`
		);
	}
	const evict = opts.evict ?? defaultEvict;
	for (let attempt = 0; ; attempt++) {
		const doFetch = opts.fetch ?? fetch;
		const bytes = await fetchBytes(url, {
			signal: opts.signal,
			onProgress: opts.onBytes,
			// The retry skips the HTTP cache too: `reload` fetches from the network and refreshes it.
			fetch: attempt === 0 ? doFetch : (input, init) => doFetch(input, { ...init, cache: 'reload' })
		});
		if (bytes.byteLength === want.bytes && (await sha256Hex(bytes)) === want.sha256) {
			await (opts.store ?? defaultStore)(url, bytes);
			return bytes;
		}
		// A copy cached before this rule existed (or damaged on disk) must not be served again.
		await evict(url);
		if (attempt >= 1) {
			throw new WeightsIntegrityError(
				url,
				`${entry.name} v${entry.version}: '${file}' failed its integrity check (expected ${want.bytes} bytes with sha256 ${want.sha256.slice(0, 12)}…, got ${bytes.byteLength} bytes that differ). It was discarded, not used.`
			);
		}
	}
}

/**
 * A tfjs IOHandler that loads a published model with every file verified, for
 * `loadLayersModel(verifiedWeightsHandler(entry))`.
 */
export function verifiedWeightsHandler(
	entry: CatalogueModel,
	opts: VerifiedFetchOptions = {}
): io.IOHandler {
	return {
		async load(): Promise<io.ModelArtifacts> {
			const total = [...expectedFiles(entry).values()].reduce((s, f) => s + f.bytes, 0) || 1;
			let done = 0;
			/** Progress over all files: each file's running byte count adds to the total. */
			const track = () => {
				let seen = 0;
				return (p: { loaded: number }) => {
					done += p.loaded - seen;
					seen = p.loaded;
					opts.onProgress?.(Math.min(1, done / total));
				};
			};
			const jsonBytes = await fetchVerified(entry, 'model.json', {
				...opts,
				onBytes: track()
			});
			const modelJson = JSON.parse(new TextDecoder().decode(jsonBytes)) as io.ModelJSON;
			const specs: io.WeightsManifestEntry[] = [];
			const buffers: ArrayBuffer[] = [];
			for (const group of modelJson.weightsManifest ?? []) {
				specs.push(...group.weights);
				for (const path of group.paths) {
					const bytes = await fetchVerified(entry, path, { ...opts, onBytes: track() });
					buffers.push(bytes.slice().buffer);
				}
			}
			opts.onProgress?.(1);
			return {
				modelTopology: modelJson.modelTopology,
				format: modelJson.format,
				generatedBy: modelJson.generatedBy,
				convertedBy: modelJson.convertedBy,
				trainingConfig: modelJson.trainingConfig,
				userDefinedMetadata: modelJson.userDefinedMetadata,
				weightSpecs: specs,
				weightData: buffers
			};
		}
	};
}

let catalogue: Promise<CatalogueModel[]> | undefined;

/** Drops the remembered catalogue, so the next read asks the server (after an install). */
export function forgetCatalogue(): void {
	catalogue = undefined;
}

/**
 * Deletes cached weight files of models the catalogue no longer lists (an older version, a
 * removed model): the app puts verified files in the cache itself, past the service worker's
 * entry limit, so without this every published version would stay on the device for good.
 * Returns the URLs it deleted.
 */
export async function pruneWeightsCache(
	models: readonly CatalogueModel[],
	cache: Pick<Cache, 'keys' | 'delete'>
): Promise<string[]> {
	const listed = new Set(models.map((m) => `${m.name}/${m.version}`));
	const deleted: string[] = [];
	for (const request of await cache.keys()) {
		const match = /\/api\/weights\/([^/?#]+)\/([^/?#]+)\//.exec(new URL(request.url).pathname);
		if (!match) continue;
		const key = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
		if (!listed.has(key) && (await cache.delete(request))) deleted.push(request.url);
	}
	return deleted;
}

/** GET /api/weights, once per page or worker (a failure is not remembered). */
export function loadCatalogue(doFetch: typeof fetch = fetch): Promise<CatalogueModel[]> {
	catalogue ??= (async () => {
		const bytes = await fetchBytes('/api/weights', { fetch: doFetch });
		const body = JSON.parse(new TextDecoder().decode(bytes)) as { models?: CatalogueModel[] };
		const models = Array.isArray(body.models) ? body.models : [];
		// Only a catalogue the server answered prunes; best effort, never in the way of loading.
		if (typeof caches !== 'undefined' && models.length > 0) {
			void caches
				.open(WEIGHTS_CACHE)
				.then((cache) => pruneWeightsCache(models, cache))
				.catch(() => undefined);
		}
		return models;
	})().catch((err: unknown) => {
		catalogue = undefined;
		throw err;
	});
	return catalogue;
}

/** The catalogue entry of a published model, or a readable error when it is not listed. */
export async function findCatalogueEntry(
	name: string,
	version: string,
	doFetch?: typeof fetch
): Promise<CatalogueModel> {
	const entry = (await loadCatalogue(doFetch)).find(
		(m) => m.name === name && String(m.version) === version
	);
	if (!entry) throw new Error(`${name} v${version} is not in the weights catalogue.`);
	return entry;
}

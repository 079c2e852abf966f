import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadLayersModel, layers, sequential } from '@tensorflow/tfjs-layers';
import type { CatalogueModel } from '$lib/share/schema';
import { sha256Hex } from '$lib/share/sha256';
import {
	fetchVerified,
	pruneWeightsCache,
	verifiedWeightsHandler,
	weightFileUrl,
	WeightsIntegrityError
} from './verified-weights';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** A small dense model serialised as the Worker serves it: model.json + one shard. */
async function publish(): Promise<{ files: Map<string, Uint8Array>; entry: CatalogueModel }> {
	const m = sequential();
	m.add(layers.dense({ inputShape: [4], units: 3, activation: 'tanh' }));
	let art: tf.io.ModelArtifacts | undefined;
	await m.save(
		tf.io.withSaveHandler(async (a) => {
			art = a;
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	m.dispose();
	if (!art?.weightSpecs || !art.weightData) throw new Error('not serialised');
	const shard = new Uint8Array(art.weightData as ArrayBuffer);
	const json = new TextEncoder().encode(
		JSON.stringify({
			format: 'layers-model',
			modelTopology: art.modelTopology,
			weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: art.weightSpecs }]
		})
	);
	const files = new Map([
		['model.json', json],
		['group1-shard1of1.bin', shard]
	]);
	const entry: CatalogueModel = {
		name: 'tiny',
		kind: 'classifier',
		version: '1',
		files: await Promise.all(
			[...files].map(async ([f, b]) => ({
				path: `tiny/1/${f}`,
				bytes: b.byteLength,
				sha256: await sha256Hex(b)
			}))
		)
	};
	return { files, entry };
}

/** A fake server: `serve(file, attempt)` decides the bytes; records every request. */
function fakeFetch(serve: (file: string, attempt: number) => Uint8Array | undefined) {
	const calls: { url: string; cache?: RequestCache }[] = [];
	const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
		const url = String(input);
		const attempt = calls.filter((c) => c.url === url).length;
		calls.push({ url, cache: init?.cache });
		const bytes = serve(url.split('/').pop() ?? '', attempt);
		return bytes
			? new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200 })
			: new Response('missing', { status: 404 });
	}) as typeof fetch;
	return { doFetch, calls };
}

function tampered(bytes: Uint8Array): Uint8Array {
	const copy = bytes.slice();
	copy[Math.floor(copy.length / 2)] = (copy[Math.floor(copy.length / 2)] ?? 0) ^ 0x01;
	return copy;
}

describe('verified weights', () => {
	it('loads a model whose files match the catalogue, with the same predictions', async () => {
		const { files, entry } = await publish();
		const { doFetch } = fakeFetch((f) => files.get(f));
		const before = tf.memory().numTensors;
		const progress: number[] = [];
		const stored: string[] = [];
		const model = await loadLayersModel(
			verifiedWeightsHandler(entry, {
				fetch: doFetch,
				onProgress: (p) => progress.push(p),
				store: async (u, b) => void stored.push(`${u}:${b.byteLength}`)
			})
		);
		// Each verified file is kept for offline use, with its exact size.
		expect(stored).toEqual([
			`${weightFileUrl('tiny', '1', 'model.json')}:${files.get('model.json')?.byteLength}`,
			`${weightFileUrl('tiny', '1', 'group1-shard1of1.bin')}:${files.get('group1-shard1of1.bin')?.byteLength}`
		]);
		// The same bytes loaded without verification give identical outputs.
		const plain = await loadLayersModel(
			tf.io.fromMemory({
				modelTopology: (
					JSON.parse(new TextDecoder().decode(files.get('model.json'))) as {
						modelTopology: object;
					}
				).modelTopology,
				weightSpecs: model.getWeights().map((w, i) => ({
					name: model.weights[i]?.originalName ?? '',
					shape: w.shape,
					dtype: 'float32' as const
				})),
				weightData: (files.get('group1-shard1of1.bin') as Uint8Array).slice().buffer
			})
		);
		const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.4]]);
		const a = model.predict(x) as tf.Tensor;
		const b = plain.predict(x) as tf.Tensor;
		expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
		tf.dispose([x, a, b]);
		model.dispose();
		plain.dispose();
		expect(tf.memory().numTensors).toBe(before);
		expect(progress.at(-1)).toBe(1);
	});

	it('refuses a tampered shard with a clear error, evicts it and never builds the model', async () => {
		const { files, entry } = await publish();
		const shard = files.get('group1-shard1of1.bin') as Uint8Array;
		const { doFetch, calls } = fakeFetch((f) =>
			f.endsWith('.bin') ? tampered(shard) : files.get(f)
		);
		const evicted: string[] = [];
		const stored: string[] = [];
		const before = tf.memory().numTensors;
		const err = await loadLayersModel(
			verifiedWeightsHandler(entry, {
				fetch: doFetch,
				evict: async (u) => void evicted.push(u),
				store: async (u) => void stored.push(u)
			})
		).catch((e: unknown) => e);
		// model.json was fine and kept; the tampered shard never was.
		expect(stored).toEqual([weightFileUrl('tiny', '1', 'model.json')]);
		expect(err).toBeInstanceOf(WeightsIntegrityError);
		expect((err as Error).message).toMatch(/group1-shard1of1\.bin' failed its integrity check/);
		const url = weightFileUrl('tiny', '1', 'group1-shard1of1.bin');
		// Fetched twice (the second time past the HTTP cache), evicted both times.
		expect(calls.filter((c) => c.url === url).map((c) => c.cache)).toEqual([undefined, 'reload']);
		expect(evicted).toEqual([url, url]);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('heals a damaged cached copy: evicts it and uses the good bytes from the network', async () => {
		const { files, entry } = await publish();
		const json = files.get('model.json') as Uint8Array;
		// The first answer (as if from a cache) is truncated; the network has the real file.
		const { doFetch } = fakeFetch((f, attempt) =>
			f === 'model.json' && attempt === 0 ? json.subarray(0, 10) : files.get(f)
		);
		const evicted: string[] = [];
		const bytes = await fetchVerified(entry, 'model.json', {
			fetch: doFetch,
			evict: async (u) => void evicted.push(u)
		});
		expect(bytes).toEqual(json);
		expect(evicted).toEqual([weightFileUrl('tiny', '1', 'model.json')]);
	});

	it('refuses a file the catalogue does not list, without downloading it', async () => {
		const { files, entry } = await publish();
		const { doFetch, calls } = fakeFetch((f) => files.get(f));
		const only = { ...entry, files: entry.files.filter((f) => f.path.endsWith('model.json')) };
		await expect(
			loadLayersModel(verifiedWeightsHandler(only, { fetch: doFetch, evict: async () => {} }))
		).rejects.toThrow(/does not list 'group1-shard1of1.bin'/);
		expect(calls.some((c) => c.url.endsWith('.bin'))).toBe(false);
	});
});

describe('pruning the offline weights cache', () => {
	it('deletes files of versions the catalogue no longer lists, and nothing else', async () => {
		const stored = new Set([
			'https://app.test/api/weights/denoiser-gray/1/model.json',
			'https://app.test/api/weights/denoiser-gray/1/group1-shard1of1.bin',
			'https://app.test/api/weights/denoiser-gray/2/model.json',
			'https://app.test/api/weights/stylizer-old/1/model.json',
			'https://app.test/api/weights/my%20model/v%201/model.json',
			'https://app.test/api/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
		]);
		const cache = {
			keys: async () => [...stored].map((url) => new Request(url)),
			delete: async (r: RequestInfo | URL) =>
				stored.delete(typeof r === 'string' ? r : 'url' in r ? r.url : r.href)
		};
		const entry = (name: string, version: string) =>
			({ name, version, kind: 'x', files: [] }) as unknown as CatalogueModel;
		const deleted = await pruneWeightsCache(
			[entry('denoiser-gray', '2'), entry('my model', 'v 1')],
			cache
		);
		expect(deleted.sort()).toEqual([
			'https://app.test/api/weights/denoiser-gray/1/group1-shard1of1.bin',
			'https://app.test/api/weights/denoiser-gray/1/model.json',
			'https://app.test/api/weights/stylizer-old/1/model.json'
		]);
		expect([...stored].sort()).toEqual([
			'https://app.test/api/datasets/fashion-mnist/train-images-idx3-ubyte.gz',
			'https://app.test/api/weights/denoiser-gray/2/model.json',
			'https://app.test/api/weights/my%20model/v%201/model.json'
		]);
	});
});

import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCheckpoint, restoreInto, saveCheckpoint } from './checkpoints';
import type { LatentDb } from './db';
import { ImportError, StorageFullError } from './errors';
import { exportModelZip, importModelZip } from './export';
import { createModel, getModel, updateModel } from './library';
import { sha256Hex } from '$lib/share/sha256';
import { denseModel, freshDb, seededValues, useCpu, weightBytes } from './test-helpers';

beforeAll(useCpu);
afterEach(() => vi.restoreAllMocks());

const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
const meta = {
	epoch: 2,
	cursor: { offset: 64 },
	rngSeed: 9,
	losses: { steps: [1, 2], series: { loss: [0.9, 0.8] } }
};

async function snapshot(db: LatentDb) {
	const out: Record<string, unknown> = {};
	for (const store of ['models', 'checkpoints', 'chunks', 'samples'] as const)
		out[store] = await db.getAll(store);
	return out;
}

async function savedSingle(db: LatentDb) {
	const rec = await createModel({
		db,
		name: 'Shirt AE',
		kind: 'dense-ae',
		config: { latent: 3 },
		dataset: 'fashion-mnist'
	});
	await updateModel(rec.id, { metrics: { mse: 0.0123 }, thumbnail: PNG }, { db });
	const model = denseModel(6, 5, 6);
	await saveCheckpoint({
		db,
		modelId: rec.id,
		models: { autoencoder: model },
		optimizers: {},
		step: 7,
		...meta
	});
	return { id: rec.id, model };
}

/** Unzips, lets `edit` change the files, re-signs meta.json's hashes (unless told not to), re-zips. */
async function tamper(
	zip: Uint8Array,
	edit: (files: Record<string, Uint8Array>) => void,
	resign = true
) {
	const files = unzipSync(zip);
	edit(files);
	if (resign && files['meta.json']) {
		const m = JSON.parse(strFromU8(files['meta.json']));
		m.files = {};
		for (const [p, b] of Object.entries(files))
			if (p !== 'meta.json') m.files[p] = { bytes: b.byteLength, sha256: await sha256Hex(b) };
		files['meta.json'] = strToU8(JSON.stringify(m));
	}
	return zipSync(files);
}

const editJson = (
	files: Record<string, Uint8Array>,
	path: string,
	f: (v: Record<string, unknown>) => void
) => {
	const v = JSON.parse(strFromU8(files[path]!));
	f(v);
	files[path] = strToU8(JSON.stringify(v));
};

describe('export / import', () => {
	it('round-trips a model: bit-identical weights, same predictions, metadata kept', async () => {
		const db = await freshDb();
		const { id, model } = await savedSingle(db);
		const zip = await exportModelZip(id, { db });
		const files = unzipSync(zip);
		expect(Object.keys(files).sort()).toEqual([
			'meta.json',
			'model.json',
			'thumbnail.png',
			'weights.bin'
		]);
		const modelJson = JSON.parse(strFromU8(files['model.json']!));
		expect(modelJson).toMatchObject({
			format: 'layers-model',
			convertedBy: null,
			weightsManifest: [{ paths: ['weights.bin'] }]
		});
		expect(JSON.parse(strFromU8(files['meta.json']!))).toMatchObject({
			formatVersion: 1,
			name: 'Shirt AE',
			kind: 'dense-ae',
			dataset: 'fashion-mnist',
			config: { latent: 3 },
			metrics: { mse: 0.0123 },
			roles: ['autoencoder'],
			step: 7
		});
		// Plain tfjs can load the exported artifacts.
		const plain = await tfl.loadLayersModel(
			tf.io.fromMemory({
				...modelJson,
				weightSpecs: modelJson.weightsManifest[0].weights,
				weightData: files['weights.bin']!.slice().buffer
			})
		);
		expect(await weightBytes(plain)).toEqual(await weightBytes(model));

		const tensors = tf.memory().numTensors;
		const imported = await importModelZip(zip, { db });
		expect(tf.memory().numTensors).toBe(tensors); // the deep check's model was disposed
		expect(imported.id).not.toBe(id);
		expect(imported).toMatchObject({
			name: 'Shirt AE',
			kind: 'dense-ae',
			metrics: { mse: 0.0123 }
		});
		expect(Array.from((await getModel(imported.id, { db }))!.thumbnail!)).toEqual(Array.from(PNG));
		const loaded = (await loadCheckpoint(imported.id, undefined, { db }))!;
		expect(loaded.checkpoint.step).toBe(7);
		const copy = denseModel(6, 5, 6);
		await restoreInto({ models: { autoencoder: copy } }, loaded);
		expect(await weightBytes(copy)).toEqual(await weightBytes(model));
		const x = tf.tensor2d(seededValues(12, 4), [2, 6]);
		const [p, q] = [model.predict(x) as tf.Tensor, copy.predict(x) as tf.Tensor];
		expect(await q.data()).toEqual(await p.data());
		for (const t of [x, p, q, model, copy, plain]) t.dispose();
	});

	it('exports every role of a family with optimizer state and resumes from the import', async () => {
		const db = await freshDb();
		const { id } = await createModel({ db, name: 'GAN', kind: 'gan', config: {} });
		const generator = denseModel(2, 4, 3);
		const discriminator = denseModel(3, 4, 1);
		const gOpt = tf.train.adam(0.01);
		generator.compile({ optimizer: gOpt, loss: 'meanSquaredError' });
		const z = tf.tensor2d(seededValues(8, 2), [4, 2]);
		const target = tf.tensor2d(seededValues(12, 3), [4, 3]);
		await generator.trainOnBatch(z, target);
		await saveCheckpoint({
			db,
			modelId: id,
			models: { discriminator, generator },
			optimizers: { generator: gOpt },
			step: 1,
			...meta
		});

		const zip = await exportModelZip(id, { db, includeCheckpoint: true });
		const files = unzipSync(zip);
		expect(Object.keys(files).sort()).toEqual([
			'checkpoint/generator.optimizer.bin',
			'checkpoint/state.json',
			'discriminator/model.json',
			'discriminator/weights.bin',
			'generator/model.json',
			'generator/weights.bin',
			'meta.json',
			'model.json'
		]);
		expect(JSON.parse(strFromU8(files['model.json']!)).weightsManifest[0].paths).toEqual([
			'generator/weights.bin'
		]);

		const imported = await importModelZip(zip, { db });
		const loaded = (await loadCheckpoint(imported.id, undefined, { db }))!;
		expect(loaded.checkpoint).toMatchObject({
			step: 1,
			epoch: 2,
			cursor: { offset: 64 },
			rngSeed: 9
		});
		const g2 = denseModel(2, 4, 3);
		const d2 = denseModel(3, 4, 1);
		const gOpt2 = tf.train.adam(0.01);
		g2.compile({ optimizer: gOpt2, loss: 'meanSquaredError' });
		await restoreInto(
			{ models: { generator: g2, discriminator: d2 }, optimizers: { generator: gOpt2 } },
			loaded
		);
		expect(await weightBytes(d2)).toEqual(await weightBytes(discriminator));
		await generator.trainOnBatch(z, target);
		await g2.trainOnBatch(z, target);
		const after = [
			(await generator.trainOnBatch(z, target)) as number,
			(await g2.trainOnBatch(z, target)) as number
		];
		expect(Math.abs(after[0]! - after[1]!)).toBeLessThan(1e-6);
		for (const t of [generator, discriminator, g2, d2, gOpt, gOpt2, z, target]) t.dispose();
	});

	it('rejects damaged or foreign files with ImportError and leaves the database unchanged', async () => {
		const db = await freshDb();
		const { id, model } = await savedSingle(db);
		const zip = await exportModelZip(id, { db });
		const before = await snapshot(db);
		const cases: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
			['truncated', zip.slice(0, zip.length >> 1), /not a readable zip/],
			['not a zip', new TextEncoder().encode('hello, I am a text file'), /not a readable zip/],
			['empty zip', zipSync({}), /meta\.json is missing/],
			[
				'flipped weight byte',
				tamper(zip, (f) => void (f['weights.bin']![3]! ^= 1), false),
				/checksum/
			],
			['missing weights', tamper(zip, (f) => delete f['weights.bin']), /weights\.bin is missing/],
			[
				'short weights',
				tamper(zip, (f) => void (f['weights.bin'] = f['weights.bin']!.slice(4))),
				/describes \d+ bytes of weights, found/
			],
			[
				'bad dtype',
				tamper(zip, (f) =>
					editJson(
						f,
						'model.json',
						(m) =>
							((m.weightsManifest as { weights: { dtype: string }[] }[])[0]!.weights[0]!.dtype =
								'complex64')
					)
				),
				/model\.json is not valid/
			],
			[
				'wrong format',
				tamper(zip, (f) => editJson(f, 'model.json', (m) => (m.format = 'graph-model'))),
				/model\.json is not valid/
			],
			[
				'bad meta',
				tamper(zip, (f) => editJson(f, 'meta.json', (m) => (m.roles = []))),
				/meta\.json is not valid/
			],
			[
				'future version',
				tamper(zip, (f) => editJson(f, 'meta.json', (m) => (m.formatVersion = 2))),
				/meta\.json is not valid/
			],
			[
				'meta not JSON',
				tamper(zip, (f) => void (f['meta.json'] = strToU8('{oops')), false),
				/not valid JSON/
			],
			[
				'unlisted file',
				tamper(zip, (f) => void (f['evil.js'] = strToU8('alert(1)')), false),
				/does not list/
			],
			[
				'fake thumbnail',
				tamper(zip, (f) => void (f['thumbnail.png'] = strToU8('GIF89a'))),
				/not a PNG/
			],
			[
				'broken topology',
				tamper(zip, (f) =>
					editJson(
						f,
						'model.json',
						(m) => ((m.modelTopology as { class_name: string }).class_name = 'NoSuchModel')
					)
				),
				/cannot be built/
			]
		];
		for (const [label, bytes, message] of cases) {
			const err = await importModelZip(await bytes, { db }).catch((e: unknown) => e);
			expect(err, label).toBeInstanceOf(ImportError);
			expect((err as Error).message, label).toMatch(message);
		}
		expect(await snapshot(db)).toEqual(before);
		model.dispose();
	});

	it('a cancelled import writes nothing', async () => {
		const db = await freshDb();
		const { id, model } = await savedSingle(db);
		const zip = await exportModelZip(id, { db });
		const before = await snapshot(db);
		const ctrl = new AbortController();
		ctrl.abort();
		await expect(importModelZip(zip, { db, signal: ctrl.signal })).rejects.toMatchObject({
			name: 'AbortError'
		});
		expect(await snapshot(db)).toEqual(before);
		model.dispose();
	});

	it('a quota error during import is an ImportError and writes nothing', async () => {
		const db = await freshDb();
		const { id, model } = await savedSingle(db);
		const zip = await exportModelZip(id, { db });
		const before = await snapshot(db);
		const realPut = IDBObjectStore.prototype.put;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['put']>
		) {
			if (this.name === 'checkpoints') throw new DOMException('full', 'QuotaExceededError');
			return realPut.apply(this, args);
		});
		const err = await importModelZip(zip, { db }).catch((e: unknown) => e);
		vi.restoreAllMocks();
		expect(err).toBeInstanceOf(ImportError);
		expect((err as ImportError).cause).toBeInstanceOf(StorageFullError);
		expect(await snapshot(db)).toEqual(before);
		model.dispose();
	});
});

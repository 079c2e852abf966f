import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from 'idb';
import {
	openLatentDb,
	DB_VERSION,
	newId,
	type CheckpointRecord,
	type LatentDb,
	type ModelRecord
} from './db';

function schemaOf(handle: LatentDb) {
	const db = unwrap(handle) as IDBDatabase;
	const tx = db.transaction(Array.from(db.objectStoreNames), 'readonly');
	return Array.from(db.objectStoreNames)
		.sort()
		.map((name) => {
			const s = tx.objectStore(name);
			const indexes = Array.from(s.indexNames)
				.sort()
				.map((i) => `${i}:${JSON.stringify(s.index(i).keyPath)}`);
			return `${name}(${JSON.stringify(s.keyPath)})[${indexes.join(',')}]`;
		});
}

afterEach(() => vi.unstubAllGlobals());

describe('openLatentDb', () => {
	it('creates the current schema', async () => {
		const db = await openLatentDb({ name: `fresh-${newId()}` });
		expect(db?.version).toBe(DB_VERSION);
		expect(Array.from(db!.objectStoreNames).sort()).toEqual([
			'checkpoints',
			'chunks',
			'models',
			'samples'
		]);
		db!.close();
	});

	it('migrates a v1 database with data to v2 and keeps the data', async () => {
		const name = `mig-${newId()}`;
		const onClosed = { count: 0 };
		const v1 = await openLatentDb({ name, version: 1, onClosed: () => onClosed.count++ });
		expect(v1?.version).toBe(1);
		expect(v1!.objectStoreNames.contains('samples')).toBe(false);
		// v1 model records had no sizeBytes; the cast writes that old shape on purpose.
		const oldModel = {
			id: 'm1',
			name: 'old ae',
			kind: 'dense-ae',
			config: { latent: 2 },
			dataset: 'fashion-mnist',
			createdAt: 1,
			updatedAt: 2,
			metrics: { mse: 0.02 },
			thumbnail: new Uint8Array([137, 80, 78, 71]),
			latestCheckpointId: 'c1'
		} as unknown as ModelRecord;
		const cp: CheckpointRecord = {
			id: 'c1',
			modelId: 'm1',
			step: 10,
			epoch: 1,
			createdAt: 3,
			cursor: { offset: 640 },
			rngSeed: 7,
			losses: { steps: [5, 10], series: { loss: [0.5, 0.4] } },
			parts: [],
			chunkKeys: ['c1/0-model-ae/000000'],
			byteLength: 12
		};
		await v1!.put('models', oldModel);
		await v1!.put('checkpoints', cp);
		await v1!.put('chunks', {
			key: 'c1/0-model-ae/000000',
			data: new Uint8Array(12).fill(9).buffer
		});

		// The v1 connection is still open: the upgrade must make it close instead of blocking.
		const v2 = await openLatentDb({ name });
		expect(v2?.version).toBe(2);
		expect(onClosed.count).toBe(1);

		const fresh = await openLatentDb({ name: `fresh-${newId()}` });
		expect(schemaOf(v2!)).toEqual(schemaOf(fresh!));

		const m = await v2!.get('models', 'm1');
		expect(m).toMatchObject({ name: 'old ae', metrics: { mse: 0.02 }, latestCheckpointId: 'c1' });
		expect(m?.sizeBytes).toBe(12 + 4);
		expect(Array.from(m!.thumbnail!)).toEqual([137, 80, 78, 71]);
		expect(await v2!.get('checkpoints', 'c1')).toEqual(cp);
		const chunk = await v2!.get('chunks', 'c1/0-model-ae/000000');
		expect(Array.from(new Uint8Array(chunk!.data))).toEqual(new Array(12).fill(9));
		// New indexes work on migrated data.
		expect(await v2!.getAllKeysFromIndex('checkpoints', 'modelStep', ['m1', 10])).toEqual(['c1']);
		expect(await v2!.getAllKeysFromIndex('models', 'deletedAt')).toEqual([]);
		v2!.close();
		fresh!.close();
	});

	it('resolves undefined instead of throwing when the version is older than the database', async () => {
		const name = `old-${newId()}`;
		const v2 = await openLatentDb({ name });
		v2!.close();
		await expect(openLatentDb({ name, version: 1 })).resolves.toBeUndefined();
	});

	it('reports a connection that does not close, then opens once it does', async () => {
		const name = `blocked-${newId()}`;
		// A tab running old code: a raw v1 connection with no versionchange handler.
		const raw = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(name, 1);
			req.onupgradeneeded = () => {
				req.result.createObjectStore('models', { keyPath: 'id' });
				req.result
					.createObjectStore('checkpoints', { keyPath: 'id' })
					.createIndex('modelId', 'modelId');
				req.result.createObjectStore('chunks', { keyPath: 'key' });
			};
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		let blocked = 0;
		const opening = openLatentDb({ name, onBlocked: () => blocked++ });
		await new Promise((r) => setTimeout(r, 20));
		expect(blocked).toBe(1);
		raw.close();
		const db = await opening;
		expect(db?.version).toBe(DB_VERSION);
		expect(Array.from(db!.objectStoreNames)).toContain('samples');
		db!.close();
	});

	it('a migration that fails leaves the old version and resolves undefined', async () => {
		const name = `broken-${newId()}`;
		// Not a real v1 (no checkpoints store): the v2 migration cannot run on it.
		await new Promise<void>((resolve) => {
			const req = indexedDB.open(name, 1);
			req.onupgradeneeded = () => req.result.createObjectStore('models', { keyPath: 'id' });
			req.onsuccess = () => {
				req.result.close();
				resolve();
			};
		});
		await expect(openLatentDb({ name })).resolves.toBeUndefined();
		const v1 = await openLatentDb({ name, version: 1 });
		expect(v1?.version).toBe(1);
		v1!.close();
	});

	it('resolves undefined where IndexedDB does not exist, and resolveDb throws a typed error', async () => {
		vi.stubGlobal('indexedDB', undefined);
		// A fresh copy of the module: test files share modules, and another may have opened the
		// app's database already (the handle is cached).
		vi.resetModules();
		const fresh = await import('./db');
		await expect(fresh.openLatentDb({ name: `none-${newId()}` })).resolves.toBeUndefined();
		await expect(fresh.resolveDb()).rejects.toBeInstanceOf(fresh.StorageUnavailableError);
	});
});

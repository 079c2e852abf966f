import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listCheckpoints, loadCheckpoint, restoreInto, saveCheckpoint } from './checkpoints';
import type { LatentDb } from './db';
import { StorageFullError } from './errors';
import {
	createModel,
	deleteModel,
	duplicateModel,
	getModel,
	listModels,
	purgeDeleted,
	purgeModel,
	renameModel,
	requestPersistence,
	storageEstimate,
	undoDelete,
	updateModel
} from './library';
import { addSample, listSamples } from './samples';
import { denseModel, freshDb, useCpu, weightBytes } from './test-helpers';

beforeAll(useCpu);
afterEach(() => {
	vi.unstubAllGlobals();
	vi.restoreAllMocks();
});

const meta = { epoch: 0, cursor: null, rngSeed: 1, losses: { steps: [], series: {} } };

async function trained(db: LatentDb, name: string) {
	const rec = await createModel({ db, name, kind: 'dense', config: { units: 8 } });
	const model = denseModel();
	await saveCheckpoint({
		db,
		modelId: rec.id,
		models: { model },
		optimizers: {},
		step: 1,
		chunkBytes: 64,
		...meta
	});
	return { id: rec.id, model };
}

describe('library', () => {
	it('lists models newest first with their size, and renames', async () => {
		const db = await freshDb();
		const a = await trained(db, 'first');
		const b = await trained(db, 'second');
		await addSample({ db, modelId: b.id, step: 1, png: new Uint8Array(100) });
		await new Promise((r) => setTimeout(r, 5)); // a later updatedAt than b's save
		await renameModel(a.id, '  renamed  ', { db });
		const list = await listModels({ db });
		expect(list.map((m) => m.name)).toEqual(['renamed', 'second']);
		const weights = (4 * 8 + 8 + 8 * 3 + 3) * 4;
		expect(list.map((m) => m.sizeBytes)).toEqual([weights, weights + 100]);
		expect((await listSamples(b.id, { db })).map((s) => s.step)).toEqual([1]);
		await expect(renameModel(a.id, '   ', { db })).rejects.toThrow(/name/);
		a.model.dispose();
		b.model.dispose();
	});

	it('duplicates a model with a deep copy of its latest checkpoint', async () => {
		const db = await freshDb();
		const src = await trained(db, 'orig');
		const copy = await duplicateModel(src.id, { db });
		expect(copy).toMatchObject({ name: 'orig (copy)', kind: 'dense', config: { units: 8 } });
		expect(copy.id).not.toBe(src.id);
		const [srcCp] = await listCheckpoints(src.id, { db });
		const [copyCp] = await listCheckpoints(copy.id, { db });
		expect(copyCp!.chunkKeys.length).toBe(srcCp!.chunkKeys.length);
		expect(copyCp!.chunkKeys.some((k) => srcCp!.chunkKeys.includes(k))).toBe(false);
		expect(copy.sizeBytes).toBe(srcCp!.byteLength);
		// Deleting the original for good must not touch the copy's weights.
		await deleteModel(src.id, { db });
		await purgeDeleted({ db });
		const restored = denseModel();
		await restoreInto(
			{ models: { model: restored } },
			(await loadCheckpoint(copy.id, undefined, { db }))!
		);
		expect(await weightBytes(restored)).toEqual(await weightBytes(src.model));
		src.model.dispose();
		restored.dispose();
	});

	it('soft-deletes with undo, then purges everything of a model', async () => {
		const db = await freshDb();
		const keep = await trained(db, 'keep');
		const gone = await trained(db, 'gone');
		await addSample({ db, modelId: gone.id, step: 3, png: new Uint8Array(10) });
		await deleteModel(gone.id, { db });
		expect((await listModels({ db })).map((m) => m.name)).toEqual(['keep']);
		expect((await listModels({ db, includeDeleted: true })).length).toBe(2);
		await undoDelete(gone.id, { db });
		expect((await listModels({ db })).length).toBe(2);

		await deleteModel(gone.id, { db });
		expect(await purgeDeleted({ db, olderThanMs: 60_000 })).toEqual([]);
		expect(await purgeDeleted({ db })).toEqual([gone.id]);
		expect(await getModel(gone.id, { db })).toBeUndefined();
		expect(await listCheckpoints(gone.id, { db })).toEqual([]);
		expect(await listSamples(gone.id, { db })).toEqual([]);
		const [keepCp] = await listCheckpoints(keep.id, { db });
		expect((await db.getAllKeys('chunks')).sort()).toEqual([...keepCp!.chunkKeys].sort());
		keep.model.dispose();
		gone.model.dispose();
	});

	it('storage helpers return undefined where the API is missing and pass answers through', async () => {
		vi.stubGlobal('navigator', undefined);
		expect(await storageEstimate()).toBeUndefined();
		expect(await requestPersistence()).toBeUndefined();
		const persist = vi.fn(async () => false);
		vi.stubGlobal('navigator', {
			storage: {
				estimate: async () => ({ usage: 5, quota: 100 }),
				persisted: async () => false,
				persist
			}
		});
		expect(await storageEstimate()).toEqual({ usage: 5, quota: 100 });
		expect(await requestPersistence()).toBe(false);
		expect(persist).toHaveBeenCalledOnce();
		vi.stubGlobal('navigator', {
			storage: { estimate: async () => Promise.reject(new Error('denied')) }
		});
		expect(await storageEstimate()).toBeUndefined();
	});

	it('a model update refused for quota is StorageFullError, with no unhandled rejection', async () => {
		const db = await freshDb();
		const { id, model } = await trained(db, 'full');
		const before = await getModel(id, { db });
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			const realPut = IDBObjectStore.prototype.put;
			vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
				this: IDBObjectStore,
				...args: Parameters<IDBObjectStore['put']>
			) {
				if (this.name !== 'models') return realPut.apply(this, args);
				// fake-indexeddb internals: the queued write itself fails, so the error arrives on the
				// request and aborts the transaction (as a browser's quota failure does).
				const raw = (this as unknown as { _rawObjectStore: { storeRecord: () => void } })
					._rawObjectStore;
				const original = raw.storeRecord;
				raw.storeRecord = () => {
					throw new DOMException('Quota exceeded', 'QuotaExceededError');
				};
				try {
					return realPut.apply(this, args);
				} finally {
					raw.storeRecord = original;
				}
			});
			const err = await updateModel(id, { thumbnail: new Uint8Array(321) }, { db }).catch(
				(e: unknown) => e
			);
			vi.restoreAllMocks();
			expect(err).toBeInstanceOf(StorageFullError);
			expect((err as StorageFullError).bytesAttempted).toBe(321);
			await new Promise((r) => setTimeout(r, 20));
			expect(unhandled).toEqual([]);
			expect(await getModel(id, { db })).toEqual(before);
		} finally {
			process.off('unhandledRejection', onUnhandled);
			model.dispose();
		}
	});

	it('a purge that fails part-way deletes nothing', async () => {
		const db = await freshDb();
		const { id, model } = await trained(db, 'half');
		const chunksBefore = (await db.getAllKeys('chunks')).length;
		const realDelete = IDBObjectStore.prototype.delete;
		vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['delete']>
		) {
			// The chunks are already deleted by then: they must come back with the rest.
			if (this.name === 'checkpoints') throw new DOMException('disk error', 'UnknownError');
			return realDelete.apply(this, args);
		});
		await expect(purgeModel(id, { db })).rejects.toThrow('disk error');
		vi.restoreAllMocks();
		expect(chunksBefore).toBeGreaterThan(0);
		expect((await db.getAllKeys('chunks')).length).toBe(chunksBefore);
		expect((await listCheckpoints(id, { db })).length).toBe(1);
		expect(await getModel(id, { db })).toBeDefined();
		model.dispose();
	});
});

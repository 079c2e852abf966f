/** The model library: create, list, rename, duplicate, delete with undo, and storage health. */
import { newId, resolveDb, type JsonValue, type LatentDb, type ModelRecord } from './db';
import { writeFailure } from './errors';
import { withModelLock } from './locks';
import { deleteStylizerInputs } from './stylizer-inputs';

interface DbOption {
	db?: LatentDb;
}

export interface NewModel extends DbOption {
	name: string;
	kind: string;
	config: JsonValue;
	dataset?: string | null;
	metrics?: Record<string, number>;
}

/** Creates an empty model record (no checkpoint yet) and returns it. */
export async function createModel(opts: NewModel): Promise<ModelRecord> {
	const db = await resolveDb(opts.db);
	const now = Date.now();
	const record: ModelRecord = {
		id: newId(),
		name: opts.name,
		kind: opts.kind,
		config: opts.config,
		dataset: opts.dataset ?? null,
		createdAt: now,
		updatedAt: now,
		metrics: opts.metrics ?? {},
		latestCheckpointId: null,
		sizeBytes: 0
	};
	await db.put('models', record);
	return record;
}

/** The model record, or undefined when it does not exist. */
export async function getModel(id: string, opts: DbOption = {}): Promise<ModelRecord | undefined> {
	const db = await resolveDb(opts.db);
	return db.get('models', id);
}

/** Models newest first, with their size in bytes; soft-deleted ones only when asked. */
export async function listModels(
	opts: DbOption & { includeDeleted?: boolean } = {}
): Promise<ModelRecord[]> {
	const db = await resolveDb(opts.db);
	const all = await db.getAll('models');
	return all
		.filter((m) => opts.includeDeleted || m.deletedAt === undefined)
		.sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * Changes fields of a model record under its lock; returns the updated record. A quota failure
 * becomes a StorageFullError for `bytes` (what the change adds).
 */
async function patchModel(
	id: string,
	db: LatentDb,
	change: (m: ModelRecord) => ModelRecord,
	bytes = 0
): Promise<ModelRecord> {
	return withModelLock(id, async () => {
		const tx = db.transaction('models', 'readwrite');
		const done = tx.done;
		done.catch(() => undefined); // awaited below; this only keeps an abort from being "unhandled"
		try {
			const current = await tx.store.get(id);
			if (!current) throw new Error(`no model '${id}'`);
			const next = change(current);
			await tx.store.put(next);
			await done;
			return next;
		} catch (err) {
			throw await writeFailure(err, tx, done, bytes);
		}
	});
}

/** Renames a model. */
export async function renameModel(id: string, name: string, opts: DbOption = {}) {
	const trimmed = name.trim();
	if (!trimmed) throw new Error('a model needs a name');
	const db = await resolveDb(opts.db);
	return patchModel(id, db, (m) => ({ ...m, name: trimmed, updatedAt: Date.now() }));
}

/** Updates metrics and/or the thumbnail (PNG bytes) of a model. */
export async function updateModel(
	id: string,
	patch: { metrics?: Record<string, number>; thumbnail?: Uint8Array; config?: JsonValue },
	opts: DbOption = {}
) {
	const db = await resolveDb(opts.db);
	return patchModel(
		id,
		db,
		(m) => {
			const next = { ...m, updatedAt: Date.now() };
			if (patch.metrics) next.metrics = { ...m.metrics, ...patch.metrics };
			if (patch.config !== undefined) next.config = patch.config;
			if (patch.thumbnail) {
				next.sizeBytes += patch.thumbnail.byteLength - (m.thumbnail?.byteLength ?? 0);
				next.thumbnail = patch.thumbnail;
			}
			return next;
		},
		patch.thumbnail?.byteLength ?? 0
	);
}

/**
 * Copies a model and its latest checkpoint (chunks included) under a new id, in one
 * transaction. Returns the new record.
 */
export async function duplicateModel(
	id: string,
	opts: DbOption & { name?: string } = {}
): Promise<ModelRecord> {
	const db = await resolveDb(opts.db);
	return withModelLock(id, async () => {
		const tx = db.transaction(['models', 'checkpoints', 'chunks'], 'readwrite');
		const done = tx.done;
		done.catch(() => undefined);
		let bytes = 0;
		try {
			const source = await tx.objectStore('models').get(id);
			if (!source) throw new Error(`no model '${id}'`);
			const now = Date.now();
			const copy: ModelRecord = {
				...source,
				id: newId(),
				name: opts.name ?? `${source.name} (copy)`,
				createdAt: now,
				updatedAt: now,
				latestCheckpointId: null,
				sizeBytes: source.thumbnail?.byteLength ?? 0
			};
			delete copy.deletedAt;
			const cp = source.latestCheckpointId
				? await tx.objectStore('checkpoints').get(source.latestCheckpointId)
				: undefined;
			if (cp) {
				const cpId = newId();
				const chunks = tx.objectStore('chunks');
				const parts = [];
				for (const part of cp.parts) {
					const keys = [];
					for (const key of part.chunkKeys) {
						const chunk = await chunks.get(key);
						if (!chunk) throw new Error(`checkpoint ${cp.id} is missing chunk ${key}`);
						const newKey = cpId + key.slice(key.indexOf('/'));
						await chunks.put({ key: newKey, data: chunk.data });
						keys.push(newKey);
					}
					parts.push({ ...part, chunkKeys: keys });
				}
				bytes = cp.byteLength;
				await tx.objectStore('checkpoints').put({
					...cp,
					id: cpId,
					modelId: copy.id,
					parts,
					chunkKeys: parts.flatMap((p) => p.chunkKeys)
				});
				copy.latestCheckpointId = cpId;
				copy.sizeBytes += cp.byteLength;
			}
			await tx.objectStore('models').put(copy);
			await done;
			return copy;
		} catch (err) {
			throw await writeFailure(err, tx, done, bytes);
		}
	});
}

/** Soft-deletes a model: it disappears from the list but can be restored with `undoDelete`. */
export async function deleteModel(id: string, opts: DbOption = {}): Promise<ModelRecord> {
	const db = await resolveDb(opts.db);
	return patchModel(id, db, (m) => ({ ...m, deletedAt: Date.now() }));
}

/** Brings back a soft-deleted model. */
export async function undoDelete(id: string, opts: DbOption = {}): Promise<ModelRecord> {
	const db = await resolveDb(opts.db);
	return patchModel(id, db, (m) => {
		const next = { ...m };
		delete next.deletedAt;
		return next;
	});
}

/** Removes a model and all its checkpoints, chunks and samples for good. */
export async function purgeModel(id: string, opts: DbOption = {}): Promise<void> {
	const db = await resolveDb(opts.db);
	await withModelLock(id, async () => {
		const tx = db.transaction(['models', 'checkpoints', 'chunks', 'samples'], 'readwrite');
		const done = tx.done;
		done.catch(() => undefined); // awaited below; this only keeps an abort from being "unhandled"
		try {
			const checkpoints = await tx.objectStore('checkpoints').index('modelId').getAll(id);
			for (const cp of checkpoints) {
				for (const key of cp.chunkKeys) await tx.objectStore('chunks').delete(key);
				await tx.objectStore('checkpoints').delete(cp.id);
			}
			const sampleKeys = await tx.objectStore('samples').index('modelId').getAllKeys(id);
			for (const key of sampleKeys) await tx.objectStore('samples').delete(key);
			await tx.objectStore('models').delete(id);
			await done;
		} catch (err) {
			// Aborted as a whole: a half-purged model (chunks gone, checkpoint kept) would be corrupt.
			throw await writeFailure(err, tx, done, 0);
		}
	});
	// A stylizer's training photo goes with it; a failure here must not undo the purge.
	if (typeof indexedDB !== 'undefined') await deleteStylizerInputs(id).catch(() => undefined);
}

/** Purges models soft-deleted at least `olderThanMs` ago; returns the ids removed. */
export async function purgeDeleted(
	opts: DbOption & { olderThanMs?: number } = {}
): Promise<string[]> {
	const db = await resolveDb(opts.db);
	const cutoff = Date.now() - (opts.olderThanMs ?? 0);
	const ids = await db.getAllKeysFromIndex('models', 'deletedAt', IDBKeyRange.upperBound(cutoff));
	for (const id of ids) await purgeModel(id, { db });
	return ids;
}

export interface StorageEstimate {
	usage?: number;
	quota?: number;
}

interface StorageManagerLike {
	estimate?: () => Promise<StorageEstimate>;
	persist?: () => Promise<boolean>;
	persisted?: () => Promise<boolean>;
}

function storageManager(): StorageManagerLike | undefined {
	return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

/** Bytes used and available for this origin, or undefined where the platform cannot tell. */
export async function storageEstimate(): Promise<StorageEstimate | undefined> {
	try {
		const est = await storageManager()?.estimate?.();
		return est ? { usage: est.usage, quota: est.quota } : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Asks the browser not to evict our data. true/false is the browser's answer; undefined where
 * the API does not exist (workers in some browsers, Node).
 */
export async function requestPersistence(): Promise<boolean | undefined> {
	try {
		const sm = storageManager();
		if (typeof sm?.persist !== 'function') return undefined;
		if ((await sm.persisted?.()) === true) return true;
		return await sm.persist();
	} catch {
		return undefined;
	}
}

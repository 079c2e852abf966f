/**
 * The IndexedDB schema of Latent Lab and its migrations. Runs in the page and in Web Workers:
 * it touches nothing but `indexedDB` (and `crypto` for ids).
 *
 * Versions:
 * - v1: `models`, `checkpoints` (index `modelId`), `chunks` (binary pieces of weights).
 * - v2: `samples` store; models gain `sizeBytes` (backfilled) and `deletedAt` (soft delete, with
 *   an index so purging finds them); checkpoints gain a `[modelId, step]` index for pruning.
 */
import {
	openDB,
	type DBSchema,
	type IDBPDatabase,
	type IDBPTransaction,
	type StoreNames
} from 'idb';
import type { io } from '@tensorflow/tfjs-core';

/** The newest schema version this code writes. */
export const DB_VERSION = 2;
/** The database name used by the app; tests pass their own. */
export const DB_NAME = 'latent-lab';

/** Any value that survives JSON (cursor state, configs). */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ModelRecord {
	id: string;
	name: string;
	/** Model family id, e.g. 'conv-ae', 'dcgan'. */
	kind: string;
	config: JsonValue;
	dataset: string | null;
	createdAt: number;
	updatedAt: number;
	metrics: Record<string, number>;
	/** PNG bytes. */
	thumbnail?: Uint8Array;
	latestCheckpointId: string | null;
	/** Bytes held by this model's checkpoints, samples and thumbnail. */
	sizeBytes: number;
	/** Set when the user deletes the model; the records stay until purged so delete can be undone. */
	deletedAt?: number;
}

/** Loss curves as columns: `series[name][i]` is the loss at `steps[i]`. */
export interface LossHistory {
	steps: number[];
	series: Record<string, number[]>;
}

/** One serialised tensor group inside a checkpoint: a role's model weights or optimizer state. */
export interface CheckpointPart {
	role: string;
	type: 'model' | 'optimizer';
	/** tfjs weight specs, in the order the bytes are laid out. */
	specs: io.WeightsManifestEntry[];
	/** Keras-style topology JSON (model parts only). */
	modelTopology?: JsonValue;
	generatedBy?: string;
	chunkKeys: string[];
	byteLength: number;
}

export interface CheckpointRecord {
	id: string;
	modelId: string;
	step: number;
	epoch: number;
	createdAt: number;
	/** Where the data pipeline was, opaque to the store. */
	cursor: JsonValue;
	rngSeed: number;
	losses: LossHistory;
	parts: CheckpointPart[];
	/** Every chunk key of every part. */
	chunkKeys: string[];
	byteLength: number;
}

export interface ChunkRecord {
	key: string;
	data: ArrayBuffer;
}

export interface SampleRecord {
	modelId: string;
	step: number;
	/** PNG bytes. */
	png: Uint8Array;
	createdAt: number;
}

export interface LatentSchema extends DBSchema {
	models: {
		key: string;
		value: ModelRecord;
		indexes: { updatedAt: number; deletedAt: number };
	};
	checkpoints: {
		key: string;
		value: CheckpointRecord;
		indexes: { modelId: string; modelStep: [string, number] };
	};
	chunks: { key: string; value: ChunkRecord };
	samples: {
		key: [string, number];
		value: SampleRecord;
		indexes: { modelId: string };
	};
}

export type LatentDb = IDBPDatabase<LatentSchema>;
type UpgradeTx = IDBPTransaction<LatentSchema, StoreNames<LatentSchema>[], 'versionchange'>;

/**
 * Migrations by target version. Each one turns the schema of version n-1 into version n, so a
 * database of any earlier version walks every step in order.
 */
const MIGRATIONS: Record<number, (db: LatentDb, tx: UpgradeTx) => void> = {
	1(db) {
		db.createObjectStore('models', { keyPath: 'id' });
		const checkpoints = db.createObjectStore('checkpoints', { keyPath: 'id' });
		checkpoints.createIndex('modelId', 'modelId');
		db.createObjectStore('chunks', { keyPath: 'key' });
	},
	2(db, tx) {
		const samples = db.createObjectStore('samples', { keyPath: ['modelId', 'step'] });
		samples.createIndex('modelId', 'modelId');
		const models = tx.objectStore('models');
		models.createIndex('updatedAt', 'updatedAt');
		// Records without `deletedAt` stay out of this index, so it lists exactly the deleted ones.
		models.createIndex('deletedAt', 'deletedAt');
		tx.objectStore('checkpoints').createIndex('modelStep', ['modelId', 'step']);
		// A failed backfill aborts the whole upgrade: the v1 data stays as it was.
		backfillSizes(tx).catch(() => {
			try {
				tx.abort();
			} catch {
				// Already aborted.
			}
		});
	}
};

/** v1 models had no `sizeBytes`: sum their checkpoints' bytes inside the upgrade transaction. */
async function backfillSizes(tx: UpgradeTx): Promise<void> {
	const bytesByModel = new Map<string, number>();
	for (const cp of await tx.objectStore('checkpoints').getAll()) {
		bytesByModel.set(cp.modelId, (bytesByModel.get(cp.modelId) ?? 0) + (cp.byteLength ?? 0));
	}
	let cursor = await tx.objectStore('models').openCursor();
	while (cursor) {
		const m = cursor.value;
		await cursor.update({
			...m,
			sizeBytes: (bytesByModel.get(m.id) ?? 0) + (m.thumbnail?.byteLength ?? 0)
		});
		cursor = await cursor.continue();
	}
}

export interface OpenOptions {
	name?: string;
	/** Open at an older version (tests build old databases this way). */
	version?: number;
	/** Another tab holds an older version open; the UI may ask the user to close it. */
	onBlocked?: () => void;
	/** A newer version elsewhere forced this connection closed; the app should reload soon. */
	onClosed?: () => void;
}

const cache = new Map<string, Promise<LatentDb | undefined>>();

/**
 * Opens (and migrates) the database; resolves `undefined` instead of throwing when IndexedDB is
 * unavailable or broken, so the app can run without saving.
 */
export function openLatentDb(opts: OpenOptions = {}): Promise<LatentDb | undefined> {
	const name = opts.name ?? DB_NAME;
	const version = opts.version ?? DB_VERSION;
	// Not cached: without IndexedDB there is no handle to share.
	if (typeof indexedDB === 'undefined') return Promise.resolve(undefined);
	const key = `${name}@${version}`;
	const hit = cache.get(key);
	if (hit) return hit;
	const forget = () => {
		if (cache.get(key) === opening) cache.delete(key);
	};
	const opening: Promise<LatentDb | undefined> = (async () => {
		try {
			const db = await openDB<LatentSchema>(name, version, {
				upgrade(db, oldVersion, newVersion, tx) {
					// A failed migration aborts the upgrade; openDB then rejects and we resolve undefined.
					tx.done.catch(() => undefined);
					for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) MIGRATIONS[v]?.(db, tx);
				},
				blocked: () => opts.onBlocked?.(),
				// Close at once so another tab's upgrade is not held up by this one.
				blocking: () => {
					forget();
					db.close();
					opts.onClosed?.();
				},
				terminated: () => {
					forget();
					opts.onClosed?.();
				}
			});
			return db;
		} catch {
			forget();
			return undefined;
		}
	})();
	cache.set(key, opening);
	return opening;
}

/** Thrown when the store is needed but IndexedDB cannot be opened (private mode, disabled). */
export class StorageUnavailableError extends Error {
	override name = 'StorageUnavailableError';
	constructor() {
		super('Local storage for models is not available in this browser session.');
	}
}

/** Resolves the handle a caller passed, or the app's database; throws a typed error if none. */
export async function resolveDb(db?: LatentDb): Promise<LatentDb> {
	const handle = db ?? (await openLatentDb());
	if (!handle) throw new StorageUnavailableError();
	return handle;
}

/** A random id; `randomUUID` needs a secure context, so fall back to random bytes. */
export function newId(): string {
	const c = globalThis.crypto;
	if (typeof c?.randomUUID === 'function') return c.randomUUID();
	const b = c.getRandomValues(new Uint8Array(16));
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

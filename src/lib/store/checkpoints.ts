/**
 * Training checkpoints: every model's weights and every optimizer's state, written with the
 * checkpoint record and the model's `latestCheckpointId` in ONE transaction, so a reload, a crash
 * or a full disk leaves either the new checkpoint or the previous one, never half of one.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
	newId,
	resolveDb,
	type CheckpointPart,
	type CheckpointRecord,
	type JsonValue,
	type LatentDb,
	type LossHistory,
	type ModelRecord
} from './db';
import { CHUNK_BYTES, splitIntoChunks } from './chunks';
import { writeFailure } from './errors';
import { withModelLock } from './locks';
import {
	applyModelPart,
	applyOptimizerPart,
	serializeModel,
	serializeOptimizer,
	type PendingPart
} from './serialize';

/** Checkpoints kept per model unless told otherwise. */
export const DEFAULT_KEEP = 3;

export interface CheckpointMeta {
	step: number;
	epoch: number;
	cursor: JsonValue;
	rngSeed: number;
	losses: LossHistory;
}

export interface ModelPatch {
	metrics?: Record<string, number>;
	thumbnail?: Uint8Array;
}

export interface CommitOptions {
	db: LatentDb;
	modelId: string;
	meta: CheckpointMeta;
	parts: PendingPart[];
	keep?: number;
	chunkBytes?: number;
	/** Create this model record in the same transaction (imports, duplicates). */
	createModel?: ModelRecord;
	/** Metrics to merge and a new thumbnail (PNG), written in the same transaction. */
	modelPatch?: ModelPatch;
	/** Called inside the transaction after each chunk put; throwing aborts the whole write. */
	onChunkWritten?: (index: number, total: number) => void;
}

/**
 * Writes parts + checkpoint record + model pointer in one transaction and prunes older
 * checkpoints beyond `keep` in it too. Takes no lock: callers hold the model's lock.
 */
export async function commitCheckpoint(opts: CommitOptions): Promise<CheckpointRecord> {
	const keep = Math.max(1, Math.floor(opts.keep ?? DEFAULT_KEEP));
	const id = newId();
	const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
	// Everything is sliced before the transaction opens: a non-IDB await inside it would let it
	// auto-commit half-written.
	const chunks = [];
	const parts: CheckpointPart[] = [];
	for (const [i, p] of opts.parts.entries()) {
		const pieces = splitIntoChunks(`${id}/${i}-${p.type}-${p.role}`, p.data, chunkBytes);
		chunks.push(...pieces);
		const { data, ...rest } = p;
		parts.push({ ...rest, chunkKeys: pieces.map((c) => c.key), byteLength: data.byteLength });
	}
	const byteLength = parts.reduce((n, p) => n + p.byteLength, 0);
	const record: CheckpointRecord = {
		id,
		modelId: opts.modelId,
		...opts.meta,
		createdAt: Date.now(),
		parts,
		chunkKeys: parts.flatMap((p) => p.chunkKeys),
		byteLength
	};

	const tx = opts.db.transaction(['models', 'checkpoints', 'chunks'], 'readwrite');
	const done = tx.done;
	done.catch(() => undefined); // awaited below; this only keeps an abort from being "unhandled"
	try {
		const models = tx.objectStore('models');
		const model = opts.createModel ?? (await models.get(opts.modelId));
		if (!model) throw new Error(`no model '${opts.modelId}'`);
		const chunkStore = tx.objectStore('chunks');
		for (const [i, c] of chunks.entries()) {
			await chunkStore.put(c);
			opts.onChunkWritten?.(i, chunks.length);
		}
		const checkpoints = tx.objectStore('checkpoints');
		await checkpoints.put(record);

		const all = await checkpoints.index('modelId').getAll(opts.modelId);
		// Most recent last: a run resumed from an older checkpoint keeps its new saves.
		all.sort((a, b) =>
			a.id === id ? 1 : b.id === id ? -1 : a.createdAt - b.createdAt || a.step - b.step
		);
		const doomed = all.filter((c) => c.id !== id).slice(0, Math.max(0, all.length - keep));
		let freed = 0;
		for (const old of doomed) {
			for (const key of old.chunkKeys) await chunkStore.delete(key);
			await checkpoints.delete(old.id);
			freed += old.byteLength;
		}
		const next: ModelRecord = {
			...model,
			latestCheckpointId: id,
			updatedAt: Date.now(),
			sizeBytes: Math.max(0, (model.sizeBytes ?? 0) + byteLength - freed)
		};
		const patch = opts.modelPatch;
		if (patch?.metrics) next.metrics = { ...model.metrics, ...patch.metrics };
		if (patch?.thumbnail) {
			next.sizeBytes += patch.thumbnail.byteLength - (model.thumbnail?.byteLength ?? 0);
			next.thumbnail = patch.thumbnail;
		}
		await models.put(next);
		await done;
		return record;
	} catch (err) {
		throw await writeFailure(
			err,
			tx,
			done,
			byteLength + (opts.modelPatch?.thumbnail?.byteLength ?? 0)
		);
	}
}

export interface SaveCheckpointOptions extends CheckpointMeta {
	modelId: string;
	/** Layers models by role, as `Trainer.models()` returns them. */
	models: Record<string, LayersModel>;
	/** Optimizers by role, as `Trainer.optimizers()` returns them. */
	optimizers: Record<string, tf.Optimizer>;
	/** Checkpoints to keep, the new one included. */
	keep?: number;
	/** Latest metrics (merged into the model's) and preview image, saved with the checkpoint. */
	metrics?: Record<string, number>;
	thumbnail?: Uint8Array;
	db?: LatentDb;
	chunkBytes?: number;
	onChunkWritten?: (index: number, total: number) => void;
	/** Checked between reading the tensors and writing; once writing starts it completes. */
	signal?: AbortSignal;
}

/** Saves a checkpoint of a training run; throws StorageFullError when the quota is exceeded. */
export async function saveCheckpoint(opts: SaveCheckpointOptions): Promise<CheckpointRecord> {
	const db = await resolveDb(opts.db);
	opts.signal?.throwIfAborted();
	const parts: PendingPart[] = [];
	for (const [role, model] of Object.entries(opts.models))
		parts.push(await serializeModel(role, model));
	for (const [role, optimizer] of Object.entries(opts.optimizers))
		parts.push(await serializeOptimizer(role, optimizer));
	opts.signal?.throwIfAborted();
	const { modelId, step, epoch, cursor, rngSeed, losses } = opts;
	return withModelLock(modelId, () =>
		commitCheckpoint({
			db,
			modelId,
			meta: { step, epoch, cursor, rngSeed, losses },
			parts,
			keep: opts.keep,
			chunkBytes: opts.chunkBytes,
			modelPatch: { metrics: opts.metrics, thumbnail: opts.thumbnail },
			onChunkWritten: opts.onChunkWritten
		})
	);
}

/** A part with its bytes read back (one ArrayBuffer per chunk, in order). */
export interface LoadedPart extends CheckpointPart {
	data: ArrayBuffer[];
}

export interface LoadedCheckpoint {
	checkpoint: CheckpointRecord;
	models: Record<string, LoadedPart>;
	optimizers: Record<string, LoadedPart>;
}

/** Thrown when a checkpoint record points at chunks that are missing or the wrong size. */
export class CorruptCheckpointError extends Error {
	override name = 'CorruptCheckpointError';
}

/**
 * Reads a checkpoint (the model's latest unless `checkpointId` is given). Resolves undefined
 * when the model or checkpoint does not exist.
 */
export async function loadCheckpoint(
	modelId: string,
	checkpointId?: string,
	opts: { db?: LatentDb } = {}
): Promise<LoadedCheckpoint | undefined> {
	const db = await resolveDb(opts.db);
	const tx = db.transaction(['models', 'checkpoints', 'chunks'], 'readonly');
	const model = await tx.objectStore('models').get(modelId);
	const id = checkpointId ?? model?.latestCheckpointId;
	if (!model || !id) return undefined;
	const checkpoint = await tx.objectStore('checkpoints').get(id);
	if (!checkpoint || checkpoint.modelId !== modelId) return undefined;
	const chunkStore = tx.objectStore('chunks');
	const loaded: LoadedCheckpoint = { checkpoint, models: {}, optimizers: {} };
	for (const part of checkpoint.parts) {
		const data: ArrayBuffer[] = [];
		for (const key of part.chunkKeys) {
			const chunk = await chunkStore.get(key);
			if (!chunk) throw new CorruptCheckpointError(`checkpoint ${id} is missing chunk ${key}`);
			data.push(chunk.data);
		}
		const got = data.reduce((n, b) => n + b.byteLength, 0);
		if (got !== part.byteLength)
			throw new CorruptCheckpointError(
				`checkpoint ${id}, ${part.type} '${part.role}': ${got} bytes, expected ${part.byteLength}`
			);
		(part.type === 'model' ? loaded.models : loaded.optimizers)[part.role] = { ...part, data };
	}
	return loaded;
}

/** Lists a model's checkpoints (metadata only), oldest step first. */
export async function listCheckpoints(
	modelId: string,
	opts: { db?: LatentDb } = {}
): Promise<CheckpointRecord[]> {
	const db = await resolveDb(opts.db);
	const all = await db.getAllFromIndex('checkpoints', 'modelId', modelId);
	return all.sort((a, b) => a.step - b.step || a.createdAt - b.createdAt);
}

/** What a checkpoint is restored into: plain records, or a Trainer itself. */
export type RestoreTarget =
	| { models: Record<string, LayersModel>; optimizers?: Record<string, tf.Optimizer> }
	| { models(): Record<string, LayersModel>; optimizers(): Record<string, tf.Optimizer> };

/**
 * Applies a loaded checkpoint to live models and optimizers of the same architecture (e.g. a
 * freshly built Trainer's). Every role in the checkpoint must be present.
 */
export async function restoreInto(target: RestoreTarget, loaded: LoadedCheckpoint): Promise<void> {
	const models = typeof target.models === 'function' ? target.models() : target.models;
	const optimizers =
		typeof target.optimizers === 'function' ? target.optimizers() : target.optimizers;
	for (const [role, part] of Object.entries(loaded.models)) {
		const model = models[role];
		if (!model) throw new Error(`checkpoint has model '${role}', the target has none`);
		applyModelPart(model, part, part.data);
	}
	if (!optimizers) return;
	for (const [role, part] of Object.entries(loaded.optimizers)) {
		const optimizer = optimizers[role];
		if (!optimizer) throw new Error(`checkpoint has optimizer '${role}', the target has none`);
		await applyOptimizerPart(optimizer, part, part.data);
	}
}

/**
 * Imports a model .zip: everything is validated first, then written in one transaction, so an
 * import either adds a complete model or changes nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { unzipSync, type Unzipped } from 'fflate';
import type { z } from 'zod';
import { newId, resolveDb, type JsonValue, type LatentDb, type ModelRecord } from './db';
import { commitCheckpoint } from './checkpoints';
import { joinBuffers } from './chunks';
import { ImportError, StorageFullError } from './errors';
import { withModelLock } from './locks';
import {
	MAX_FILES,
	MAX_THUMBNAIL_BYTES,
	MAX_UNZIPPED_BYTES,
	META_PATH,
	STATE_PATH,
	THUMBNAIL_PATH,
	metaSchema,
	modelJsonPath,
	modelJsonSchema,
	stateSchema,
	type ZipMeta
} from './model-zip';
import { sha256Hex } from '$lib/share/sha256';
import { bytesPerValue, primaryRole, type PendingPart } from './serialize';

export interface ImportOptions {
	db?: LatentDb;
	/** Name for the imported model (default: the name in the file). */
	name?: string;
	/**
	 * Build each model from its artifacts before saving, so a topology tfjs cannot load is refused
	 * now rather than at first use. Model families with custom layers must be registered first.
	 */
	deepCheck?: boolean;
	/** Cancels before anything is written. */
	signal?: AbortSignal;
}

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Imports a model zip under a new id and returns its record; throws ImportError otherwise. */
export async function importModelZip(
	bytes: Uint8Array,
	opts: ImportOptions = {}
): Promise<ModelRecord> {
	opts.signal?.throwIfAborted();
	const files = unzip(bytes);
	const meta = parseJson(files, META_PATH, metaSchema);
	await checkHashes(files, meta);

	const parts: PendingPart[] = [];
	for (const role of meta.roles)
		parts.push(readModelPart(files, modelJsonPath(role, meta.roles), role));
	if (meta.roles.length > 1) {
		// The top-level model.json must be a consistent copy of the primary role's.
		const top = readModelPart(files, 'model.json', primaryRole(meta.roles)!);
		const main = parts.find((p) => p.role === top.role)!;
		if (JSON.stringify(top.modelTopology) !== JSON.stringify(main.modelTopology))
			throw new ImportError('model.json does not match the model of the primary role.');
	}
	opts.signal?.throwIfAborted();
	if (opts.deepCheck ?? true) for (const part of parts) await buildOnce(part);

	let position = {
		step: meta.step,
		epoch: 0,
		cursor: null as JsonValue,
		rngSeed: 0,
		losses: { steps: [] as number[], series: {} }
	};
	if (files[STATE_PATH]) {
		const state = parseJson(files, STATE_PATH, stateSchema);
		for (const [role, opt] of Object.entries(state.optimizers)) {
			if (!meta.roles.includes(role))
				throw new ImportError(`The checkpoint has optimizer state for an unknown model "${role}".`);
			const data = files[opt.path];
			if (!data) throw new ImportError(`The file is incomplete: ${opt.path} is missing.`);
			checkByteCount(opt.path, data.byteLength, opt.weights);
			parts.push({ role, type: 'optimizer', specs: opt.weights, data: copyOut(data) });
		}
		const { step, epoch, cursor, rngSeed, losses } = state;
		position = { step, epoch, cursor: cursor as JsonValue, rngSeed, losses };
	}

	const thumbnail = files[THUMBNAIL_PATH];
	if (thumbnail) {
		const isPng = PNG_SIGNATURE.every((b, i) => thumbnail[i] === b);
		if (!isPng || thumbnail.byteLength > MAX_THUMBNAIL_BYTES)
			throw new ImportError('thumbnail.png is not a PNG image of reasonable size.');
	}

	const now = Date.now();
	const record: ModelRecord = {
		id: newId(),
		name: opts.name?.trim() || meta.name,
		kind: meta.kind,
		config: meta.config as JsonValue,
		dataset: meta.dataset,
		createdAt: meta.createdAt,
		updatedAt: now,
		metrics: meta.metrics,
		latestCheckpointId: null,
		sizeBytes: thumbnail?.byteLength ?? 0
	};
	if (thumbnail) record.thumbnail = thumbnail.slice();
	const db = await resolveDb(opts.db);
	opts.signal?.throwIfAborted();
	try {
		const cp = await withModelLock(record.id, () =>
			commitCheckpoint({
				db,
				modelId: record.id,
				meta: position,
				parts,
				keep: 1,
				createModel: record
			})
		);
		return { ...record, latestCheckpointId: cp.id, sizeBytes: record.sizeBytes + cp.byteLength };
	} catch (err) {
		if (err instanceof StorageFullError)
			throw new ImportError(`Not enough storage to import this model. ${err.message}`, {
				cause: err
			});
		throw new ImportError('The model could not be saved on this device.', { cause: err });
	}
}

function unzip(bytes: Uint8Array): Unzipped {
	let total = 0;
	let count = 0;
	try {
		return unzipSync(bytes, {
			filter(file) {
				total += file.originalSize;
				count++;
				if (total > MAX_UNZIPPED_BYTES || count > MAX_FILES)
					throw new ImportError('This file is too large to be a model.');
				return !file.name.endsWith('/');
			}
		});
	} catch (err) {
		if (err instanceof ImportError) throw err;
		throw new ImportError('This file is not a readable zip archive.', { cause: err });
	}
}

function parseJson<S extends z.ZodType>(files: Unzipped, path: string, schema: S): z.infer<S> {
	const raw = files[path];
	if (!raw) throw new ImportError(`This is not a Latent Lab model: ${path} is missing.`);
	let value: unknown;
	try {
		value = JSON.parse(decoder.decode(raw));
	} catch (err) {
		throw new ImportError(`${path} is not valid JSON.`, { cause: err });
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : '';
		throw new ImportError(
			`${path} is not valid: ${issue?.message ?? 'unexpected content'}${where}.`
		);
	}
	return parsed.data;
}

/** Every file listed in meta.json must be present, complete and unmodified; no extra files. */
async function checkHashes(files: Unzipped, meta: ZipMeta): Promise<void> {
	for (const path of Object.keys(files))
		if (path !== META_PATH && !meta.files[path])
			throw new ImportError(`The file contains ${path}, which meta.json does not list.`);
	for (const [path, want] of Object.entries(meta.files)) {
		const data = files[path];
		if (!data) throw new ImportError(`The file is incomplete: ${path} is missing.`);
		if (data.byteLength !== want.bytes || (await sha256Hex(data)) !== want.sha256)
			throw new ImportError(`The file is damaged: ${path} does not match its checksum.`);
	}
}

function readModelPart(files: Unzipped, jsonPath: string, role: string): PendingPart {
	const modelJson = parseJson(files, jsonPath, modelJsonSchema);
	const dir = jsonPath.slice(0, jsonPath.lastIndexOf('/') + 1);
	const buffers: ArrayBuffer[] = [];
	const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
	for (const group of modelJson.weightsManifest)
		for (const p of group.paths) {
			const path = dir + p;
			const data = files[path];
			if (!data) throw new ImportError(`The file is incomplete: ${path} is missing.`);
			buffers.push(copyOut(data));
		}
	const data = joinBuffers(buffers);
	checkByteCount(jsonPath, data.byteLength, specs);
	return {
		role,
		type: 'model',
		specs,
		modelTopology: modelJson.modelTopology as JsonValue,
		generatedBy: modelJson.generatedBy,
		data
	};
}

function checkByteCount(path: string, have: number, specs: readonly tf.io.WeightsManifestEntry[]) {
	const want = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPerValue(s), 0);
	if (have !== want)
		throw new ImportError(
			`The file is damaged: ${path} describes ${want} bytes of weights, found ${have}.`
		);
}

/** A standalone ArrayBuffer with exactly these bytes (unzip returns views). */
function copyOut(view: Uint8Array): ArrayBuffer {
	return view.slice().buffer;
}

async function buildOnce(part: PendingPart): Promise<void> {
	try {
		const model = await loadLayersModel(
			tf.io.fromMemory({
				modelTopology: part.modelTopology as object,
				weightSpecs: part.specs,
				weightData: part.data,
				format: 'layers-model'
			})
		);
		model.dispose();
	} catch (err) {
		throw new ImportError(
			`The "${part.role}" model cannot be built by this version of Latent Lab.`,
			{
				cause: err
			}
		);
	}
}

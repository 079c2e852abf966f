/** Exports a stored model as one .zip of tfjs artifacts plus Latent Lab metadata. */
import { zipSync, type Zippable } from 'fflate';
import { resolveDb, type LatentDb } from './db';
import { loadCheckpoint } from './checkpoints';
import { joinBuffers } from './chunks';
import { primaryRole } from './serialize';
import {
	FORMAT_VERSION,
	META_PATH,
	STATE_PATH,
	THUMBNAIL_PATH,
	modelJsonPath,
	optimizerPath,
	type ModelJson,
	type ZipMeta,
	type ZipState
} from './model-zip';
import { sha256Hex } from '$lib/share/sha256';

export { importModelZip } from './import';

export interface ExportOptions {
	db?: LatentDb;
	/** Export this checkpoint instead of the latest. */
	checkpointId?: string;
	/** Include optimizer state and training position so another device can resume training. */
	includeCheckpoint?: boolean;
	signal?: AbortSignal;
}

const encoder = new TextEncoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/** Builds the zip bytes for a model; throws if the model has no checkpoint. */
export async function exportModelZip(
	modelId: string,
	opts: ExportOptions = {}
): Promise<Uint8Array> {
	const db = await resolveDb(opts.db);
	const model = await db.get('models', modelId);
	if (!model) throw new Error(`no model '${modelId}'`);
	const loaded = await loadCheckpoint(modelId, opts.checkpointId, { db });
	opts.signal?.throwIfAborted();
	if (!loaded) throw new Error(`model '${model.name}' has no saved weights to export`);
	const roles = Object.keys(loaded.models);
	const primary = primaryRole(roles);
	if (!primary) throw new Error(`model '${model.name}' has no saved weights to export`);

	// Binary files are stored, not deflated: float weights and PNGs barely compress.
	const files: Record<string, Uint8Array> = {};
	const stored = new Set<string>();
	const folder = (role: string) => (roles.length === 1 ? '' : `${role}/`);
	for (const role of roles) {
		const part = loaded.models[role]!;
		const modelJson: ModelJson = {
			modelTopology: part.modelTopology as ModelJson['modelTopology'],
			format: 'layers-model',
			generatedBy: part.generatedBy ?? 'Latent Lab',
			convertedBy: null,
			weightsManifest: [
				{
					paths: ['weights.bin'],
					weights: part.specs as ModelJson['weightsManifest'][number]['weights']
				}
			]
		};
		files[modelJsonPath(role, roles)] = json(modelJson);
		files[`${folder(role)}weights.bin`] = new Uint8Array(joinBuffers(part.data));
		stored.add(`${folder(role)}weights.bin`);
		if (roles.length > 1 && role === primary) {
			// The top-level model.json lets plain tfjs load the family's main model from the folder.
			modelJson.weightsManifest = [
				{ ...modelJson.weightsManifest[0]!, paths: [`${role}/weights.bin`] }
			];
			files['model.json'] = json(modelJson);
		}
	}
	if (model.thumbnail) {
		files[THUMBNAIL_PATH] = model.thumbnail;
		stored.add(THUMBNAIL_PATH);
	}
	const { checkpoint } = loaded;
	if (opts.includeCheckpoint) {
		const state: ZipState = {
			step: checkpoint.step,
			epoch: checkpoint.epoch,
			cursor: checkpoint.cursor,
			rngSeed: checkpoint.rngSeed,
			losses: checkpoint.losses,
			optimizers: {}
		};
		for (const [role, part] of Object.entries(loaded.optimizers)) {
			const path = optimizerPath(role);
			files[path] = new Uint8Array(joinBuffers(part.data));
			stored.add(path);
			state.optimizers[role] = {
				path,
				weights: part.specs as ZipState['optimizers'][string]['weights']
			};
		}
		files[STATE_PATH] = json(state);
	}

	const hashes: ZipMeta['files'] = {};
	for (const [path, bytes] of Object.entries(files))
		hashes[path] = { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
	const meta: ZipMeta = {
		formatVersion: FORMAT_VERSION,
		name: model.name,
		kind: model.kind,
		dataset: model.dataset,
		config: model.config,
		metrics: model.metrics,
		createdAt: model.createdAt,
		roles,
		step: checkpoint.step,
		files: hashes
	};
	opts.signal?.throwIfAborted();
	const zippable: Zippable = { [META_PATH]: json(meta) };
	for (const [path, bytes] of Object.entries(files))
		zippable[path] = stored.has(path) ? [bytes, { level: 0 }] : bytes;
	return zipSync(zippable, { level: 6 });
}

/**
 * A tfjs IOHandler over the checkpoint store, so `model.save(handler)` and
 * `tf.loadLayersModel(handler)` read and write the same chunked records training uses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { resolveDb, type LatentDb } from './db';
import { commitCheckpoint, loadCheckpoint, DEFAULT_KEEP } from './checkpoints';
import { withModelLock } from './locks';
import { artifactsToPart, primaryRole } from './serialize';

export interface LatentIOOptions {
	modelId: string;
	/** Which model of the family; defaults to its primary role (generator, decoder, ...). */
	role?: string;
	/** Load this checkpoint instead of the latest. */
	checkpointId?: string;
	/** With `checkpointId`: load the latest instead once that checkpoint has been pruned. */
	orLatest?: boolean;
	/** Step recorded on a checkpoint created by `save` (default 0). */
	step?: number;
	keep?: number;
	chunkBytes?: number;
	db?: LatentDb;
}

/**
 * An IOHandler for one model record. `save` writes a new weights-only checkpoint holding this
 * role; `load` reads the role from the latest (or given) checkpoint.
 */
export function latentIOHandler(opts: LatentIOOptions): tf.io.IOHandler {
	return {
		async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
			const db = await resolveDb(opts.db);
			const part = artifactsToPart(opts.role ?? 'model', artifacts);
			await withModelLock(opts.modelId, () =>
				commitCheckpoint({
					db,
					modelId: opts.modelId,
					meta: {
						step: opts.step ?? 0,
						epoch: 0,
						cursor: null,
						rngSeed: 0,
						losses: { steps: [], series: {} }
					},
					parts: [part],
					keep: opts.keep ?? DEFAULT_KEEP,
					chunkBytes: opts.chunkBytes
				})
			);
			return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
		},

		async load(): Promise<tf.io.ModelArtifacts> {
			let loaded = await loadCheckpoint(opts.modelId, opts.checkpointId, { db: opts.db });
			if (!loaded && opts.checkpointId !== undefined && opts.orLatest)
				loaded = await loadCheckpoint(opts.modelId, undefined, { db: opts.db });
			if (!loaded) throw new Error(`no saved weights for model '${opts.modelId}'`);
			const role = opts.role ?? primaryRole(Object.keys(loaded.models));
			const part = role === undefined ? undefined : loaded.models[role];
			if (!part?.modelTopology)
				throw new Error(`model '${opts.modelId}' has no saved '${role ?? '?'}' model`);
			return {
				modelTopology: part.modelTopology as object,
				weightSpecs: part.specs,
				// tfjs accepts sharded weight data, so the chunks are handed over without a copy.
				weightData: part.data,
				format: 'layers-model',
				generatedBy: part.generatedBy,
				convertedBy: null
			};
		}
	};
}

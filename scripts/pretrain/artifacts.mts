/**
 * Writes a layers model as float16 tfjs artifacts (model.json + one shard) and keeps
 * weights/manifest.json in the shape GET /api/weights accepts (CatalogueModelSchema).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { countParams, quantizeArtifactsFloat16 } from '../../src/lib/ml/quantize';
import { CatalogueModelSchema, type CatalogueModel } from '../../src/lib/share/schema';

export const SHARD_NAME = 'group1-shard1of1.bin';

/** One entry of weights/manifest.json, before validation. */
export type ManifestEntry = CatalogueModel;

export interface WrittenArtifacts {
	files: { path: string; bytes: number; sha256: string }[];
	params: number;
}

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** Serialises the model to artifacts in memory (topology + float32 weights). */
export async function modelArtifacts(model: LayersModel): Promise<tf.io.ModelArtifacts> {
	let saved: tf.io.ModelArtifacts | undefined;
	await model.save(
		tf.io.withSaveHandler(async (a) => {
			saved = a;
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	if (!saved) throw new Error('model.save produced no artifacts');
	return saved;
}

/** Writes float16 artifacts to `<weightsDir>/<name>/<version>/`; paths are relative to weightsDir. */
export async function writeFloat16Artifacts(
	artifacts: tf.io.ModelArtifacts,
	weightsDir: string,
	name: string,
	version: string,
	/** Files are `model.json` + SHARD_NAME by default, else `<base>.json` + `<base>.bin`. */
	base?: string
): Promise<WrittenArtifacts> {
	const { weightSpecs, weightData } = quantizeArtifactsFloat16(artifacts);
	const dir = join(weightsDir, name, version);
	await mkdir(dir, { recursive: true });
	const shard = new Uint8Array(weightData);
	const jsonName = base ? `${base}.json` : 'model.json';
	const shardName = base ? `${base}.bin` : SHARD_NAME;
	const modelJson: tf.io.ModelJSON = {
		modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
		format: 'layers-model',
		generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
		convertedBy: 'latent-lab scripts (float16)',
		weightsManifest: [{ paths: [shardName], weights: weightSpecs }]
	};
	const json = new TextEncoder().encode(JSON.stringify(modelJson));
	await writeFile(join(dir, jsonName), json);
	await writeFile(join(dir, shardName), shard);
	return {
		files: [
			{ path: `${name}/${version}/${jsonName}`, bytes: json.byteLength, sha256: sha256(json) },
			{ path: `${name}/${version}/${shardName}`, bytes: shard.byteLength, sha256: sha256(shard) }
		],
		params: countParams(weightSpecs)
	};
}

/** Reads weights/manifest.json (an empty catalogue when it does not exist yet). */
export async function readManifest(path: string): Promise<{ models: ManifestEntry[] }> {
	if (!existsSync(path)) return { models: [] };
	const raw = JSON.parse(await readFile(path, 'utf8')) as { models?: unknown[] };
	return { models: (raw.models ?? []).map((m) => CatalogueModelSchema.parse(m)) };
}

/**
 * Adds or replaces the entry with the same name and version; the entry is validated with the
 * Worker's schema first, so the catalogue never holds something GET /api/weights would drop.
 */
export async function upsertManifest(path: string, entry: ManifestEntry): Promise<void> {
	const checked = CatalogueModelSchema.parse(entry);
	const manifest = await readManifest(path);
	const models = manifest.models.filter(
		(m) => !(m.name === checked.name && m.version === checked.version)
	);
	models.push(checked);
	models.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
	const tmp = `${path}.tmp`;
	await writeFile(tmp, JSON.stringify({ models }, null, '\t') + '\n');
	await rename(tmp, path);
}

/**
 * Writes a layers model as float16 tfjs artifacts (model.json + one shard) and keeps
 * weights/manifest.json in the shape GET /api/weights accepts (CatalogueModelSchema).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
	float16ModelFiles,
	modelArtifacts,
	type Float16ModelFiles
} from '../../src/lib/ml/quantize';

export { modelArtifacts };
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

/** Writes float16 artifacts to `<weightsDir>/<name>/<version>/`; paths are relative to weightsDir. */
export async function writeFloat16Artifacts(
	artifacts: tf.io.ModelArtifacts,
	weightsDir: string,
	name: string,
	version: string,
	/** Files are `model.json` + SHARD_NAME by default, else `<base>.json` + `<base>.bin`. */
	base?: string
): Promise<WrittenArtifacts> {
	return writeModelFiles(
		float16ModelFiles(artifacts, base ? `${base}.bin` : SHARD_NAME),
		weightsDir,
		name,
		version,
		base ? `${base}.json` : 'model.json'
	);
}

/** Writes model.json (as `jsonName`) and its shard to `<weightsDir>/<name>/<version>/`. */
export async function writeModelFiles(
	files: Float16ModelFiles,
	weightsDir: string,
	name: string,
	version: string,
	jsonName = 'model.json'
): Promise<WrittenArtifacts> {
	const dir = join(weightsDir, name, version);
	await mkdir(dir, { recursive: true });
	const json = new TextEncoder().encode(JSON.stringify(files.modelJson));
	await writeFile(join(dir, jsonName), json);
	await writeFile(join(dir, files.shardName), files.shard);
	return {
		files: [
			{ path: `${name}/${version}/${jsonName}`, bytes: json.byteLength, sha256: sha256(json) },
			{
				path: `${name}/${version}/${files.shardName}`,
				bytes: files.shard.byteLength,
				sha256: sha256(files.shard)
			}
		],
		params: files.params
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

/**
 * Pretrained models for inference, read from R2 as the weights catalogue lists them
 * (`weights/manifest.json`, files under `weights/<name>/<version>/`) and kept loaded in the
 * isolate: a warm isolate answers without reading or parsing weights again.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import {
	CatalogueModelSchema,
	WeightsGroupSchema,
	type CatalogueModel
} from '../../../src/lib/share/schema';
import { HttpError } from '../http';
// Registers the custom layers published stylizers use (instance norm, reflection padding).
import '../../../src/lib/ml/models/stylizer/layers';

export const MANIFEST_KEY = 'weights/manifest.json';
/** Weights larger than this are not loaded into a Worker (its isolate has 128 MB). */
export const MAX_WEIGHT_BYTES = 48 * 1024 * 1024;
/** Loaded models kept per isolate; the least recently used one is disposed beyond this. */
const CACHE_SIZE = 4;

/** A model the catalogue does not list (or lists without its files): a 404, never a 5xx. */
export function modelNotFound(message: string): HttpError {
	return new HttpError(404, 'model_not_found', message);
}

/** Every valid entry of the catalogue; an absent or unreadable manifest lists nothing. */
export async function readCatalogue(bucket: R2Bucket): Promise<CatalogueModel[]> {
	const object = await bucket.get(MANIFEST_KEY);
	if (!object) return [];
	let raw: unknown;
	try {
		raw = await object.json();
	} catch {
		console.warn(`${MANIFEST_KEY} is not JSON`);
		return [];
	}
	const list = (raw as { models?: unknown } | null)?.models;
	const out: CatalogueModel[] = [];
	for (const m of Array.isArray(list) ? list : []) {
		const parsed = CatalogueModelSchema.safeParse(m);
		if (parsed.success) out.push(parsed.data);
	}
	return out;
}

/** The catalogue entry called `name` (the last one listed wins, as a newer version is appended). */
export async function findModel(
	bucket: R2Bucket,
	name: string
): Promise<CatalogueModel | undefined> {
	const all = await readCatalogue(bucket);
	return all.filter((m) => m.name === name).at(-1);
}

const ModelJsonLite = z.looseObject({
	modelTopology: z.looseObject({ class_name: z.string() }),
	weightsManifest: z.array(WeightsGroupSchema).min(1).max(64),
	userDefinedMetadata: z.record(z.string(), z.unknown()).optional()
});

/** A loaded model and what its model.json says about it. */
export interface LoadedModel {
	model: tfl.LayersModel;
	/** `userDefinedMetadata` of model.json ({} when absent). */
	metadata: Record<string, unknown>;
	key: string;
}

const cache = new Map<string, Promise<LoadedModel>>();

/**
 * Loads `role` (a folder such as `generator`, or '' for the top-level model.json) of a catalogue
 * model, from the isolate cache when possible. Throws 404 model_not_found when files are missing.
 */
export function loadModel(
	bucket: R2Bucket,
	entry: CatalogueModel,
	role = ''
): Promise<LoadedModel> {
	const dir = `weights/${entry.name}/${entry.version}/${role ? role + '/' : ''}`;
	const hit = cache.get(dir);
	if (hit) {
		cache.delete(dir);
		cache.set(dir, hit); // most recently used last
		return hit;
	}
	const loading = readModel(bucket, dir, entry);
	cache.set(dir, loading);
	loading.catch(() => cache.delete(dir));
	while (cache.size > CACHE_SIZE) {
		const [oldKey, old] = cache.entries().next().value as [string, Promise<LoadedModel>];
		cache.delete(oldKey);
		// Inference runs `predict` synchronously, so no request is inside this model right now.
		old.then((m) => m.model.dispose()).catch(() => undefined);
	}
	return loading;
}

/** True when the catalogue model has a `<role>/model.json`. */
export async function hasRole(bucket: R2Bucket, entry: CatalogueModel, role: string) {
	return (await bucket.head(`weights/${entry.name}/${entry.version}/${role}/model.json`)) !== null;
}

async function readModel(bucket: R2Bucket, dir: string, entry: CatalogueModel) {
	const missing = () =>
		modelNotFound(
			`The weights of '${entry.name}' (version ${entry.version}) are listed but not published.`
		);
	const jsonObject = await bucket.get(dir + 'model.json');
	if (!jsonObject) throw missing();
	const parsed = ModelJsonLite.safeParse(await jsonObject.json().catch(() => null));
	if (!parsed.success) throw new Error(`${dir}model.json is not a tfjs layers model`);
	const json = parsed.data;
	const specs: tf.io.WeightsManifestEntry[] = [];
	const parts: Uint8Array[] = [];
	let total = 0;
	for (const group of json.weightsManifest) {
		specs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
		for (const path of group.paths) {
			const obj = await bucket.get(dir + path);
			if (!obj) throw missing();
			total += obj.size;
			if (total > MAX_WEIGHT_BYTES)
				throw new Error(`${dir}: weights exceed ${MAX_WEIGHT_BYTES} bytes`);
			parts.push(new Uint8Array(await obj.arrayBuffer()));
		}
	}
	const weightData = new Uint8Array(total);
	let offset = 0;
	for (const p of parts) {
		weightData.set(p, offset);
		offset += p.byteLength;
	}
	const artifacts: tf.io.ModelArtifacts = {
		modelTopology: json.modelTopology,
		weightSpecs: specs,
		weightData: weightData.buffer,
		format: 'layers-model'
	};
	const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
	return { model, metadata: json.userDefinedMetadata ?? {}, key: dir };
}

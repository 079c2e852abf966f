/**
 * Checks a share zip end to end (structure, sizes, schemas, layer allow-list, weight byte counts,
 * thumbnail) and describes where each file lies in it. Pure: runs in the app before uploading and
 * in the Worker on arrival. Every refusal is a ShareFormatError; nothing else escapes.
 */
import type { z } from 'zod';
import { invalid, ShareFormatError } from './errors';
import { jsonDepthWithin } from './json-depth';
import {
	CONFIG_CLASSES,
	DTYPE_BYTES,
	LAYER_CLASSES,
	MAX_LAYERS,
	MAX_META_JSON_BYTES,
	MAX_META_JSON_DEPTH,
	MAX_MODEL_JSON_BYTES,
	MAX_MODEL_JSON_DEPTH,
	MAX_THUMBNAIL_BYTES,
	MAX_UNCOMPRESSED_BYTES,
	META_JSON,
	MODEL_CLASSES,
	MODEL_JSON,
	RESERVED_NAMES,
	THUMBNAIL_PNG
} from './limits';
import { checkPng, type PngInfo } from './png';
import { ModelJsonSchema, ShareMetaSchema, type ModelJson, type ShareMeta } from './schema';
import { extractEntry, readZipDirectory, type ZipEntry } from './zip';

/** What a valid share zip holds, with the location of every file for later ranged reads. */
export interface ValidatedShare {
	meta: ShareMeta;
	modelJson: ModelJson;
	entries: ZipEntry[];
	/** Weight shard names, in manifest order. */
	weightFiles: string[];
	/** Number of weight values over all tensors. */
	params: number;
	/** Number of layers over all nesting levels. */
	layers: number;
	thumbnail: PngInfo;
}

/** Validates a share zip; throws ShareFormatError (400/413/422) describing the first problem. */
export function validateShareArchive(zip: Uint8Array): ValidatedShare {
	const entries = readZipDirectory(zip);
	const byName = new Map(entries.map((e) => [e.name, e]));
	const need = (name: string, max: number): ZipEntry => {
		const e = byName.get(name);
		if (!e) throw invalid('missing_file', `The zip has no ${name}.`);
		if (e.size > max)
			throw new ShareFormatError(413, 'file_too_large', `${name} is larger than ${max} bytes.`);
		return e;
	};
	const modelEntry = need(MODEL_JSON, MAX_MODEL_JSON_BYTES);
	const metaEntry = need(META_JSON, MAX_META_JSON_BYTES);
	const thumbEntry = need(THUMBNAIL_PNG, MAX_THUMBNAIL_BYTES);

	const modelJson = parseJson(
		extractEntry(zip, modelEntry),
		MODEL_JSON,
		MAX_MODEL_JSON_DEPTH,
		ModelJsonSchema
	);
	const layers = checkLayerClasses(modelJson.modelTopology);
	const { weightFiles, params } = checkWeights(modelJson, byName);
	const meta = parseJson(
		extractEntry(zip, metaEntry),
		META_JSON,
		MAX_META_JSON_DEPTH,
		ShareMetaSchema
	);
	const thumbnail = checkPng(extractEntry(zip, thumbEntry));
	// Inflate every shard once: sizes and CRCs must hold for the bytes a client will receive.
	for (const name of weightFiles) extractEntry(zip, byName.get(name)!);
	return { meta, modelJson, entries, weightFiles, params, layers, thumbnail };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseJson<S extends z.ZodType>(
	bytes: Uint8Array,
	name: string,
	depth: number,
	schema: S
): z.output<S> {
	let text: string;
	try {
		text = utf8.decode(bytes);
	} catch {
		throw new ShareFormatError(400, 'bad_json', `${name} is not UTF-8 text.`);
	}
	if (!jsonDepthWithin(text, depth)) {
		throw invalid('json_too_deep', `${name} nests deeper than ${depth} levels.`);
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ShareFormatError(400, 'bad_json', `${name} is not valid JSON.`);
	}
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.length ? issue.path.slice(0, 8).map(String).join('.') : '(root)';
		throw invalid('schema', `${name}: ${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300));
	}
	return parsed.data;
}

const LAYERS = new Set<string>(LAYER_CLASSES);
const MODELS = new Set<string>(MODEL_CLASSES);
const CONFIGS = new Set<string>(CONFIG_CLASSES);

/** Walks the topology: layers must be allow-listed, nested models recurse; returns the layer count. */
function checkLayerClasses(topology: ModelJson['modelTopology']): number {
	let count = 0;
	const visitModel = (model: Record<string, unknown>) => {
		const config = model.config as { layers?: unknown } | undefined;
		if (!config || typeof config !== 'object' || !Array.isArray(config.layers)) {
			throw invalid('schema', `model.json: ${String(model.class_name)} has no layer list.`);
		}
		for (const layer of config.layers) {
			if (++count > MAX_LAYERS)
				throw invalid('schema', `model.json has more than ${MAX_LAYERS} layers.`);
			if (!isRecord(layer) || typeof layer.class_name !== 'string') {
				throw invalid('schema', 'model.json: a layer has no class_name.');
			}
			const cls = layer.class_name;
			if (MODELS.has(cls)) visitModel(layer);
			else if (LAYERS.has(cls)) visitConfig(layer.config);
			else
				throw invalid(
					'layer_not_allowed',
					`model.json: layer class "${cls.slice(0, 40)}" is not allowed.`
				);
		}
	};
	// Inside a layer's config only initializer/regularizer/constraint classes may appear.
	const visitConfig = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(visitConfig);
		else if (isRecord(value)) {
			if ('class_name' in value) {
				const cls = value.class_name;
				if (typeof cls !== 'string' || !CONFIGS.has(cls)) {
					throw invalid(
						'layer_not_allowed',
						`model.json: class "${String(cls).slice(0, 40)}" is not allowed in a layer config.`
					);
				}
			}
			Object.values(value).forEach(visitConfig);
		}
	};
	visitModel(topology);
	return count;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Each group's bytes (shape product × dtype size) must equal the sizes of its shards exactly. */
function checkWeights(
	modelJson: ModelJson,
	byName: Map<string, ZipEntry>
): { weightFiles: string[]; params: number } {
	const weightFiles: string[] = [];
	const seenNames = new Set<string>();
	let params = 0;
	for (const group of modelJson.weightsManifest) {
		let expected = 0;
		for (const w of group.weights) {
			if (seenNames.has(w.name))
				throw invalid('weights_manifest', `Weight "${w.name.slice(0, 60)}" is listed twice.`);
			seenNames.add(w.name);
			const count = w.shape.reduce((a, d) => a * d, 1);
			expected += count * DTYPE_BYTES[w.dtype];
			params += count;
			if (expected > MAX_UNCOMPRESSED_BYTES) {
				throw invalid(
					'weights_manifest',
					'The weights manifest describes more bytes than a share may hold.'
				);
			}
		}
		let actual = 0;
		for (const path of group.paths) {
			if (RESERVED_NAMES.includes(path) || weightFiles.includes(path)) {
				throw invalid(
					'weights_manifest',
					`Weight file "${path}" is listed twice or reuses a reserved name.`
				);
			}
			const e = byName.get(path);
			if (!e) throw invalid('missing_file', `The zip has no weight file "${path}".`);
			weightFiles.push(path);
			actual += e.size;
		}
		if (actual !== expected) {
			throw invalid(
				'weights_size',
				`Weight files ${group.paths.join(', ')} hold ${actual} bytes; the manifest needs ${expected}.`
			);
		}
	}
	for (const name of byName.keys()) {
		if (!RESERVED_NAMES.includes(name) && !weightFiles.includes(name)) {
			throw invalid('unexpected_file', `The zip holds "${name}", which the format does not use.`);
		}
	}
	return { weightFiles, params };
}

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
	SAFE_PATH,
	THUMBNAIL_PNG
} from './limits';
import { checkPng, type PngInfo } from './png';
import {
	ModelJsonSchema,
	ShareMetaSchema,
	storedBytesPerElement,
	type ModelJson,
	type ShareMeta
} from './schema';
import { extractEntry, readZipDirectory, type ZipEntry } from './zip';

/** One tfjs model of the share (the top-level one, or a role's). */
export interface ValidatedModel {
	/** Path of its model.json in the zip. */
	path: string;
	/** Number of layers over all nesting levels. */
	layers: number;
	/** Number of weight values over all tensors. */
	params: number;
	/** Zip paths of its weight files, in manifest order. */
	weightFiles: string[];
}

/** What a valid share zip holds, with the location of every file for later ranged reads. */
export interface ValidatedShare {
	meta: ShareMeta;
	/** The top-level model first, then role models in zip order. */
	models: ValidatedModel[];
	entries: ZipEntry[];
	/** Every weight file of every model, each once. */
	weightFiles: string[];
	thumbnail: PngInfo | null;
}

/** Validates a share zip; throws ShareFormatError (400/413/422) describing the first problem. */
export function validateShareArchive(zip: Uint8Array): ValidatedShare {
	const entries = readZipDirectory(zip);
	const byName = new Map(entries.map((e) => [e.name, e]));
	const need = (name: string, max: number): ZipEntry => {
		const e = byName.get(name);
		if (!e) throw invalid('missing_file', `The zip has no ${name}.`);
		if (e.size > max) {
			throw new ShareFormatError(413, 'file_too_large', `${name} is larger than ${max} bytes.`);
		}
		return e;
	};

	// Sizes first (from the directory), then parse the small JSON files, inflate weights last.
	const metaEntry = need(META_JSON, MAX_META_JSON_BYTES);
	const modelPaths = [MODEL_JSON, ...entries.map((e) => e.name).filter(isRoleModelJson)];
	const modelEntries = modelPaths.map((p) => need(p, MAX_MODEL_JSON_BYTES));
	const thumbEntry = byName.has(THUMBNAIL_PNG) ? need(THUMBNAIL_PNG, MAX_THUMBNAIL_BYTES) : null;

	const meta = parseJson(
		extractEntry(zip, metaEntry),
		META_JSON,
		MAX_META_JSON_DEPTH,
		ShareMetaSchema
	);
	const models: ValidatedModel[] = [];
	for (const entry of modelEntries) {
		const modelJson = parseJson(
			extractEntry(zip, entry),
			entry.name,
			MAX_MODEL_JSON_DEPTH,
			ModelJsonSchema
		);
		const layers = checkLayerClasses(modelJson.modelTopology, entry.name);
		models.push({ path: entry.name, layers, ...checkWeights(modelJson, entry.name, byName) });
	}
	const weightFiles = [...new Set(models.flatMap((m) => m.weightFiles))];
	checkRoles(meta, models);
	checkNothingElse(entries, new Set([META_JSON, THUMBNAIL_PNG, ...modelPaths, ...weightFiles]));
	checkDeclaredFiles(meta, byName);

	const thumbnail = thumbEntry ? checkPng(extractEntry(zip, thumbEntry)) : null;
	// Inflate every weight file once: sizes and CRCs must hold for the bytes a client will receive.
	for (const name of weightFiles) extractEntry(zip, byName.get(name)!);
	return { meta, models, entries, weightFiles, thumbnail };
}

function isRoleModelJson(path: string): boolean {
	return path.endsWith('/' + MODEL_JSON);
}

function folderOf(path: string): string {
	const i = path.lastIndexOf('/');
	return i < 0 ? '' : path.slice(0, i + 1);
}

/** Role folders must be the roles meta.json names (when it names them). */
function checkRoles(meta: ShareMeta, models: ValidatedModel[]): void {
	if (!meta.roles) return;
	for (const m of models.slice(1)) {
		const role = folderOf(m.path).slice(0, -1);
		if (!meta.roles.includes(role)) {
			throw invalid('unexpected_file', `${m.path} belongs to no role listed in meta.json.`);
		}
	}
}

/** Every entry must be one the format defines (checkpoint/optimizer state is not shared). */
function checkNothingElse(entries: ZipEntry[], known: Set<string>): void {
	for (const e of entries) {
		if (e.name.startsWith('checkpoint/')) {
			throw invalid(
				'unexpected_file',
				'Optimizer state (checkpoint/) is not shared: export the model without its checkpoint.'
			);
		}
		if (!known.has(e.name)) {
			throw invalid(
				'unexpected_file',
				`The zip holds "${e.name}", which a shared model does not use.`
			);
		}
	}
}

/** meta.json may list byte counts per file (the app's export does): they must agree. */
function checkDeclaredFiles(meta: ShareMeta, byName: Map<string, ZipEntry>): void {
	for (const [path, f] of Object.entries(meta.files ?? {})) {
		const e = byName.get(path);
		if (!e)
			throw invalid('missing_file', `meta.json lists "${path}", which the zip does not hold.`);
		if (e.size !== f.bytes) {
			throw invalid(
				'file_size',
				`meta.json says "${path}" holds ${f.bytes} bytes; the zip holds ${e.size}.`
			);
		}
	}
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
function checkLayerClasses(topology: ModelJson['modelTopology'], file: string): number {
	let count = 0;
	const visitModel = (model: Record<string, unknown>) => {
		const config = model.config as { layers?: unknown } | undefined;
		if (!config || typeof config !== 'object' || !Array.isArray(config.layers)) {
			throw invalid('schema', `${file}: ${String(model.class_name)} has no layer list.`);
		}
		for (const layer of config.layers) {
			if (++count > MAX_LAYERS)
				throw invalid('schema', `${file} has more than ${MAX_LAYERS} layers.`);
			if (!isRecord(layer) || typeof layer.class_name !== 'string') {
				throw invalid('schema', `${file}: a layer has no class_name.`);
			}
			const cls = layer.class_name;
			if (MODELS.has(cls)) visitModel(layer);
			else if (LAYERS.has(cls)) visitConfig(layer.config);
			else
				throw invalid(
					'layer_not_allowed',
					`${file}: layer class "${cls.slice(0, 40)}" is not allowed.`
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
						`${file}: class "${String(cls).slice(0, 40)}" is not allowed in a layer config.`
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

/**
 * Each group's bytes (shape product × stored dtype size) must equal the sizes of its files
 * exactly. Paths are relative to the model.json's folder, as tfjs resolves them.
 */
function checkWeights(
	modelJson: ModelJson,
	modelPath: string,
	byName: Map<string, ZipEntry>
): { weightFiles: string[]; params: number } {
	const folder = folderOf(modelPath);
	const weightFiles: string[] = [];
	const seenNames = new Set<string>();
	let params = 0;
	for (const group of modelJson.weightsManifest) {
		let expected = 0;
		for (const w of group.weights) {
			if (seenNames.has(w.name)) {
				throw invalid(
					'weights_manifest',
					`${modelPath}: weight "${w.name.slice(0, 60)}" is listed twice.`
				);
			}
			seenNames.add(w.name);
			const count = w.shape.reduce((a, d) => a * d, 1);
			expected += count * storedBytesPerElement(w);
			params += count;
			if (expected > MAX_UNCOMPRESSED_BYTES) {
				throw invalid(
					'weights_manifest',
					`${modelPath} describes more weight bytes than a share may hold.`
				);
			}
		}
		let actual = 0;
		for (const rel of group.paths) {
			const path = folder + rel;
			if (
				!SAFE_PATH.test(path) ||
				path === META_JSON ||
				path === THUMBNAIL_PNG ||
				path.endsWith(MODEL_JSON)
			) {
				throw invalid('weights_manifest', `${modelPath}: "${rel}" cannot be a weight file.`);
			}
			if (weightFiles.includes(path)) {
				throw invalid('weights_manifest', `${modelPath}: weight file "${rel}" is listed twice.`);
			}
			const e = byName.get(path);
			if (!e) throw invalid('missing_file', `The zip has no weight file "${path}".`);
			weightFiles.push(path);
			actual += e.size;
		}
		if (actual !== expected) {
			throw invalid(
				'weights_size',
				`${modelPath}: ${group.paths.join(', ')} hold ${actual} bytes; the manifest needs ${expected}.`
			);
		}
	}
	return { weightFiles, params };
}

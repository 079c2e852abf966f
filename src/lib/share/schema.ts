/**
 * Schemas of the data Latent Lab moves between the app and the Worker: the share zip's
 * `model.json` and `meta.json`, the pretrained-weights catalogue, and the API's answers.
 */
import { z } from 'zod';
import {
	DTYPE_BYTES,
	MAX_LAYERS,
	MAX_RANK,
	MAX_WEIGHTS,
	MAX_ZIP_ENTRIES,
	MODEL_CLASSES,
	ROLE_NAME,
	SAFE_PATH,
	type WeightDtype
} from './limits';

// Names and labels are shown to people: one line, no control characters.
// eslint-disable-next-line no-control-regex
const ONE_LINE = /^[^\u0000-\u001f\u007f-\u009f]*$/;
// eslint-disable-next-line no-control-regex
const TEXT = /^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$/;

const label = (max: number) => z.string().trim().min(1).max(max).regex(ONE_LINE);

/** A model family slug, e.g. `vae`, `conv-autoencoder`. */
export const KindSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

/** Named scalar results (loss, mse, psnr...): finite numbers only, at most 32 of them. */
export const MetricsSchema = z
	.record(z.string().min(1).max(64).regex(ONE_LINE), z.number())
	.refine((m) => Object.keys(m).length <= 32, 'at most 32 metrics');

const DimSchema = z
	.number()
	.int()
	.min(1)
	.max(1 << 20)
	.nullable();

/**
 * `meta.json` of a share zip: the fields src/lib/store/model-zip.ts exports (formatVersion, roles,
 * step, config, per-file hashes) plus optional descriptive ones. Unknown keys are dropped; every
 * field is stored and served as plain data, never interpreted.
 */
export const ShareMetaSchema = z.object({
	formatVersion: z.literal(1).optional(),
	name: label(80),
	kind: KindSchema,
	dataset: label(80).nullable().default(null),
	metrics: MetricsSchema.default({}),
	/** Milliseconds since the epoch (as the app exports it) or an ISO 8601 date-time. */
	createdAt: z.union([z.number().int().min(0).max(1e14), z.iso.datetime({ offset: true })]),
	config: z.json().optional(),
	roles: z.array(z.string().regex(ROLE_NAME)).min(1).max(8).optional(),
	step: z.number().int().min(0).optional(),
	files: z
		.record(
			z.string().regex(SAFE_PATH),
			z.object({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
		)
		.refine((f) => Object.keys(f).length <= MAX_ZIP_ENTRIES, 'too many files')
		.optional(),
	description: z.string().max(2000).regex(TEXT).optional(),
	params: z.number().int().min(0).max(1e10).optional(),
	inputShape: z.array(DimSchema).max(MAX_RANK).optional(),
	outputShape: z.array(DimSchema).max(MAX_RANK).optional(),
	training: z
		.object({
			steps: z.number().int().min(0),
			epochs: z.number().min(0),
			seconds: z.number().min(0),
			seed: z.number().int(),
			batchSize: z.number().int().min(1),
			backend: label(16)
		})
		.partial()
		.optional(),
	app: label(40).optional()
});
export type ShareMeta = z.infer<typeof ShareMetaSchema>;

const WeightName = z.string().min(1).max(256);
const ShapeSchema = z
	.array(
		z
			.number()
			.int()
			.min(0)
			.max(2 ** 31 - 1)
	)
	.max(MAX_RANK);

/**
 * One tensor of a tfjs weights manifest: float32, float16 or int32; float16 either as a plain
 * dtype or as tfjs writes it (float32 with `quantization: { dtype: 'float16' }`). Other
 * quantizations are not part of the format.
 */
export const WeightSpecSchema = z.union([
	z.strictObject({
		name: WeightName,
		shape: ShapeSchema,
		dtype: z.enum(Object.keys(DTYPE_BYTES) as [WeightDtype]),
		group: z.string().max(64).optional()
	}),
	z.strictObject({
		name: WeightName,
		shape: ShapeSchema,
		dtype: z.literal('float32'),
		quantization: z.strictObject({ dtype: z.literal('float16') }),
		group: z.string().max(64).optional()
	})
]);
export type WeightSpec = z.infer<typeof WeightSpecSchema>;

/** Bytes per element of a weight as stored. */
export function storedBytesPerElement(w: WeightSpec): number {
	return 'quantization' in w ? DTYPE_BYTES.float16 : DTYPE_BYTES[w.dtype];
}

/** One group of a tfjs weights manifest: its tensors, concatenated over `paths` in order. */
export const WeightsGroupSchema = z.strictObject({
	paths: z.array(z.string().regex(SAFE_PATH)).min(1).max(64),
	weights: z.array(WeightSpecSchema).max(MAX_WEIGHTS)
});

/** A Keras-style topology as tfjs-layers writes it; the layer classes are checked separately. */
export const TopologySchema = z.looseObject({
	class_name: z.enum(MODEL_CLASSES),
	config: z.looseObject({ layers: z.array(z.unknown()).min(1).max(MAX_LAYERS) }),
	keras_version: z.string().max(64).optional(),
	backend: z.string().max(64).optional()
});

/** `model.json`: tfjs "layers-model" artifacts with the weights kept in separate files. */
export const ModelJsonSchema = z.strictObject({
	modelTopology: TopologySchema,
	weightsManifest: z.array(WeightsGroupSchema).min(1).max(64),
	format: z.literal('layers-model').optional(),
	generatedBy: z.string().max(128).nullable().optional(),
	convertedBy: z.string().max(128).nullable().optional(),
	trainingConfig: z.record(z.string(), z.unknown()).nullable().optional(),
	userDefinedMetadata: z.record(z.string(), z.unknown()).optional()
});
export type ModelJson = z.infer<typeof ModelJsonSchema>;

/** A file of a pretrained model in the catalogue. */
export const CatalogueFileSchema = z.object({
	path: z.string().min(1).max(200),
	bytes: z.number().int().min(0),
	sha256: z.string().regex(/^[0-9a-f]{64}$/)
});

/** A pretrained model in `weights/manifest.json`. */
export const CatalogueModelSchema = z.object({
	name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
	kind: KindSchema,
	version: z
		.union([z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), z.number().int().min(0)])
		.transform(String),
	files: z.array(CatalogueFileSchema).min(1),
	params: z.number().int().min(0).optional(),
	inputShape: z.array(DimSchema).max(MAX_RANK).optional(),
	outputShape: z.array(DimSchema).max(MAX_RANK).optional(),
	training: z
		.object({
			data: z.string(),
			licence: z.string(),
			command: z.string(),
			seed: z.number().int(),
			seconds: z.number().min(0)
		})
		.partial()
		.optional(),
	metrics: z.record(z.string(), z.number()).optional()
});
export type CatalogueModel = z.infer<typeof CatalogueModelSchema>;

/** One line of POST /api/weights/vgg19/install's NDJSON answer. */
export type VggInstallEvent =
	| {
			type: 'progress';
			phase: 'download' | 'check' | 'convert' | 'store';
			done: number;
			total: number;
	  }
	| { type: 'done'; model: CatalogueModel }
	| {
			type: 'error';
			code: 'source_unreachable' | 'not_official' | 'import_failed';
			message: string;
	  };

/** `weights/manifest.json` as the Worker serves it from GET /api/weights. */
export interface WeightsCatalogue {
	models: CatalogueModel[];
}

/** A file of a dataset, as GET /api/datasets lists it. */
export interface DatasetFileInfo {
	file: string;
	bytes: number;
	sha256: string | null;
	url: string;
}

/** GET /api/datasets. */
export interface DatasetList {
	datasets: { name: string; files: DatasetFileInfo[] }[];
}

/** 201 answer of POST /api/models. Keep `deleteToken`: it is shown once and stored only hashed. */
export interface ShareCreated {
	id: string;
	url: string;
	deleteToken: string;
}

/** GET /api/models/:id. URLs are relative to the origin. */
export interface SharedModelInfo {
	id: string;
	name: string;
	kind: string;
	dataset: string | null;
	/** Bytes of the stored zip. */
	size: number;
	sha256: string;
	/** When the share was uploaded (ISO 8601). */
	created: string;
	metrics: Record<string, number>;
	meta: ShareMeta;
	/** Weight values and layers over all models of the share. */
	params: number;
	layers: number;
	/** The top-level model first, then one per role (multi-model families such as GANs). */
	models: { path: string; url: string; layers: number; params: number }[];
	/** `thumbnail` is null when the share has none; `weights` lists every weight file's URL. */
	files: { modelJson: string; thumbnail: string | null; archive: string; weights: string[] };
}

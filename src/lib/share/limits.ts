/**
 * Limits of the shared-model upload format. One table, read by the app (to refuse an export
 * before uploading it) and by the Worker (to refuse it on arrival).
 */

const MiB = 1024 * 1024;

/** Largest request body POST /api/models accepts (the zip as sent). */
export const MAX_UPLOAD_BYTES = 32 * MiB;
/** Largest sum of the uncompressed sizes the zip's central directory declares. */
export const MAX_UNCOMPRESSED_BYTES = 64 * MiB;
/** Most entries a share zip may hold (model.json, meta.json, thumbnail.png and weight shards). */
export const MAX_ZIP_ENTRIES = 64;
/** Highest declared uncompressed:compressed ratio for an entry bigger than RATIO_FLOOR_BYTES. */
export const MAX_COMPRESSION_RATIO = 200;
/** Entries up to this size may compress as well as they like (zero biases, tiny JSON). */
export const RATIO_FLOOR_BYTES = 64 * 1024;
/** Largest model.json (tfjs artifacts without weights). */
export const MAX_MODEL_JSON_BYTES = MiB;
/** Largest meta.json. */
export const MAX_META_JSON_BYTES = 64 * 1024;
/** Largest thumbnail.png. */
export const MAX_THUMBNAIL_BYTES = 256 * 1024;
/** Largest thumbnail width or height in pixels. */
export const MAX_THUMBNAIL_SIDE = 1024;
/** Deepest JSON nesting accepted in model.json (Keras topologies need about 10). */
export const MAX_MODEL_JSON_DEPTH = 32;
/** Deepest JSON nesting accepted in meta.json (it carries the training config). */
export const MAX_META_JSON_DEPTH = 16;
/** Most layers (all nesting levels together) in one model. */
export const MAX_LAYERS = 512;
/** Most weight tensors in one weights manifest. */
export const MAX_WEIGHTS = 2048;
/** Most dimensions of one weight tensor. */
export const MAX_RANK = 8;

/**
 * Fixed entry names of the format (the layout src/lib/store/model-zip.ts exports): `model.json`
 * at the top, `<role>/model.json` per role for multi-model families, weight files named by each
 * weights manifest (relative to its model.json), `meta.json`, optional `thumbnail.png`.
 */
export const MODEL_JSON = 'model.json';
export const META_JSON = 'meta.json';
export const THUMBNAIL_PNG = 'thumbnail.png';

/** A harmless file name: no spaces, no leading dot, at most 100 characters. */
export const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** A role (sub-model) name, used as a folder: `encoder`, `generator`... */
export const ROLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** An entry path: a safe file name, optionally inside one role folder. */
export const SAFE_PATH = /^(?:[A-Za-z][A-Za-z0-9_-]{0,31}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Bytes per element of the weight dtypes the format accepts. */
export const DTYPE_BYTES = { float32: 4, float16: 2, int32: 4 } as const;
export type WeightDtype = keyof typeof DTYPE_BYTES;

/** Model (container) classes a topology may use. */
export const MODEL_CLASSES = ['Sequential', 'Model', 'Functional'] as const;

/**
 * Layer classes a shared model may use: code-free tfjs layers (no Lambda), plus the two layers of
 * the app's stylizers (src/lib/ml/models/stylizer/layers), which the app itself registers and whose
 * configs hold only numbers, so a shared stylizer loads the project's code and nothing else.
 */
export const LAYER_CLASSES = [
	'InputLayer',
	'Dense',
	'Conv2D',
	'Conv2DTranspose',
	'BatchNormalization',
	'LeakyReLU',
	'ReLU',
	'Activation',
	'Reshape',
	'Flatten',
	'Dropout',
	'UpSampling2D',
	'Add',
	'InstanceNormalization',
	'ReflectionPadding2D'
] as const;

/**
 * Non-layer classes that appear inside layer configs (initializers, regularizers, constraints).
 * They carry numbers only, but are allow-listed too so nothing unknown reaches a deserializer.
 */
export const CONFIG_CLASSES = [
	'Zeros',
	'Ones',
	'Constant',
	'RandomNormal',
	'RandomUniform',
	'TruncatedNormal',
	'VarianceScaling',
	'GlorotUniform',
	'GlorotNormal',
	'HeNormal',
	'HeUniform',
	'LeCunNormal',
	'LeCunUniform',
	'Orthogonal',
	'Identity',
	'L1L2',
	'MaxNorm',
	'UnitNorm',
	'NonNeg',
	'MinMaxNorm'
] as const;

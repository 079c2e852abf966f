/**
 * The layout and schemas of an exported model (.zip), shared by export and import.
 *
 *   meta.json                      name, kind, dataset, config, metrics, roles, step, file hashes
 *   model.json  (+ weights.bin)    tfjs "layers-model" artifacts of the primary role
 *   <role>/model.json, weights.bin every role, when the family has more than one model
 *   thumbnail.png                  optional
 *   checkpoint/state.json          optional: optimizer state to resume training
 *   checkpoint/<role>.optimizer.bin
 */
import { z } from 'zod';

export const FORMAT_VERSION = 1;
export const META_PATH = 'meta.json';
export const THUMBNAIL_PATH = 'thumbnail.png';
export const STATE_PATH = 'checkpoint/state.json';
/** Largest total unzipped size accepted, to refuse zip bombs before inflating. */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;
export const MAX_FILES = 256;
export const MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024;

/** Where a role's model.json lives: at the top for single-model families, else in its folder. */
export function modelJsonPath(role: string, roles: readonly string[]): string {
	return roles.length === 1 ? 'model.json' : `${role}/model.json`;
}

export function optimizerPath(role: string): string {
	return `checkpoint/${role}.optimizer.bin`;
}

/** Role names become folder names: keep them plain. */
const roleName = z
	.string()
	.regex(/^[a-z][a-z0-9_-]{0,31}$/i, 'role names are letters, digits, - and _');

const nonNegInt = z.number().int().nonnegative();

export const metaSchema = z.object({
	formatVersion: z.literal(FORMAT_VERSION),
	name: z.string().trim().min(1).max(200),
	kind: z.string().min(1).max(64),
	dataset: z.string().max(200).nullable(),
	config: z.json(),
	metrics: z.record(z.string(), z.number()),
	createdAt: z.number(),
	roles: z.array(roleName).min(1).max(8),
	step: nonNegInt,
	/** Byte count and SHA-256 (hex) of every other file in the zip. */
	files: z.record(
		z.string(),
		z.object({ bytes: nonNegInt, sha256: z.string().regex(/^[0-9a-f]{64}$/) })
	)
});
export type ZipMeta = z.infer<typeof metaSchema>;

/** Weight dtypes we accept: float32 and int32 as is, float16 as tfjs quantization of float32. */
export const weightSpecSchema = z.union([
	z.object({
		name: z.string().min(1),
		shape: z.array(nonNegInt).max(8),
		dtype: z.enum(['float32', 'int32'])
	}),
	z.object({
		name: z.string().min(1),
		shape: z.array(nonNegInt).max(8),
		dtype: z.literal('float32'),
		quantization: z.object({ dtype: z.literal('float16') })
	})
]);

export const modelJsonSchema = z.object({
	modelTopology: z.looseObject({ class_name: z.string(), config: z.looseObject({}) }),
	format: z.literal('layers-model'),
	generatedBy: z.string().optional(),
	convertedBy: z.string().nullable().optional(),
	weightsManifest: z
		.array(
			z.object({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightSpecSchema) })
		)
		.min(1)
});
export type ModelJson = z.infer<typeof modelJsonSchema>;

export const stateSchema = z.object({
	step: nonNegInt,
	epoch: nonNegInt,
	cursor: z.json(),
	rngSeed: z.number(),
	losses: z.object({
		steps: z.array(z.number()),
		series: z.record(z.string(), z.array(z.number()))
	}),
	optimizers: z.record(
		roleName,
		z.object({
			path: z.string(),
			// Optimizer state holds the int32 iteration count next to float32 moments.
			weights: z.array(weightSpecSchema)
		})
	)
});
export type ZipState = z.infer<typeof stateSchema>;

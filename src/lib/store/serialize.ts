/** Turning layers models and optimizers into bytes + weight specs, and back. */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CheckpointPart, JsonValue } from './db';
import { joinBuffers } from './chunks';

/** A tensor with its weight name (tfjs does not export this type from its public index). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

/** A checkpoint part whose bytes are in memory, not yet in chunks. */
export interface PendingPart extends Omit<CheckpointPart, 'chunkKeys' | 'byteLength'> {
	data: ArrayBuffer;
}

/** Roles preferred as the "main" model of a family, in order. */
const PRIMARY_ROLES = ['generator', 'decoder', 'autoencoder', 'model'];

/** The role whose model stands for the family (top-level model.json, inference default). */
export function primaryRole(roles: readonly string[]): string | undefined {
	return PRIMARY_ROLES.find((r) => roles.includes(r)) ?? roles[0];
}

/** Serialises a model's topology and weights (reads tensor data; do this before a transaction). */
export async function serializeModel(role: string, model: LayersModel): Promise<PendingPart> {
	let captured: tf.io.ModelArtifacts | undefined;
	await model.save(
		tf.io.withSaveHandler(async (artifacts) => {
			captured = artifacts;
			return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
		})
	);
	if (!captured) throw new Error(`model '${role}' produced no artifacts`);
	return artifactsToPart(role, captured);
}

/** A model part from tfjs artifacts (as given to an IOHandler's save). */
export function artifactsToPart(role: string, artifacts: tf.io.ModelArtifacts): PendingPart {
	const { modelTopology, weightSpecs, weightData } = artifacts;
	if (!modelTopology || modelTopology instanceof ArrayBuffer)
		throw new Error(`model '${role}': expected a JSON layers topology`);
	return {
		role,
		type: 'model',
		specs: weightSpecs ?? [],
		modelTopology: modelTopology as JsonValue,
		generatedBy: artifacts.generatedBy,
		data: weightData
			? joinBuffers(Array.isArray(weightData) ? weightData : [weightData])
			: new ArrayBuffer(0)
	};
}

/** Serialises an optimizer's state (iteration count, moments) as a weight group. */
export async function serializeOptimizer(
	role: string,
	optimizer: tf.Optimizer
): Promise<PendingPart> {
	const named = await optimizer.getWeights();
	try {
		const { data, specs } = await tf.io.encodeWeights(named);
		return {
			role,
			type: 'optimizer',
			specs,
			data: joinBuffers(Array.isArray(data) ? data : [data])
		};
	} finally {
		// getWeights returns the live moment variables plus a fresh iterations scalar: free only the latter.
		for (const { tensor } of named) if (!(tensor instanceof tf.Variable)) tensor.dispose();
	}
}

/** Decodes weights in spec order (names may repeat across models, order never lies). */
export function decodeInOrder(
	data: ArrayBuffer | ArrayBuffer[],
	specs: readonly tf.io.WeightsManifestEntry[]
): NamedTensor[] {
	const buffer = Array.isArray(data) ? joinBuffers(data) : data;
	const out: NamedTensor[] = [];
	let offset = 0;
	try {
		for (const spec of specs) {
			const n = spec.shape.reduce((a, b) => a * b, 1);
			const bytes = n * bytesPerValue(spec);
			if (offset + bytes > buffer.byteLength)
				throw new Error(`weights are shorter than their specs (at '${spec.name}')`);
			const map = tf.io.decodeWeights(buffer.slice(offset, offset + bytes), [spec]);
			const tensor = map[spec.name];
			if (!tensor) throw new Error(`could not decode '${spec.name}'`);
			out.push({ name: spec.name, tensor });
			offset += bytes;
		}
		if (offset !== buffer.byteLength)
			throw new Error(`weights hold ${buffer.byteLength} bytes, specs describe ${offset}`);
	} catch (err) {
		for (const t of out) t.tensor.dispose();
		throw err;
	}
	return out;
}

/** Bytes per stored value of a numeric weight spec. */
export function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
	const q = spec.quantization?.dtype;
	if (q) return q === 'uint8' ? 1 : 2;
	if (spec.dtype === 'float32' || spec.dtype === 'int32') return 4;
	if (spec.dtype === 'bool') return 1;
	throw new Error(`unsupported weight dtype '${spec.dtype}' for '${spec.name}'`);
}

/** Writes saved weights into a model built with the same architecture (matched by order). */
export function applyModelPart(
	model: LayersModel,
	part: Pick<PendingPart, 'role' | 'specs'>,
	data: ArrayBuffer | ArrayBuffer[]
): void {
	const named = decodeInOrder(data, part.specs);
	try {
		const targets = model.weights;
		if (targets.length !== named.length)
			throw new Error(
				`model '${part.role}' has ${targets.length} weights, the checkpoint has ${named.length}`
			);
		named.forEach(({ name, tensor }, i) => {
			const want = targets[i]?.shape ?? [];
			if (want.join(',') !== tensor.shape.join(','))
				throw new Error(
					`model '${part.role}': weight ${i} ('${name}') is [${tensor.shape}] in the checkpoint, [${want}] in the model`
				);
		});
		model.setWeights(named.map((n) => n.tensor));
	} finally {
		for (const n of named) n.tensor.dispose();
	}
}

/** Restores an optimizer's state; the variables it held before are released. */
export async function applyOptimizerPart(
	optimizer: tf.Optimizer,
	part: Pick<PendingPart, 'specs'>,
	data: ArrayBuffer | ArrayBuffer[]
): Promise<void> {
	const named = decodeInOrder(data, part.specs);
	const previous = await optimizer.getWeights();
	try {
		await optimizer.setWeights(named);
	} catch (err) {
		for (const p of previous) if (!(p.tensor instanceof tf.Variable)) p.tensor.dispose();
		throw err;
	} finally {
		// setWeights copies into new variables (tfjs 4.22), so the decoded inputs can go.
		for (const n of named) n.tensor.dispose();
	}
	// The optimizer now holds new variables: the ones it held before are unreachable.
	for (const p of previous) p.tensor.dispose();
}

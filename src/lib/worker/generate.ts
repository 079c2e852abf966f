/**
 * Sampling from generative models in the compute worker: the pretrained ones the Worker serves
 * (DCGAN, VAE decoder) and the user's own (GAN/DCGAN generators, VAE decoders in IndexedDB).
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { getModel, latentIOHandler } from '$lib/store';
import { findCatalogueEntry, verifiedWeightsHandler } from '$lib/net/verified-weights';
import type { GridImages } from '$lib/components/grid-images';
import { dropSuperseded } from './model-cache';
import type { GeneratorSource } from './protocol';

interface Loaded {
	model: LayersModel;
	latentSize: number;
	/** tanh generators answer in [-1, 1]; sigmoid ones in [0, 1]. */
	signed: boolean;
}

const cache = new Map<string, Promise<Loaded>>();

/** A source pinned to one file set: a user's model at its latest checkpoint. */
type Version =
	| { type: 'weights'; name: string; version: string }
	| { type: 'model'; modelId: string; checkpointId: string };

/** Reads which checkpoint a user's model is at, so more training loads the new weights. */
async function versionOf(src: GeneratorSource): Promise<Version> {
	if (src.type === 'weights') return src;
	const checkpointId = (await getModel(src.modelId))?.latestCheckpointId;
	if (!checkpointId) throw new Error(`no saved weights for model '${src.modelId}'`);
	return { type: 'model', modelId: src.modelId, checkpointId };
}

function modelPrefix(modelId: string): string {
	return `m:${modelId}@`;
}

function keyOf(v: Version): string {
	return v.type === 'weights'
		? `w:${v.name}/${v.version}`
		: `${modelPrefix(v.modelId)}${v.checkpointId}`;
}

async function load(v: Version): Promise<Loaded> {
	const model =
		v.type === 'weights'
			? // Published weights: every file checked against the catalogue's sha256 before use.
				await loadLayersModel(verifiedWeightsHandler(await findCatalogueEntry(v.name, v.version)))
			: // The checkpoint the key names, not whatever is latest by the time it is read.
				await loadLayersModel(
					latentIOHandler({ modelId: v.modelId, checkpointId: v.checkpointId })
				);
	const latentSize = model.inputs[0]?.shape[1];
	if (typeof latentSize !== 'number') {
		model.dispose();
		throw new Error('This model does not take a latent vector.');
	}
	const last = model.layers.at(-1)?.getConfig() as { activation?: string } | undefined;
	return { model, latentSize, signed: last?.activation === 'tanh' };
}

/** The model for a source, loaded once per worker (a user's model once per checkpoint). */
export async function loadGenerator(src: GeneratorSource): Promise<Loaded> {
	const v = await versionOf(src);
	const key = keyOf(v);
	let p = cache.get(key);
	if (!p) {
		p = load(v).catch((err: unknown) => {
			cache.delete(key);
			throw err;
		});
		cache.set(key, p);
		if (v.type === 'model')
			dropSuperseded(cache, modelPrefix(v.modelId), key, (g) => g.model.dispose());
	}
	return p;
}

/** Decodes latent vectors z [n, latent] into a grid of images in bytes. */
async function decode(g: Loaded, z: tf.Tensor2D, columns: number): Promise<GridImages> {
	const bytes = tf.tidy(() => {
		let y = g.model.predict(z) as tf.Tensor;
		if (y.rank === 2) y = tf.reshape(y, [y.shape[0] ?? 0, 28, 28, 1]);
		if (g.signed) y = tf.div(tf.add(y, 1), 2);
		return tf.cast(tf.mul(tf.clipByValue(y, 0, 1), 255), 'int32');
	});
	try {
		const [n, h, w, c] = bytes.shape as [number, number, number, number];
		return {
			data: Uint8Array.from(await bytes.data()),
			count: n,
			height: h,
			width: w,
			channels: c === 3 ? 3 : 1,
			columns
		};
	} finally {
		bytes.dispose();
	}
}

/**
 * n samples from the prior N(0, I) with a fixed seed, laid out `columns` wide, and the first
 * sample's latent vector (where the latent sliders start).
 */
export async function sampleGrid(src: GeneratorSource, n: number, seed: number, columns: number) {
	const g = await loadGenerator(src);
	const z = tf.randomNormal([n, g.latentSize], 0, 1, 'float32', seed) as tf.Tensor2D;
	try {
		// Decoding first runs the model before any other await: a newer checkpoint loaded by
		// another call in the meantime disposes this version.
		const grid = await decode(g, z, columns);
		const row = tf.slice(z, [0, 0], [1, -1]);
		const first = Array.from(await row.data());
		row.dispose();
		return { grid, first };
	} finally {
		z.dispose();
	}
}

/**
 * Frames walking from seed a's latent point to seed b's along a great circle (slerp), which keeps
 * intermediate points at the prior's typical radius, unlike a straight line through the origin.
 */
export async function interpolate(
	src: GeneratorSource,
	seedA: number,
	seedB: number,
	frames: number
) {
	const g = await loadGenerator(src);
	const z = tf.tidy(() => {
		const a = tf.randomNormal([1, g.latentSize], 0, 1, 'float32', seedA);
		const b = tf.randomNormal([1, g.latentSize], 0, 1, 'float32', seedB);
		const na = tf.div(a, tf.norm(a));
		const nb = tf.div(b, tf.norm(b));
		const omega = Math.acos(Math.min(1, Math.max(-1, tf.sum(tf.mul(na, nb)).dataSync()[0] ?? 0)));
		const rows: tf.Tensor[] = [];
		for (let i = 0; i < frames; i++) {
			const t = frames === 1 ? 0 : i / (frames - 1);
			if (omega < 1e-4) rows.push(tf.add(tf.mul(a, 1 - t), tf.mul(b, t)));
			else {
				const s = Math.sin(omega);
				rows.push(
					tf.add(tf.mul(a, Math.sin((1 - t) * omega) / s), tf.mul(b, Math.sin(t * omega) / s))
				);
			}
		}
		return tf.concat(rows) as tf.Tensor2D;
	});
	try {
		return { grid: await decode(g, z, frames) };
	} finally {
		z.dispose();
	}
}

/** Decodes one explicit latent vector (the sliders); missing dimensions are 0. */
export async function decodeVector(src: GeneratorSource, vector: number[]) {
	const g = await loadGenerator(src);
	const v = Array.from({ length: g.latentSize }, (_, i) => vector[i] ?? 0);
	const z = tf.tensor2d([v]);
	try {
		return { grid: await decode(g, z, 1), latentSize: g.latentSize };
	} finally {
		z.dispose();
	}
}

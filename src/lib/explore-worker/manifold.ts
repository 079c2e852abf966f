/**
 * The Explore lab's manifold view: a 3-D toy cloud embedded in 2-D by PCA, by a plain dense
 * autoencoder, and by the same autoencoder regularised towards an Isomap embedding (GRAE), with
 * how many of each point's neighbours on the flat sheet each embedding keeps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeToy3d } from '$lib/ml/data/toy3d';
import { neighbourAgreement } from '$lib/ml/metrics';
import { buildDenseAutoencoder, type DenseAutoencoder } from '$lib/ml/models/autoencoder/model';
import { createAutoencoderTrainer } from '$lib/ml/models/autoencoder/train';
import { createGeometryTrainer, standardiseEmbedding } from '$lib/ml/models/autoencoder/geometry';
import { fitIsomap } from '$lib/ml/models/isomap/model';
import { fitPca, projectPca } from '$lib/ml/models/pca/model';
import { createRng } from '$lib/ml/random';
import { progressEvent, type Emit } from './jobs';
import type { ManifoldRequest, ManifoldResult } from './protocol';

/** Neighbours per point in Isomap's graph and in the neighbour-agreement score. */
export const MANIFOLD_NEIGHBOURS = 10;
/** Weight λ of GRAE's embedding term; the code is then within ~0.05 of the Isomap layout. */
const GRAE_LAMBDA = 1;
const LEARNING_RATE = 1e-2;

/** Scales a cloud into [0.05, 0.95] with one factor for all axes (keeps its shape) for a sigmoid AE. */
export function normaliseCloud(points: Float32Array, dims: number): Float32Array {
	let lo = Infinity;
	let hi = -Infinity;
	const mins = new Float64Array(dims).fill(Infinity);
	for (let i = 0; i < points.length; i++) {
		const d = i % dims;
		mins[d] = Math.min(mins[d] ?? Infinity, points[i] ?? 0);
	}
	for (let i = 0; i < points.length; i++) {
		const v = (points[i] ?? 0) - (mins[i % dims] ?? 0);
		lo = Math.min(lo, v);
		hi = Math.max(hi, v);
	}
	const scale = hi > lo ? 0.9 / (hi - lo) : 1;
	return points.map((v, i) => 0.05 + (v - (mins[i % dims] ?? 0)) * scale);
}

function buildAe(seed: number): DenseAutoencoder {
	return buildDenseAutoencoder({ inputSize: 3, hidden: [64, 64], latentSize: 2, seed });
}

/** Reads a tensor back and frees it (async: WebGPU in a worker cannot read synchronously). */
async function take(t: tf.Tensor): Promise<Float32Array> {
	try {
		return Float32Array.from(await t.data());
	} finally {
		t.dispose();
	}
}

/** Isomap of the cloud, or the reason it could not be made (a neighbour graph in pieces). */
function tryIsomap(
	pts: Float32Array,
	signal?: AbortSignal
): { embedding: Float32Array } | { error: string } {
	try {
		const iso = fitIsomap(pts, 3, { k: MANIFOLD_NEIGHBOURS, signal });
		return { embedding: standardiseEmbedding(iso.embedding, 2) };
	} catch (e) {
		if (signal?.aborted || !(e instanceof RangeError)) throw e;
		return { error: e.message };
	}
}

/** A 3-D toy cloud embedded in 2-D by PCA, a plain dense AE and a GRAE (AE + Isomap term). */
export async function runManifold(
	req: ManifoldRequest,
	emit: Emit,
	signal?: AbortSignal
): Promise<ManifoldResult> {
	const t0 = performance.now();
	const cloud = makeToy3d(req.kind, { n: req.n, seed: req.seed });
	const pts = normaliseCloud(cloud.points, 3);
	const all = tf.tensor2d(pts, [req.n, 3]);
	const ae = buildAe(req.seed);
	const trainer = createAutoencoderTrainer(ae, { seed: req.seed, learningRate: LEARNING_RATE });
	let grae: DenseAutoencoder | undefined;
	let graeTrainer: ReturnType<typeof createGeometryTrainer> | undefined;
	let targets: tf.Tensor2D | undefined;
	try {
		const pcaModel = fitPca(pts, 3, { signal });
		const pca = await take(tf.tidy(() => projectPca(pcaModel, all, 2)));
		emit({ type: 'status', status: 'running' });
		const iso = tryIsomap(pts, signal);
		if ('embedding' in iso) {
			targets = tf.tensor2d(iso.embedding, [req.n, 2]);
			// Same initial weights as the plain AE, so the embedding term is the only difference.
			grae = buildAe(req.seed);
			graeTrainer = createGeometryTrainer(grae, {
				lambda: GRAE_LAMBDA,
				learningRate: LEARNING_RATE
			});
		}
		const rng = createRng(req.seed + 1);
		const batch = Math.min(256, req.n);
		let aeLoss = NaN;
		let graeLoss = NaN;
		for (let step = 1; step <= req.steps; step++) {
			signal?.throwIfAborted();
			const idx = tf.tensor1d(
				Array.from({ length: batch }, () => rng.int(req.n)),
				'int32'
			);
			const x = tf.gather(all, idx) as tf.Tensor2D;
			const x4 = tf.reshape(x, [batch, 3, 1, 1]) as tf.Tensor4D;
			const e = targets ? (tf.gather(targets, idx) as tf.Tensor2D) : undefined;
			const losses = trainer.step({ x: x4 });
			const g = graeTrainer && e ? graeTrainer.step(x, e) : undefined;
			const report = step % 25 === 0 || step === req.steps;
			if (report) {
				aeLoss = (await losses.loss!.data())[0] ?? NaN;
				if (g) graeLoss = (await g.reconstruction.data())[0] ?? NaN;
				emit(progressEvent(step, req.steps, t0, aeLoss));
			}
			tf.dispose([
				idx,
				x,
				x4,
				...(e ? [e] : []),
				...Object.values(losses),
				...(g ? Object.values(g) : [])
			]);
			if (report) await new Promise((r) => setTimeout(r, 0));
		}
		const aeXY = await take(ae.encoder.predict(all) as tf.Tensor);
		const graeXY = grae ? await take(grae.encoder.predict(all) as tf.Tensor) : undefined;
		const sheet = cloud.sheet;
		// Every 5th point is scored: the score is O(n²) and 1-in-5 changes it by ~0.01.
		const keep = (xy: Float32Array) =>
			sheet
				? neighbourAgreement(xy, 2, sheet, 2, { k: MANIFOLD_NEIGHBOURS, stride: 5 })
				: undefined;
		return {
			points: cloud.points,
			t: cloud.t,
			pca,
			ae: aeXY,
			aeLoss,
			grae: graeXY,
			graeLoss,
			graeError: 'error' in iso ? iso.error : undefined,
			neighboursKept: sheet
				? {
						pca: keep(pca)!,
						ae: keep(aeXY)!,
						grae: graeXY ? keep(graeXY) : undefined,
						isomap: 'embedding' in iso ? keep(iso.embedding) : undefined
					}
				: undefined,
			seconds: (performance.now() - t0) / 1000
		};
	} finally {
		trainer.dispose();
		graeTrainer?.dispose();
		grae?.dispose();
		tf.dispose([all, ...(targets ? [targets] : [])]);
	}
}

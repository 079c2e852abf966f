/**
 * The training lab's views of a model, inside the compute worker: the latent scatter and
 * interpolation of autoencoders, and the class histogram of GAN samples under the project's own
 * Fashion-MNIST classifier (the mode-collapse check). The last autoencoder trained stays loaded
 * so the page can still explore it after training ends; a new run releases it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { interpolateCodes, projectCodes, projectTo2d } from '$lib/ml/latent/projection';
import { classHistogram } from '$lib/ml/metrics/mode-collapse';
import type { ModelBuilder } from '$lib/ml/models/catalog';
import type { Trainer } from '$lib/ml/train/trainer';
import type { GridImages } from '$lib/components/grid-images';
import type { LatentSnapshot } from './protocol';

/** Probe images for the scatter: enough to show the clusters, few enough to encode in a blink. */
export const PROBE_COUNT = 1000;
/** Generated samples per class histogram. */
export const HISTOGRAM_SAMPLES = 500;
/** The classifier the project trained itself (weights/classifier-fashion, served by /api/weights). */
export const CLASSIFIER_URL = '/api/weights/classifier-fashion/1/model.json';
const BATCH = 100;

interface Probe {
	x: tf.Tensor4D;
	images: Uint8Array;
	labels?: Uint8Array;
	classNames?: string[];
}

interface Session {
	trainer: Trainer;
	family: ModelBuilder;
	probe: Probe;
	step: number;
}

let session: Session | undefined;

/** The first `count` side×side images of a set as a tensor in [0, 1] plus their bytes. */
function makeProbe(
	images: Uint8Array,
	labels: Uint8Array | undefined,
	count: number,
	side: number
): Probe {
	const n = Math.min(count, Math.floor(images.length / (side * side)));
	const bytes = images.slice(0, n * side * side);
	const x = tf.tidy(() => tf.div(tf.tensor4d(Float32Array.from(bytes), [n, side, side, 1]), 255));
	return { x: x as tf.Tensor4D, images: bytes, labels: labels?.slice(0, n) };
}

/** Starts a lab session for a run's trainer (releasing the previous one); undefined for GANs. */
export function openLabSession(opts: {
	trainer: Trainer;
	family: ModelBuilder;
	images: Uint8Array;
	labels?: Uint8Array;
	/** A user's labelled set's class names (Fashion-MNIST's are the page's). */
	classNames?: string[];
	side: number;
}): void {
	releaseLabSession();
	if (!opts.family.latent) return;
	session = {
		trainer: opts.trainer,
		family: opts.family,
		probe: {
			...makeProbe(opts.images, opts.labels, PROBE_COUNT, opts.side),
			classNames: opts.classNames
		},
		step: 0
	};
}

/** True when `trainer` belongs to the open session (training.ts then leaves it to the lab). */
export function labOwns(trainer: Trainer): boolean {
	return session?.trainer === trainer;
}

/** Records how far the session's model has trained (the step on-demand snapshots report). */
export function noteLabStep(trainer: Trainer, step: number): void {
	if (session?.trainer === trainer) session.step = step;
}

/** Disposes the kept model and probe. */
export function releaseLabSession(): void {
	if (!session) return;
	session.trainer.dispose();
	session.probe.x.dispose();
	session = undefined;
}

function requireSession(): Session & { family: Required<Pick<ModelBuilder, 'latent'>> } {
	if (!session?.family.latent) {
		throw new Error('Train an autoencoder first: its latent space appears here.');
	}
	return session as Session & { family: Required<Pick<ModelBuilder, 'latent'>> };
}

/**
 * Encodes the probe images in small batches, reading each back before the next: a software
 * WebGPU adapter loses its device when one submission holds too much work.
 */
async function encodeProbe(
	s: ReturnType<typeof requireSession>
): Promise<{ codes: Float32Array; dims: number }> {
	const n = s.probe.x.shape[0];
	let codes = new Float32Array(0);
	let dims = 0;
	for (let i = 0; i < n; i += BATCH) {
		const m = Math.min(BATCH, n - i);
		const z = tf.tidy(() =>
			s.family.latent.encode(s.trainer, tf.slice(s.probe.x, [i, 0, 0, 0], [m, -1, -1, -1]))
		);
		try {
			if (i === 0) {
				dims = z.shape[1];
				codes = new Float32Array(n * dims);
			}
			codes.set(await z.data(), i * dims);
		} finally {
			z.dispose();
		}
	}
	return { codes, dims };
}

/** The probe's latent codes brought to 2-D at the session's current step. */
export async function latentSnapshot(step?: number): Promise<LatentSnapshot> {
	const s = requireSession();
	if (step !== undefined) s.step = step;
	const { codes, dims } = await encodeProbe(s);
	const proj = projectTo2d(codes, dims);
	const three = dims >= 3 ? projectCodes(codes, dims, 3) : undefined;
	return {
		step: s.step,
		...proj,
		...(three ? { xyz: three.xy, explained3: three.explained } : {}),
		labels: s.probe.labels,
		...(s.probe.classNames ? { classNames: s.probe.classNames } : {}),
		images: s.probe.images,
		latentSize: dims
	};
}

/** `frames` images decoded along the straight line from probe image a's code to b's. */
export async function interpolateProbe(a: number, b: number, frames: number): Promise<GridImages> {
	const s = requireSession();
	const n = s.probe.x.shape[0];
	for (const i of [a, b]) {
		if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`no probe image ${i}`);
	}
	const ends = tf.tidy(() =>
		s.family.latent.encode(s.trainer, tf.gather(s.probe.x, tf.tensor1d([a, b], 'int32')))
	);
	const d = ends.shape[1];
	const flat = await ends.data();
	ends.dispose();
	const z = interpolateCodes(flat.subarray(0, d), flat.subarray(d, 2 * d), frames);
	const bytes = tf.tidy(() => {
		const y = s.family.latent.decode(s.trainer, tf.tensor2d(z, [frames, d]));
		return tf.cast(tf.mul(tf.clipByValue(y, 0, 1), 255), 'int32');
	});
	try {
		const [count, h, w] = bytes.shape as [number, number, number, number];
		return {
			data: Uint8Array.from(await bytes.data()),
			count,
			height: h,
			width: w,
			channels: 1,
			columns: frames
		};
	} finally {
		bytes.dispose();
	}
}

let classifier: Promise<LayersModel> | undefined;

/** The project's Fashion-MNIST classifier, loaded once per worker. */
function loadClassifier(): Promise<LayersModel> {
	classifier ??= loadLayersModel(CLASSIFIER_URL).catch((err: unknown) => {
		classifier = undefined;
		throw err;
	});
	return classifier;
}

/** Class counts of HISTOGRAM_SAMPLES generated images (fixed noise seed) under the classifier. */
export async function generatedClassHistogram(
	trainer: Trainer,
	family: ModelBuilder,
	seed: number,
	/** Another classifier than the shipped one (tests). */
	classifierModel?: LayersModel
): Promise<number[]> {
	if (!family.generate) throw new Error('This model does not generate images.');
	const model = classifierModel ?? (await loadClassifier());
	const predictions = new Int32Array(HISTOGRAM_SAMPLES);
	for (let i = 0; i < HISTOGRAM_SAMPLES; i += 100) {
		const m = Math.min(100, HISTOGRAM_SAMPLES - i);
		// Read back asynchronously: WebGPU in a worker cannot read tensors synchronously.
		const classes = tf.tidy(() =>
			tf.argMax(model.predict(family.generate!(trainer, m, seed + i)) as tf.Tensor2D, 1)
		);
		try {
			predictions.set(await classes.data(), i);
		} finally {
			classes.dispose();
		}
		// Let control messages (pause, stop) in between batches.
		await new Promise((r) => setTimeout(r, 0));
	}
	const classes = model.outputs[0]?.shape[1];
	return classHistogram(predictions, typeof classes === 'number' ? classes : 10);
}

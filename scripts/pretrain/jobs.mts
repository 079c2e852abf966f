/**
 * The pretrained models this project ships: how each is built, fed, evaluated and exported.
 * Everything trains through the app's own code (Trainer + trainLoop); only data loading is Node's.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
	FASHION_MNIST_FILES,
	loadFashionMnist,
	type ImageSet
} from '../../src/lib/ml/data/fashion-mnist';
import { createInMemoryProvider, type DatasetProvider } from '../../src/lib/ml/data/provider';
import { frechetDistance } from '../../src/lib/ml/metrics/frechet';
import { psnrPerImage } from '../../src/lib/ml/metrics/image';
import { featureExtractor, predictClasses } from '../../src/lib/ml/models/classifier/model';
import { ClassifierTrainer } from '../../src/lib/ml/models/classifier/train';
import { ConvAutoencoderTrainer } from '../../src/lib/ml/models/conv-autoencoder/train';
import { DcganTrainer } from '../../src/lib/ml/models/dcgan/train';
import { buildVae } from '../../src/lib/ml/models/vae/model';
import { createVaeTrainer } from '../../src/lib/ml/models/vae/train';
import {
	addAwgn,
	DenoiserTrainer,
	type DenoiserTrainerOptions
} from '../../src/lib/ml/models/denoiser/train';
import { arraySource, encodeAll } from '../../src/lib/ml/representations/fewshot';
import { DataParallelDenoiser } from './parallel.mts';
import type { Trainer } from '../../src/lib/ml/train/trainer';
import { fileLoader } from './node-io.mts';
import { COLOUR_PHOTOS, loadColourPhotos } from './colour-photos.mts';
import { createPatchProvider, type ByteImage } from '../../src/lib/ml/data/patches';
import { readPngFolder } from './patches.mts';
import { stylizerJobs } from './stylizer-job.mts';

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const TRAIN400_DIR = '/work/shared/data/train400';

const FASHION_DATA = 'Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), 60,000 training images';
const FASHION_LICENCE = 'MIT (Zalando Research)';
const TRAIN400_DATA =
	'Train400: 400 grayscale 180×180 crops of the Berkeley Segmentation Dataset, as distributed with the DnCNN training code (github.com/cszn/DnCNN commit e93b27812d3ff523a3a79d19e5e50d233d7a8d0a, TrainingCodes/DnCNN_TrainingCodes_v1.0/data/Train400)';
const TRAIN400_LICENCE = 'Berkeley Segmentation Dataset terms: research and educational use';

/** A prepared run: the trainer, its data and what to do once training stops. */
export interface Prepared {
	trainer: Trainer;
	data: DatasetProvider;
	/** The model that is published (e.g. only the generator of a GAN). */
	exportModel(): tfl.LayersModel;
	/** Companion models published beside it, by role (file names `<role>.json`, `<role>.bin`). */
	exportExtra?(): Record<string, tfl.LayersModel>;
	/** Validation metrics on held-out data. */
	evaluate(log: (line: string) => void): Promise<Record<string, number>>;
	/** Counters a trainer needs on resume (seeded noise). */
	extra?: { get(): Record<string, number>; set(v: Record<string, number>): void };
	dispose(): void;
}

export interface PrepareOptions {
	seed: number;
	/** Limits held-out evaluation (tests); default: the whole held-out set. */
	evalLimit?: number;
	/** Folder of published weights, to find the classifier the quality metrics use. */
	weightsDir: string;
	/** From this step on, jobs that support it train at a tenth of their learning rate. */
	lrDropStep?: number;
	/** Jobs that support it split every batch between this thread and a worker thread. */
	parallel?: boolean;
	/** Overrides for tests: smaller models / images. */
	small?: boolean;
	images?: ByteImage[];
}

export interface Job {
	name: string;
	kind: string;
	version: string;
	batchSize: number;
	/** Default time budget in seconds. */
	budget: number;
	data: string;
	licence: string;
	prepare(opts: PrepareOptions): Promise<Prepared>;
}

let fashionCache: { train: ImageSet; test: ImageSet } | undefined;

/** Fashion-MNIST from the Debian package's folder. */
export async function loadFashion(): Promise<{ train: ImageSet; test: ImageSet }> {
	if (fashionCache) return fashionCache;
	const read = (f: { file: string }) =>
		readFile(join(FASHION_DIR, f.file)).then((b) => new Uint8Array(b));
	fashionCache = loadFashionMnist({
		trainImages: await read(FASHION_MNIST_FILES.trainImages),
		trainLabels: await read(FASHION_MNIST_FILES.trainLabels),
		testImages: await read(FASHION_MNIST_FILES.testImages),
		testLabels: await read(FASHION_MNIST_FILES.testLabels)
	});
	return fashionCache;
}

function testTensor(set: ImageSet, limit?: number): tf.Tensor4D {
	const n = Math.min(limit ?? set.count, set.count);
	const px = set.rows * set.cols;
	return tf.tidy(() =>
		tf.div(tf.tensor4d(set.images.subarray(0, n * px), [n, set.rows, set.cols, 1], 'float32'), 255)
	);
}

function fashionProvider(set: ImageSet, seed: number, labels: boolean): DatasetProvider {
	return createInMemoryProvider({
		images: set.images,
		shape: [set.rows, set.cols, 1],
		labels: labels ? set.labels : undefined,
		seed
	});
}

/** Predicts in batches and concatenates the (2-D) outputs into one Float32Array. */
function predictFlat(model: tfl.LayersModel, x: tf.Tensor4D, batch = 256): Float32Array {
	const pixels = x.dataSync() as Float32Array;
	return encodeAll(model, arraySource(pixels, pixels.length / x.shape[0]), batch);
}

const classifierFashion: Job = {
	name: 'classifier-fashion',
	kind: 'classifier',
	version: '1',
	batchSize: 64,
	budget: 240,
	data: FASHION_DATA,
	licence: FASHION_LICENCE,
	async prepare({ seed, evalLimit }) {
		const { train, test } = await loadFashion();
		const trainer = new ClassifierTrainer({ seed });
		return {
			trainer,
			data: fashionProvider(train, seed, true),
			exportModel: () => trainer.model,
			async evaluate() {
				const x = testTensor(test, evalLimit);
				const pred = predictClasses(trainer.model, x);
				x.dispose();
				let hits = 0;
				pred.forEach((p, i) => (hits += p === test.labels[i] ? 1 : 0));
				return { test_accuracy: hits / pred.length, test_images: pred.length };
			},
			dispose: () => trainer.dispose()
		};
	}
};

const convAeFashion: Job = {
	name: 'conv-ae-fashion',
	kind: 'conv-autoencoder',
	version: '1',
	batchSize: 64,
	budget: 300,
	data: FASHION_DATA,
	licence: FASHION_LICENCE,
	async prepare({ seed, evalLimit }) {
		const { train, test } = await loadFashion();
		const trainer = new ConvAutoencoderTrainer({ seed, latentSize: 32 });
		return {
			trainer,
			data: fashionProvider(train, seed, false),
			exportModel: () => trainer.model.autoencoder,
			async evaluate() {
				const x = testTensor(test, evalLimit);
				const n = x.shape[0];
				const y = predictFlat(trainer.model.autoencoder, x);
				const ref = x.dataSync();
				x.dispose();
				let se = 0;
				let psnrSum = 0;
				const px = 28 * 28;
				for (let i = 0; i < n; i++) {
					let e = 0;
					for (let k = i * px; k < (i + 1) * px; k++) e += ((y[k] ?? 0) - (ref[k] ?? 0)) ** 2;
					se += e;
					psnrSum += 10 * Math.log10(1 / (e / px));
				}
				return { test_mse: se / (n * px), test_psnr: psnrSum / n, test_images: n };
			},
			dispose: () => trainer.dispose()
		};
	}
};

/** Dense VAE with a 2-D latent space (the latent-grid view), BCE + KL, β = 1. */
const vaeFashion: Job = {
	name: 'vae-fashion',
	kind: 'vae',
	// 2: v1 had only 150 steps (−ELBO 303 nats on the test set; the quality bench's 60-second
	// run reaches 273); v2 is the same recipe trained for five minutes.
	version: '2',
	batchSize: 64,
	budget: 300,
	data: FASHION_DATA,
	licence: FASHION_LICENCE,
	async prepare({ seed, evalLimit }) {
		const { train, test } = await loadFashion();
		const vae = buildVae({ inputSize: 784, hidden: [512], latentSize: 2, seed });
		const trainer = createVaeTrainer(vae, { seed });
		return {
			trainer,
			data: fashionProvider(train, seed, false),
			// The decoder z → x̂ is the generative half; the encoder x → [μ, logσ²] sits beside it.
			exportModel: () => vae.decoder,
			exportExtra: () => ({ encoder: vae.encoder }),
			extra: {
				get: () => ({ stepCount: trainer.stepCount }),
				set: (v) => (trainer.stepCount = v.stepCount ?? 0)
			},
			async evaluate() {
				const x = testTensor(test, evalLimit);
				const n = x.shape[0];
				let se = 0;
				for (let i = 0; i < n; i += 500) {
					const m = Math.min(500, n - i);
					const part = tf.slice(x, [i, 0, 0, 0], [m, -1, -1, -1]);
					const rec = trainer.reconstruct(part);
					const e = tf.tidy(() => tf.sum(tf.square(tf.sub(rec, part))));
					se += (await e.data())[0] ?? NaN;
					tf.dispose([part, rec, e]);
				}
				x.dispose();
				return { test_mse: se / (n * 784), test_images: n };
			},
			dispose: () => trainer.dispose()
		};
	}
};

/** The published classifier (for Fréchet distances), if it has been trained already. */
async function loadPublishedClassifier(weightsDir: string): Promise<tfl.LayersModel | undefined> {
	const path = join(weightsDir, 'classifier-fashion', '1', 'model.json');
	if (!existsSync(path)) return undefined;
	return tfl.loadLayersModel(fileLoader(path));
}

const dcganFashion: Job = {
	name: 'dcgan-fashion',
	kind: 'dcgan',
	// 2: v1 had 205 steps (blotchy, striped samples); v2 is the same recipe trained for about
	// three epochs with the faster conv kernels.
	version: '2',
	batchSize: 64,
	budget: 4200,
	data: FASHION_DATA,
	licence: FASHION_LICENCE,
	async prepare({ seed, evalLimit, weightsDir }) {
		const { train, test } = await loadFashion();
		const trainer = new DcganTrainer({ seed, latentSize: 100 });
		// The trainer's step counter seeds its latent noise; restoring it makes a resume exact.
		const counter = trainer as unknown as { stepCount: number };
		return {
			trainer,
			data: fashionProvider(train, seed, false),
			exportModel: () => trainer.generator,
			extra: {
				get: () => ({ stepCount: counter.stepCount }),
				set: (v) => (counter.stepCount = v.stepCount ?? 0)
			},
			async evaluate(log) {
				const classifier = await loadPublishedClassifier(weightsDir);
				if (!classifier) {
					log('no weights/classifier-fashion yet: skipping the Fréchet distance');
					return {};
				}
				const n = Math.min(evalLimit ?? 2000, test.count);
				const features = featureExtractor(classifier);
				const real = testTensor(test, n);
				const fake = trainer.sample(n, seed + 7);
				const fr = predictFlat(features, real);
				const ff = predictFlat(features, fake);
				const dims = fr.length / n;
				// A floor for comparison: the distance between two halves of the real test images.
				const half = Math.floor(n / 2) * dims;
				const metrics = {
					fd_classifier: frechetDistance(ff, fr, dims),
					fd_classifier_real_halves: frechetDistance(
						fr.subarray(0, half),
						fr.subarray(half, 2 * half),
						dims
					),
					fd_samples: n
				};
				tf.dispose([real, fake]);
				classifier.dispose();
				return metrics;
			},
			dispose: () => trainer.dispose()
		};
	}
};

/** The held-out split of train400: the last `HOLDOUT` images by file name. */
export const HOLDOUT = 40;
export const EVAL_SIGMAS = [15, 25, 50] as const;

/**
 * Mean PSNR of the denoised and of the noisy held-out images at each σ (AWGN, not clipped before
 * denoising; the output is clipped to [0, 1] as a display would).
 */
async function evaluateDenoiser(
	trainer: DenoiserTrainer,
	images: ByteImage[],
	seed: number,
	log: (line: string) => void
): Promise<Record<string, number>> {
	const metrics: Record<string, number> = { val_images: images.length };
	for (const sigma of EVAL_SIGMAS) {
		let den = 0;
		let noisyP = 0;
		for (let i = 0; i < images.length; i++) {
			const img = images[i] as ByteImage;
			const clean = tf.tidy(() =>
				tf.div(tf.tensor4d(img.data, [1, img.height, img.width, img.channels], 'float32'), 255)
			) as tf.Tensor4D;
			const { noisy, sigmaMap } = addAwgn(clean, new Float32Array([sigma]), seed * 7919 + i);
			const out = tf.tidy(
				() =>
					tf.clipByValue(
						trainer.model.predict(trainer.inputsFor(noisy, sigmaMap)) as tf.Tensor4D,
						0,
						1
					) as tf.Tensor4D
			);
			den += psnrPerImage(out, clean)[0] ?? NaN;
			const noisyClipped = tf.clipByValue(noisy, 0, 1);
			noisyP += psnrPerImage(noisyClipped, clean)[0] ?? NaN;
			tf.dispose([clean, noisy, sigmaMap, out, noisyClipped]);
		}
		metrics[`val_psnr_sigma${sigma}`] = den / images.length;
		metrics[`val_psnr_noisy_sigma${sigma}`] = noisyP / images.length;
		log(
			`σ=${sigma}: denoised ${(den / images.length).toFixed(2)} dB, noisy ${(noisyP / images.length).toFixed(2)} dB`
		);
	}
	return metrics;
}

const COLOUR_DATA = `Colour photographs shipped with scikit-image (Debian package python3-skimage): ${COLOUR_PHOTOS.map((p) => p.file).join(', ')}; the last is held out for validation`;
const COLOUR_LICENCE = COLOUR_PHOTOS.map((p) => `${p.file}: ${p.licence}`).join('; ');

interface DenoiserJobOptions {
	name: string;
	version: string;
	channels: 1 | 3;
	data: string;
	licence: string;
	budget: number;
	/** Held-out images (the last ones). */
	holdout: number;
	load(log: (l: string) => void): Promise<ByteImage[]>;
}

/** Patches per denoiser step, their side, and the size of the shipped denoisers. */
export const DENOISER_BATCH = 32;
export const DENOISER_PATCH = 40;
export const DENOISER_SIZE = { depth: 10, features: 32 } as const;

function denoiserJob(d: DenoiserJobOptions): Job {
	const { name, channels, data, licence } = d;
	return {
		name,
		kind: 'denoiser',
		version: d.version,
		batchSize: DENOISER_BATCH,
		budget: d.budget,
		data,
		licence,
		async prepare({ seed, evalLimit, small, images, lrDropStep, parallel }) {
			const all = images ?? (await d.load((l) => console.error(l)));
			const holdout = Math.max(1, Math.min(d.holdout, Math.floor(all.length / 5)));
			const trainImages = all.slice(0, all.length - holdout);
			const valImages = all.slice(all.length - holdout).slice(0, evalLimit ?? holdout);
			const options: DenoiserTrainerOptions = {
				channels,
				seed,
				...(small ? { depth: 3, features: 4 } : DENOISER_SIZE),
				sigmaRange: [0, 55],
				lrDropStep
			};
			const patchSize = small ? 8 : DENOISER_PATCH;
			const trainer = new DenoiserTrainer(options);
			const stepper = parallel
				? await DataParallelDenoiser.create(trainer, options, DENOISER_BATCH, [
						patchSize,
						patchSize,
						channels
					])
				: trainer;
			return {
				trainer: stepper,
				data: createPatchProvider({ images: trainImages, patchSize, seed }),
				exportModel: () => trainer.model,
				extra: {
					get: () => ({ stepCount: trainer.stepCount }),
					set: (v) => (trainer.stepCount = v.stepCount ?? 0)
				},
				evaluate: (log) => evaluateDenoiser(trainer, valImages, seed, log),
				dispose: () => stepper.dispose()
			};
		}
	};
}

export const JOBS: readonly Job[] = [
	classifierFashion,
	convAeFashion,
	dcganFashion,
	vaeFashion,
	denoiserJob({
		name: 'denoiser-gray',
		// 2: v1's run resumed: steps 0–2,075 at 1e-3 (v1), 2,075–2,400 at 1e-4, 2,400–2,878 at
		// 1e-3, then 2,878–3,114 at 1e-4 (`--resume --lr-drop 2864 --steps 3114`).
		// 3: v2's run resumed at 1e-3 (3,114–3,610 on one core, then `--parallel` on two), the
		// last steps at 1e-4 again (the manifest's command has the step numbers).
		// 4: v3's run resumed with `--parallel` at 1e-3 from step 7,300 to 14,517 (from 7,608 on
		// with the stride-1 conv kernels, twice as fast), then 14,517–15,700 at 1e-4.
		version: '4',
		channels: 1,
		data: TRAIN400_DATA,
		licence: TRAIN400_LICENCE,
		budget: 900,
		holdout: HOLDOUT,
		load: () => readPngFolder(TRAIN400_DIR, 1)
	}),
	denoiserJob({
		name: 'denoiser-color',
		version: '1',
		channels: 3,
		data: COLOUR_DATA,
		licence: COLOUR_LICENCE,
		budget: 600,
		holdout: 1,
		load: (log) => loadColourPhotos('.cache/datasets/skimage', log)
	}),
	...stylizerJobs({
		train400Dir: TRAIN400_DIR,
		train400Data: TRAIN400_DATA,
		train400Licence: TRAIN400_LICENCE,
		holdout: HOLDOUT
	})
];

/** The job called `name`, or undefined. */
export function findJob(name: string): Job | undefined {
	return JOBS.find((j) => j.name === name);
}

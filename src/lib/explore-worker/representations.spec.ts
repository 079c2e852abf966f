import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImageSet, takeFirst, type ImageSet } from '$lib/ml/data/fashion-mnist';
import { registerWasmTrainingKernels } from '$lib/ml/kernels';
import { buildDenseAutoencoder } from '$lib/ml/models/autoencoder/model';
import { buildConvAutoencoder } from '$lib/ml/models/conv-autoencoder/model';
import { buildVae } from '$lib/ml/models/vae/model';
import { bruteForceKnn } from '$lib/ml/representations/search';
import type { ExploreEvent, FewLabelPoint, FewLabelRequest } from './protocol';
import {
	runCompress,
	runFewLabel,
	runSimilarIndex,
	runSimilarQuery,
	splitAutoencoder,
	trainQuickAutoencoder,
	vaeAutoencoder,
	type Autoencoder,
	type Codec
} from './representations';
import { labelledUserSet, type LabelledSet } from './labelled-set';

const DIR = '/usr/share/datasets/fashion-mnist';
let train: ImageSet;
let test: ImageSet;
let ae: Autoencoder;

function load(images: string, labels: string): ImageSet {
	return loadImageSet(
		gunzipSync(readFileSync(`${DIR}/${images}`)),
		gunzipSync(readFileSync(`${DIR}/${labels}`))
	);
}

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
	train = takeFirst(load('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'), 6000);
	test = takeFirst(load('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'), 1000);
	const m = buildConvAutoencoder({ latentSize: 16, seed: 1 });
	ae = {
		encoder: m.encoder,
		decoder: m.decoder,
		codeSize: 16,
		dispose: () => m.autoencoder.dispose()
	};
});

afterAll(() => ae.dispose());

describe('splitAutoencoder', () => {
	it('finds encoder and decoder in a joined conv AE (as shipped and as checkpointed)', () => {
		const m = buildConvAutoencoder({ latentSize: 6, seed: 4 });
		const split = splitAutoencoder(m.autoencoder);
		expect(split.codeSize).toBe(6);
		expect(split.encoder).toBe(m.encoder);
		expect(split.decoder).toBe(m.decoder);
		expect(() => splitAutoencoder(m.encoder)).toThrow(/not a conv autoencoder/);
		split.dispose();
	});

	it('finds them in a dense or stacked (tied) AE of the lab too', () => {
		for (const tiedWeights of [false, true]) {
			const m = buildDenseAutoencoder({
				inputSize: 784,
				hidden: [64],
				latentSize: 5,
				tiedWeights,
				seed: 2
			});
			const split = splitAutoencoder(m.autoencoder);
			expect(split.codeSize).toBe(5);
			expect(split.encoder).toBe(m.encoder);
			expect(split.decoder).toBe(m.decoder);
			split.dispose();
		}
	});
});

describe('vaeAutoencoder', () => {
	it("codes a VAE by its mean, fine-tunes through it, and keeps the VAE's weights", async () => {
		const vae = buildVae({ inputSize: 784, hidden: [64], latentSize: 3, seed: 5 });
		const handle = vaeAutoencoder(vae.encoder, vae.decoder);
		expect(handle.codeSize).toBe(3);
		const [mu, code] = tf.tidy(() => {
			const x = tf.div(tf.tensor2d(train.images.slice(0, 4 * 784), [4, 784]), 255);
			return [(vae.encoder.predict(x) as tf.Tensor[])[0]!, handle.encoder.predict(x) as tf.Tensor];
		});
		expect(code!.shape).toEqual([4, 3]);
		expect(Array.from(code!.dataSync())).toEqual(Array.from(mu!.dataSync()));
		tf.dispose([mu!, code!]);
		const weights = vae.encoder.getWeights().map((w) => Array.from(w.dataSync()));
		const { r } = await runJob(
			{ perClass: [5], fineTune: true, fineTuneSteps: 5 },
			undefined,
			handle
		);
		expect(r.codeSize).toBe(3);
		expect(r.points.map((p) => p.method)).toEqual(['raw', 'pca', 'frozen', 'finetuned']);
		// Fine-tuning trained the VAE's own layers through the view, then put them back.
		expect(vae.encoder.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
		expect(() => vaeAutoencoder(handle.encoder, vae.decoder)).toThrow(/not a VAE encoder/);
		handle.dispose();
	});
});

describe('quick autoencoder', () => {
	it('trains on unlabelled images: the reconstruction loss falls', async () => {
		const losses: number[] = [];
		const before = tf.memory().numTensors;
		const quick = await trainQuickAutoencoder(train, { steps: 40, seed: 2, batchSize: 32 }, (e) => {
			if (e.type === 'progress' && e.loss !== undefined) losses.push(e.loss);
		});
		expect(losses.length).toBe(4);
		expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
		expect(quick.codeSize).toBe(32);
		quick.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

/** A few-label request small enough for a unit test; `over` sets what a test is about. */
function fewLabelRequest(over: Partial<FewLabelRequest>): FewLabelRequest {
	return {
		perClass: [5],
		encoder: { type: 'pretrained' },
		fineTune: false,
		manifold: false,
		testCount: 100,
		seed: 1,
		pcaComponents: 8,
		probeSteps: 50,
		fineTuneSteps: 0,
		...over
	};
}

/** Runs the few-label job (Fashion-MNIST and `ae` unless given), checks it leaks no tensor. */
async function runJob(
	over: Partial<FewLabelRequest>,
	set: LabelledSet = { train, test, classes: 10 },
	encoder: Autoencoder = ae
) {
	const events: ExploreEvent[] = [];
	const before = tf.memory().numTensors;
	const r = await runFewLabel(set, encoder, fewLabelRequest(over), (e) => events.push(e));
	expect(tf.memory().numTensors).toBe(before);
	return { r, events };
}

describe('few-label job', () => {
	it('streams one point per method and budget, above chance, without leaking tensors', async () => {
		const { r, events } = await runJob({
			perClass: [10, 1],
			fineTune: true,
			testCount: 500,
			pcaComponents: 16,
			probeSteps: 100,
			fineTuneSteps: 10
		});
		const streamed = events.flatMap((e) => (e.type === 'point' ? [e.point] : []));
		expect(streamed).toEqual(r.points);
		// Budgets run smallest first; every method measured for each.
		expect(r.points.map((p: FewLabelPoint) => `${p.perClass}:${p.method}`)).toEqual([
			'1:raw',
			'1:pca',
			'1:frozen',
			'1:finetuned',
			'10:raw',
			'10:pca',
			'10:frozen',
			'10:finetuned'
		]);
		for (const p of r.points) {
			expect(p.labels).toBe(p.perClass * 10);
			expect(p.accuracy).toBeGreaterThanOrEqual(0);
			expect(p.accuracy).toBeLessThanOrEqual(1);
		}
		const at = (m: string, k: number) =>
			r.points.find((p) => p.method === m && p.perClass === k)!.accuracy;
		// Ten labels per class on pixels is far above the 10 % of chance.
		expect(at('raw', 10)).toBeGreaterThan(0.5);
		expect(at('pca', 10)).toBeGreaterThan(0.5);
		const progress = events.filter((e) => e.type === 'progress');
		// 3 set-up stages + per budget 3 probes and a fine-tune worth 4.
		expect(progress.at(-1)).toMatchObject({ done: 17, total: 17 });
	});

	it('adds the code + UMAP map for finite budgets, with progress through the mapping', async () => {
		const { r, events } = await runJob({
			perClass: [0, 1],
			manifold: true,
			manifoldRows: 500,
			testCount: 200,
			seed: 2,
			probeSteps: 60
		});
		// "All labels" has no map point: the map would have to hold every training image.
		expect(r.points.map((p) => `${p.perClass}:${p.method}`)).toEqual([
			'1:raw',
			'1:pca',
			'1:frozen',
			'1:manifold',
			'0:raw',
			'0:pca',
			'0:frozen'
		]);
		const map = r.points.find((p) => p.method === 'manifold')!;
		expect(map.labels).toBe(10);
		expect(map.accuracy).toBeGreaterThan(0.2);
		expect(events).toContainEqual({ type: 'status', status: 'mapping' });
		const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
		// 3 set-up stages + the map worth 10 + 4 probes for budget 1 + 3 for all.
		expect(progress.at(-1)).toMatchObject({ done: 20, total: 20 });
		for (let i = 1; i < progress.length; i++) {
			expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
		}
	});

	it("runs on a user's labelled set: its own classes and held-out images, the map included", async () => {
		// Trousers, sandals and bags of the training set stand in for a folder of three classes.
		const keep = [1, 5, 8];
		const rows = [...train.labels.keys()].filter((i) => keep.includes(train.labels[i]!));
		const picked = keep.flatMap((c) => rows.filter((i) => train.labels[i] === c).slice(0, 40));
		const images = new Uint8Array(picked.length * 784);
		picked.forEach((r, i) => images.set(train.images.subarray(r * 784, (r + 1) * 784), i * 784));
		const set = labelledUserSet({
			id: 'own',
			name: 'closet',
			createdAt: 0,
			count: picked.length,
			side: 28,
			channels: 1,
			skipped: [],
			images,
			labels: Uint8Array.from(picked, (r) => keep.indexOf(train.labels[r]!)),
			classNames: ['trouser', 'sandal', 'bag']
		});
		const { r } = await runJob(
			{ dataset: 'user:own', perClass: [1, 5, 0], manifold: true, testCount: 5 },
			set
		);
		// 30 of every 40 train, 10 are held out — all of them scored, whatever testCount says.
		expect(r).toMatchObject({ classes: 3, trainCount: 90, testCount: 30 });
		const labelsAt = (k: number) =>
			new Set(r.points.filter((p) => p.perClass === k).map((p) => p.labels));
		expect(labelsAt(1)).toEqual(new Set([3]));
		expect(labelsAt(5)).toEqual(new Set([15]));
		expect(labelsAt(0)).toEqual(new Set([90]));
		expect(r.points.filter((p) => p.method === 'manifold').map((p) => p.perClass)).toEqual([1, 5]);
		const raw5 = r.points.find((p) => p.method === 'raw' && p.perClass === 5)!.accuracy;
		// Three classes far apart: five labels each are well above the third of guessing.
		expect(raw5).toBeGreaterThan(0.7);
		// Scored on the 30 held-out images: every accuracy is a whole number of them.
		for (const p of r.points) expect(p.accuracy * 30).toBeCloseTo(Math.round(p.accuracy * 30), 6);
	});

	it('stops when cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(
			runFewLabel(
				{ train, test, classes: 10 },
				ae,
				fewLabelRequest({}),
				() => undefined,
				controller.signal
			)
		).rejects.toThrow();
	});
});

describe('find-similar job', () => {
	it('finds exact pixel neighbours and, probing every cluster, exact code neighbours', async () => {
		const before = tf.memory().numTensors;
		const { result, state } = await runSimilarIndex(
			train,
			test,
			ae,
			{ subset: 3000, encoder: { type: 'pretrained' }, metric: 'euclidean', clusters: 6, seed: 1 },
			() => undefined
		);
		expect(tf.memory().numTensors).toBe(before);
		expect(result.indexed).toBe(3000);
		expect(result.clusterSizes.reduce((s, v) => s + v, 0)).toBe(3000);
		expect(result.clusterGrid.count).toBe(6 * 8);
		expect(result.gallery.count).toBe(24);
		expect(result.nmi).toBeGreaterThan(0);

		const a = runSimilarQuery(state, { query: 3, k: 5, nprobe: 6 });
		const q = Float32Array.from(test.images.subarray(3 * 784, 4 * 784), (v) => v / 255);
		const px = Float32Array.from(train.images.subarray(0, 3000 * 784), (v) => v / 255);
		const truth = bruteForceKnn(px, 784, q, 5, 'euclidean');
		const shown = (i: number) => Array.from(a.pixel.data.subarray(i * 784, (i + 1) * 784));
		truth.forEach((t, i) =>
			expect(shown(i)).toEqual(
				Array.from(train.images.subarray(t.index * 784, (t.index + 1) * 784))
			)
		);
		expect(a.scanned).toBe(3000);
		expect(a.queryLabel).toBe(test.labels[3]);
		const codeTruth = bruteForceKnn(
			state.ivf.exact.data,
			16,
			state.galleryCodes.subarray(3 * 16, 4 * 16),
			5,
			'euclidean'
		);
		expect(a.latentLabels).toEqual(codeTruth.map((t) => train.labels[t.index]));
		const few = runSimilarQuery(state, { query: 3, k: 5, nprobe: 1 });
		expect(few.scanned).toBeLessThan(3000);
	});
});

describe('compression job', () => {
	/** A stand-in progressive codec: keeps the first pixels; more quality, more bytes. */
	const prefix: Codec = {
		name: 'Prefix',
		encode: async (pixels, quality) => pixels.slice(0, 10 + Math.round(quality * 200)),
		decode: async (bytes) => {
			const out = new Uint8Array(784);
			out.set(bytes.subarray(0, 784));
			return out;
		}
	};

	it('reports bytes, PSNR and SSIM for the AE and each codec at the matched size', async () => {
		const before = tf.memory().numTensors;
		const r = await runCompress(
			train,
			test,
			ae,
			[prefix],
			{ encoder: { type: 'pretrained' }, image: 7, bits: 8 },
			() => undefined
		);
		expect(tf.memory().numTensors).toBe(before);
		const [a, c] = r.results;
		expect(a!.name).toBe('autoencoder');
		expect(a!.bytes).toBe(16);
		expect(Number.isFinite(a!.psnr)).toBe(true);
		expect(a!.ssim).toBeLessThanOrEqual(1);
		expect(c!.name).toBe('Prefix');
		expect(c!.bytes).toBeLessThanOrEqual(16);
		expect(c!.overBudget).toBe(false);
		expect(r.rawBytes).toBe(784);
		expect(Number.isFinite(r.aeMeanPsnr)).toBe(true);
	});
});

/**
 * CLI: npm run bench:quality [-- --budget <seconds per trained model>] [--anomaly-classes 0,1,…]
 *      [--anomaly-budget <s>] [--pca-train N] [--seed N] [--few-seeds 3] [--few-budgets 1,5,10,50,100]
 *      [--skip-fewshot] [--out bench/results]
 * Quality of the project's models on the Fashion-MNIST test set, in Node on the tfjs WASM backend
 * with the app's own model code and default configurations: trained ones under a wall-clock
 * budget, shipped ones from weights/. Prints one markdown table, then the few-label table
 * (test accuracy against labels per class, as on /uses; the full version with compression is
 * `bench:representations`), and writes bench/results/quality-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createInMemoryProvider } from '../../src/lib/ml/data/provider';
import {
	splitByClass,
	reconstructionScores,
	evaluateHeldOutClass
} from '../../src/lib/ml/models/anomaly/score';
import { MODEL_BUILDERS } from '../../src/lib/ml/models/catalog';
import { FAMILY_SPECS, normaliseParams } from '../../src/lib/ml/models/specs';
import { fitPca, pcaReconstructionError, projectPca } from '../../src/lib/ml/models/pca/model';
import { clusterOnManifold } from '../../src/lib/ml/models/kmeans/manifold';
import { fitKMeans } from '../../src/lib/ml/models/kmeans/model';
import { ari, clusteringAccuracy, nmi } from '../../src/lib/ml/metrics/clustering';
import { frechetDistance } from '../../src/lib/ml/metrics/frechet';
import { psnrPerImage } from '../../src/lib/ml/metrics/image';
import { featureExtractor, predictClasses } from '../../src/lib/ml/models/classifier/model';
import { klDivergencePerSample, reparameterize } from '../../src/lib/ml/models/vae/latent';
import { binaryCrossEntropyPerSample } from '../../src/lib/ml/models/losses';
import type { Trainer } from '../../src/lib/ml/train/trainer';
import { runManifold } from '../../src/lib/explore-worker/manifold';
import { loadFashion } from '../pretrain/jobs.mts';
import { fileLoader } from '../pretrain/node-io.mts';
import { trainForBudget } from './lib/budget.mts';
import { fewLabelBench } from './lib/few-label.mts';
import { shippedWeights } from './lib/weights.mts';
import { classesCovered, mapBatches, mse, predictFlat, unitFloats } from './lib/eval.mts';
import { dateStamp, fmt, markdownTable, targetCell, type Target } from './lib/table.mts';
import { initWasm } from './lib/wasm.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		budget: { type: 'string', default: '60' },
		'anomaly-budget': { type: 'string' },
		'anomaly-classes': { type: 'string', default: '0,1,2,3,4,5,6,7,8,9' },
		'pca-train': { type: 'string', default: '20000' },
		latents: { type: 'string', default: '2,8,32' },
		seed: { type: 'string', default: '1' },
		'few-seeds': { type: 'string', default: '3' },
		'few-budgets': { type: 'string', default: '1,5,10,50,100' },
		'skip-fewshot': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' },
		weights: { type: 'string', default: 'weights' },
		help: { type: 'boolean', short: 'h', default: false }
	}
});
if (values.help) {
	console.error(
		'usage: npm run bench:quality -- [--budget 60] [--anomaly-budget s] [--anomaly-classes 0,1,…] [--pca-train N] [--latents 2,8,32] [--seed 1] [--few-seeds 3] [--few-budgets 1,5,10,50,100] [--skip-fewshot]'
	);
	process.exit(0);
}
const budget = Number(values.budget);
const anomalyBudget = Number(values['anomaly-budget'] ?? Math.max(5, budget / 4));
const anomalyClasses = (values['anomaly-classes'] ?? '').split(',').filter(Boolean).map(Number);
const latents = (values.latents ?? '').split(',').filter(Boolean).map(Number);
const seed = Number(values.seed);
const pcaTrain = Number(values['pca-train']);
if (!(budget > 0) || !(anomalyBudget > 0) || !Number.isInteger(seed)) {
	console.error('--budget and --anomaly-budget must be > 0 seconds, --seed an integer');
	process.exit(2);
}

const TARGETS: Record<string, Target> = {
	convAe32: { op: '<=', value: 0.01 },
	kmeansLatentNmi: { op: '>=', value: 0.6 },
	dcganClasses: { op: '>=', value: 10 },
	/** Issue #10: accuracy points over raw pixels with 10 labels per class. */
	fewLabelGain: { op: '>=', value: 10 }
};

interface Row {
	group: string;
	model: string;
	metric: string;
	value: number;
	target?: string;
	note?: string;
}
const rows: Row[] = [];
const add = (r: Row) => {
	rows.push(r);
	log(`${r.group} / ${r.model} / ${r.metric}: ${fmt(r.value)}${r.target ? ` (${r.target})` : ''}`);
};
const runStart = performance.now();

const backend = await initWasm();
log(`tfjs ${tf.version_core} wasm simd=${backend.simd} threads=${backend.threads}`);
const { train, test } = await loadFashion();
const testX = unitFloats(test);
const testLabels = test.labels;
const nTest = test.count;
const weight = await shippedWeights(values.weights);

/** Default hyper-parameters of a catalog family with overrides. */
function createTrainer(kind: string, overrides: Record<string, unknown>): Trainer {
	const spec = FAMILY_SPECS[kind];
	const builder = MODEL_BUILDERS[kind];
	if (!spec || !builder) throw new Error(`unknown model family ${kind}`);
	return builder.create(normaliseParams(spec, overrides), seed);
}

async function trainBudgeted(kind: string, trainer: Trainer, images = train.images, secs = budget) {
	const data = createInMemoryProvider({ images, shape: [28, 28, 1], seed });
	try {
		const r = await trainForBudget(trainer, data, secs, 64);
		log(`${kind}: ${r.steps} steps, ${r.epochs} epochs in ${r.seconds.toFixed(0)} s`);
		return r;
	} finally {
		data.dispose();
	}
}

const kmeansRow = (model: string, codes: Float32Array, dims: number, note: string) => {
	const t0 = performance.now();
	const km = fitKMeans(codes, dims, { k: 10, seed });
	const pred = km.labels;
	const v = nmi(testLabels, pred);
	const isLatent = model !== 'raw pixels';
	add({
		group: 'K-Means (k=10, test set)',
		model,
		metric: 'NMI',
		value: v,
		target: isLatent ? targetCell(v, TARGETS.kmeansLatentNmi!) : undefined,
		note: `${note}; ${((performance.now() - t0) / 1000).toFixed(0)} s`
	});
	add({ group: 'K-Means (k=10, test set)', model, metric: 'ARI', value: ari(testLabels, pred) });
	add({
		group: 'K-Means (k=10, test set)',
		model,
		metric: 'accuracy (Hungarian)',
		value: clusteringAccuracy(testLabels, pred)
	});
};

/** The same metrics for N2D: K-Means in a 10-D UMAP embedding of the rows (see kmeans/manifold). */
const n2dRow = async (model: string, rows: Float32Array, dims: number, note: string) => {
	const t0 = performance.now();
	const { labels: pred } = await clusterOnManifold(rows, dims, { k: 10, seed });
	const v = nmi(testLabels, pred);
	const group = 'K-Means in a UMAP embedding (N2D, k=10, test set)';
	add({
		group,
		model,
		metric: 'NMI',
		value: v,
		target: model.startsWith('raw') ? undefined : targetCell(v, TARGETS.kmeansLatentNmi!),
		note: `${note}; UMAP 10-D, 20 neighbours; ${((performance.now() - t0) / 1000).toFixed(0)} s`
	});
	add({ group, model, metric: 'ARI', value: ari(testLabels, pred) });
	add({
		group,
		model,
		metric: 'accuracy (Hungarian)',
		value: clusteringAccuracy(testLabels, pred)
	});
};

// ── PCA ──────────────────────────────────────────────────────────────────────────────────────
{
	const t0 = performance.now();
	const n = Math.min(pcaTrain, train.count);
	const pca = fitPca(unitFloats(train, n), 784, { maxComponents: 32 });
	const x = tf.tensor2d(testX, [nTest, 784]);
	for (const k of [2, 8, 32]) {
		add({
			group: 'Reconstruction MSE (test)',
			model: `PCA-${k}`,
			metric: 'MSE',
			value: pcaReconstructionError(pca, x, k),
			note: `fit on ${n} train images, ${((performance.now() - t0) / 1000).toFixed(0)} s`
		});
	}
	// The N2D reference without an autoencoder: UMAP on 784 raw dims is far too slow in JS, so
	// it gets the same 32 dims as the AE codes, from PCA.
	const pcaCodes = tf.tidy(() => projectPca(pca, x, 32));
	const codes = Float32Array.from(pcaCodes.dataSync());
	tf.dispose([x, pcaCodes]);
	await n2dRow('raw pixels, PCA-32 (reference)', codes, 32, 'PCA fit on train images');
}

// ── K-Means on raw pixels ───────────────────────────────────────────────────────────────────
kmeansRow('raw pixels', testX, 784, '784 dims');

// ── Dense and conv AEs at several latent sizes ──────────────────────────────────────────────
for (const kind of ['dense-ae', 'conv-ae'] as const) {
	for (const latentSize of latents) {
		const trainer = createTrainer(kind, { latentSize }) as Trainer & {
			reconstruct(x: tf.Tensor4D): tf.Tensor4D;
			model: { encoder: tfl.LayersModel };
		};
		try {
			const r = await trainBudgeted(`${kind}-${latentSize}`, trainer);
			const rec = mapBatches(testX, (x) => trainer.reconstruct(x));
			const value = mse(rec, testX);
			add({
				group: 'Reconstruction MSE (test)',
				model: `${kind} latent ${latentSize} (budget ${budget} s)`,
				metric: 'MSE',
				value,
				target:
					kind === 'conv-ae' && latentSize === 32
						? targetCell(value, TARGETS.convAe32!)
						: undefined,
				note: `${r.steps} steps (${((r.steps * 64) / train.count).toFixed(2)} epochs)`
			});
			if (latentSize === 32) {
				const codes = predictFlat(trainer.model.encoder, testX);
				kmeansRow(
					`${kind} latent 32 codes (budget ${budget} s)`,
					codes,
					32,
					'codes of the test set'
				);
			}
		} finally {
			trainer.dispose();
		}
	}
}

// ── Few-label classification (the table is printed after the main one) ───────────────────────
let fewTable: string | undefined;
let fewAccuracy: Record<string, number[]> | undefined;
/** The few-label table with `encoder` (fine-tuning restores its weights), plus the target rows. */
async function fewLabelRows(encoder: tfl.LayersModel): Promise<void> {
	const fewSeeds = Number(values['few-seeds']);
	const budgets = (values['few-budgets'] ?? '').split(',').filter(Boolean).map(Number);
	const few = await fewLabelBench({
		train,
		test,
		nTest,
		reference: unitFloats(train, 5000),
		encoder,
		codeSize: 32,
		seeds: fewSeeds,
		budgets,
		withMap: true
	});
	fewTable = few.table;
	fewAccuracy = few.accuracy;
	if (!budgets.includes(10)) return;
	for (const [method, model] of [
		['frozen', 'conv AE code (frozen) − raw pixels'],
		['manifold', 'conv AE code + UMAP map − raw pixels']
	] as const) {
		const value = few.gain(method, 10);
		add({
			group: 'Few-label (linear probe, 10 labels/class)',
			model,
			metric: 'accuracy points',
			value,
			target: targetCell(value, TARGETS.fewLabelGain!),
			note: `mean over ${fewSeeds} seed${fewSeeds === 1 ? '' : 's'}; table below`
		});
	}
}

// ── Shipped conv AE ─────────────────────────────────────────────────────────────────────────
{
	const ae = await tfl.loadLayersModel(fileLoader(weight('conv-ae-fashion')));
	const value = mse(predictFlat(ae, testX), testX);
	add({
		group: 'Reconstruction MSE (test)',
		model: 'conv-ae latent 32 (shipped weights)',
		metric: 'MSE',
		value,
		target: targetCell(value, TARGETS.convAe32!),
		note: 'weights/conv-ae-fashion (float16)'
	});
	const encoder = ae.layers.find((l) => l.name === 'conv_ae_encoder') as
		tfl.LayersModel | undefined;
	if (encoder) {
		const codes = predictFlat(encoder, testX);
		kmeansRow('conv-ae latent 32 codes (shipped)', codes, 32, 'codes of the test set');
		await n2dRow('conv-ae latent 32 codes (shipped)', codes, 32, 'codes of the test set');
		if (!values['skip-fewshot']) await fewLabelRows(encoder);
	}
	ae.dispose();
}

// ── VAE ─────────────────────────────────────────────────────────────────────────────────────
/** −ELBO per image (nats: BCE summed over pixels + KL, one z sample) and MSE of decoder(μ). */
function vaeEval(
	encoder: tfl.LayersModel,
	decoder: tfl.LayersModel
): { nelbo: number; mse: number } {
	let nelbo = 0;
	let se = 0;
	for (let i = 0; i < nTest; i += 500) {
		const m = Math.min(500, nTest - i);
		const [a, b] = tf.tidy(() => {
			const x = tf.tensor2d(testX.subarray(i * 784, (i + m) * 784), [m, 784]);
			const [mu, logVar] = encoder.predict(x) as tf.Tensor2D[];
			const z = reparameterize(mu!, logVar!, seed * 7919 + i);
			const recZ = decoder.predict(z) as tf.Tensor2D;
			const recMu = decoder.predict(mu!) as tf.Tensor2D;
			const ne = tf.sum(
				tf.add(binaryCrossEntropyPerSample(x, recZ), klDivergencePerSample(mu!, logVar!))
			);
			return [ne, tf.sum(tf.square(tf.sub(recMu, x)))];
		});
		nelbo += a!.dataSync()[0] ?? NaN;
		se += b!.dataSync()[0] ?? NaN;
		tf.dispose([a!, b!]);
	}
	return { nelbo: nelbo / nTest, mse: se / (nTest * 784) };
}
{
	const encoder = await tfl.loadLayersModel(fileLoader(weight('vae-fashion', 'encoder.json')));
	const decoder = await tfl.loadLayersModel(fileLoader(weight('vae-fashion')));
	const v = vaeEval(encoder, decoder);
	add({
		group: 'VAE (latent 2, test)',
		model: 'vae (shipped weights)',
		metric: '−ELBO (nats/image)',
		value: v.nelbo,
		note: 'BCE + KL, one z sample'
	});
	add({
		group: 'VAE (latent 2, test)',
		model: 'vae (shipped weights)',
		metric: 'MSE of decoder(μ)',
		value: v.mse
	});
	encoder.dispose();
	decoder.dispose();
	const trainer = createTrainer('vae', {}) as Trainer & {
		model: { encoder: tfl.LayersModel; decoder: tfl.LayersModel };
	};
	try {
		const r = await trainBudgeted('vae', trainer);
		const w = vaeEval(trainer.model.encoder, trainer.model.decoder);
		const m = `vae (budget ${budget} s)`;
		add({
			group: 'VAE (latent 2, test)',
			model: m,
			metric: '−ELBO (nats/image)',
			value: w.nelbo,
			note: `${r.steps} steps`
		});
		add({ group: 'VAE (latent 2, test)', model: m, metric: 'MSE of decoder(μ)', value: w.mse });
	} finally {
		trainer.dispose();
	}
}

// ── DCGAN (shipped) under the shipped classifier ────────────────────────────────────────────
{
	const classifier = await tfl.loadLayersModel(fileLoader(weight('classifier-fashion')));
	const generator = await tfl.loadLayersModel(fileLoader(weight('dcgan-fashion')));
	const xTest = tf.tensor4d(testX, [nTest, 28, 28, 1]);
	const pred = predictClasses(classifier, xTest);
	xTest.dispose();
	let hits = 0;
	pred.forEach((p, i) => (hits += p === testLabels[i] ? 1 : 0));
	add({
		group: 'DCGAN (shipped weights)',
		model: 'classifier-fashion',
		metric: 'test accuracy',
		value: hits / nTest,
		note: 'the judge of the rows below'
	});
	const nGen = 1000;
	const latent = generator.inputs[0]?.shape[1] ?? 100;
	const fake = tf.tidy(() => {
		const g = generator.predict(
			tf.randomNormal([nGen, latent], 0, 1, 'float32', seed)
		) as tf.Tensor4D;
		// The generator ends in tanh: map [−1, 1] to the classifier's [0, 1].
		return tf.div(tf.add(g, 1), 2) as tf.Tensor4D;
	});
	const fakeFlat = fake.dataSync() as Float32Array;
	const fakeClasses = predictClasses(classifier, fake);
	fake.dispose();
	const covered = classesCovered(fakeClasses);
	const coveredOnePercent = classesCovered(fakeClasses, Math.ceil(nGen * 0.01));
	add({
		group: 'DCGAN (shipped weights)',
		model: 'dcgan-fashion',
		metric: `classes covered (of 10) by ${nGen} samples`,
		value: covered,
		target: targetCell(covered, TARGETS.dcganClasses!),
		note: 'a class counts when the classifier predicts it for any sample'
	});
	add({
		group: 'DCGAN (shipped weights)',
		model: 'dcgan-fashion',
		metric: `classes with ≥ 1 % of ${nGen} samples`,
		value: coveredOnePercent,
		note: 'stricter reading of coverage'
	});
	const features = featureExtractor(classifier);
	const ff = predictFlat(features, fakeFlat);
	const fr = predictFlat(features, testX.subarray(0, 2 * nGen * 784));
	const dims = ff.length / nGen;
	add({
		group: 'DCGAN (shipped weights)',
		model: 'dcgan-fashion',
		metric: 'Fréchet distance (classifier features)',
		value: frechetDistance(ff, fr.subarray(0, nGen * dims), dims),
		note: `${nGen} generated vs ${nGen} test images, ${dims}-d`
	});
	add({
		group: 'DCGAN (shipped weights)',
		model: 'test vs test (floor)',
		metric: 'Fréchet distance (classifier features)',
		value: frechetDistance(fr.subarray(0, nGen * dims), fr.subarray(nGen * dims), dims),
		note: `two disjoint ${nGen}-image halves of the test set`
	});
	generator.dispose();
	classifier.dispose();
}

// ── Denoiser (shipped denoiser-gray) on noisy Fashion-MNIST test images ─────────────────────
{
	const den = await tfl.loadLayersModel(fileLoader(weight('denoiser-gray')));
	const n = 2000;
	for (const sigma of [0.1, 0.2, 0.3]) {
		let pOut = 0;
		let pNoisy = 0;
		for (let i = 0; i < n; i += 250) {
			const m = Math.min(250, n - i);
			const [a, b] = tf.tidy(() => {
				const clean = tf.tensor4d(testX.subarray(i * 784, (i + m) * 784), [m, 28, 28, 1]);
				const noisy = tf.add(
					clean,
					tf.randomNormal(clean.shape, 0, sigma, 'float32', seed * 31 + i)
				) as tf.Tensor4D;
				const out = tf.clipByValue(den.predict(noisy) as tf.Tensor4D, 0, 1) as tf.Tensor4D;
				return [
					tf.tensor1d(psnrPerImage(out, clean)),
					tf.tensor1d(psnrPerImage(tf.clipByValue(noisy, 0, 1) as tf.Tensor4D, clean))
				];
			});
			pOut += (a!.dataSync() as Float32Array).reduce((s, v) => s + v, 0);
			pNoisy += (b!.dataSync() as Float32Array).reduce((s, v) => s + v, 0);
			tf.dispose([a!, b!]);
		}
		add({
			group: 'Denoising (shipped denoiser-gray)',
			model: `σ = ${sigma}`,
			metric: 'PSNR dB: denoised (noisy input)',
			value: pOut / n,
			note: `noisy ${(pNoisy / n).toFixed(2)} dB → gain ${((pOut - pNoisy) / n).toFixed(2)} dB; first ${n} test images`
		});
	}
	den.dispose();
}

// ── Manifold view: neighbours of the flat sheet kept by PCA, the plain AE and the GRAE ────────
{
	const seeds = [seed, seed + 1, seed + 2];
	for (const kind of ['swiss-roll', 's-curve'] as const) {
		const kept: Record<'pca' | 'ae' | 'grae' | 'isomap', number[]> = {
			pca: [],
			ae: [],
			grae: [],
			isomap: []
		};
		let secs = 0;
		for (const s of seeds) {
			const r = await runManifold({ kind, n: 1500, steps: 600, seed: s }, () => {});
			secs += r.seconds;
			kept.pca.push(r.neighboursKept!.pca);
			kept.ae.push(r.neighboursKept!.ae);
			if (r.neighboursKept!.grae !== undefined) kept.grae.push(r.neighboursKept!.grae);
			if (r.neighboursKept!.isomap !== undefined) kept.isomap.push(r.neighboursKept!.isomap);
		}
		for (const [model, values] of Object.entries(kept)) {
			if (!values.length) continue;
			const mean = values.reduce((a, b) => a + b, 0) / values.length;
			add({
				group: `Manifold view: ${kind}, 1,500 points (flat-sheet 10-NN kept)`,
				model: {
					pca: 'PCA',
					ae: 'dense AE 3-64-64-2',
					grae: 'same AE + Isomap term (GRAE)',
					isomap: 'Isomap alone (the GRAE target; reference)'
				}[model]!,
				metric: 'neighbours kept',
				value: mean,
				note: `mean of seeds ${seeds.join(', ')} (${values.map((v) => fmt(v)).join(' / ')}); 600 steps; ${(secs / seeds.length).toFixed(1)} s per run`
			});
		}
	}
}

// ── Anomaly detection: one default dense AE per held-out class ─────────────────────────────
{
	const aucs: number[] = [];
	for (const c of anomalyClasses) {
		const { normal } = splitByClass(train.images, train.labels, 784, c);
		const trainer = createTrainer('dense-ae', {}) as Trainer & {
			model: { autoencoder: tfl.LayersModel };
		};
		try {
			const r = await trainBudgeted(`anomaly-${c}`, trainer, normal.rows, anomalyBudget);
			const scores = reconstructionScores(
				(x) => trainer.model.autoencoder.predict(x) as tf.Tensor2D,
				testX,
				784
			);
			const ev = evaluateHeldOutClass(scores, testLabels, c);
			aucs.push(ev.auc);
			add({
				group: 'Anomaly AUC (test, MSE score)',
				model: `held-out class ${c}`,
				metric: 'ROC AUC',
				value: ev.auc,
				note: `dense-ae default, ${anomalyBudget} s, ${r.steps} steps`
			});
		} finally {
			trainer.dispose();
		}
	}
	if (aucs.length)
		add({
			group: 'Anomaly AUC (test, MSE score)',
			model: `mean over ${aucs.length} classes`,
			metric: 'ROC AUC',
			value: aucs.reduce((s, v) => s + v, 0) / aucs.length
		});
}

const seconds = (performance.now() - runStart) / 1000;
const table = markdownTable(
	['Group', 'Model', 'Metric', 'Value', 'Target', 'Notes'],
	rows.map((r) => [r.group, r.model, r.metric, r.value, r.target, r.note])
);
console.log(
	`\nFashion-MNIST test set (${nTest} images), tfjs WASM in Node, budget ${budget} s per trained model, anomaly ${anomalyBudget} s per class, total ${seconds.toFixed(0)} s\n`
);
console.log(table);
if (fewTable) {
	console.log(
		`\n### Few-label classification: test accuracy % (mean ± std over ${values['few-seeds']} seeds, ${nTest} test images)\n`
	);
	console.log(fewTable);
}
const outDir = values.out ?? 'bench/results';
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `quality-${dateStamp()}.json`);
writeFileSync(
	file,
	JSON.stringify(
		{
			date: new Date().toISOString(),
			host: hostname(),
			backend: { name: 'wasm', ...backend, tfjs: tf.version_core },
			budgetSeconds: budget,
			anomalyBudgetSeconds: anomalyBudget,
			seed,
			totalSeconds: Math.round(seconds),
			rows,
			...(fewAccuracy
				? { fewLabel: { seeds: Number(values['few-seeds']), accuracy: fewAccuracy } }
				: {})
		},
		null,
		'\t'
	) + '\n'
);
console.error(`wrote ${file}; ${tf.memory().numTensors} tensors still alive`);

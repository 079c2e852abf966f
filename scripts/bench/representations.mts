/**
 * CLI: npm run bench:representations [-- --seeds 3] [--budgets 1,5,10,50,100] [--test 10000]
 *      [--ae-budget 60] [--latents 8,16,64] [--jpeg-images 500] [--skip-fewshot] [--skip-compress]
 *      [--skip-manifold]
 * What learned representations are good for, on the Fashion-MNIST test set in Node (tfjs WASM):
 *  1. Few-label classification: a linear probe (softmax regression) on raw pixels, on 32 PCA
 *     components and on the shipped conv AE's 32-number code (frozen, then fine-tuned with the
 *     encoder), and on that code joined with its 10-D UMAP map (N2D; the map is fitted per seed on
 *     the codes of 5,000 unlabelled training images, the test images and the labelled ones), at
 *     several labels per class; mean and spread (sample std) over seeds.
 *  2. Compression: bytes per image vs PSNR/SSIM for AE codes at 8 bits (the shipped AE and AEs
 *     of other latent sizes trained here for --ae-budget seconds), PCA codes at 8 bits, and
 *     JPEG (jpeg-js) at several qualities; PNG (lossless) as the size of the exact image.
 * Prints markdown tables; writes bench/results/representations-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { createInMemoryProvider } from '../../src/lib/ml/data/provider';
import { ssimPerImage } from '../../src/lib/ml/metrics/image';
import { ConvAutoencoderTrainer } from '../../src/lib/ml/models/conv-autoencoder/train';
import { fitPca, projectPca, reconstructPca } from '../../src/lib/ml/models/pca/model';
import {
	compressWithAutoencoder,
	dequantizeCodes,
	fitCodeRange,
	quantizeCodes,
	type CodeRange
} from '../../src/lib/ml/representations/compress';
import { arraySource, encodeAll, transformAll } from '../../src/lib/ml/representations/fewshot';
import { loadFashion } from '../pretrain/jobs.mts';
import { fileLoader } from '../pretrain/node-io.mts';
import { trainForBudget } from './lib/budget.mts';
import { fewLabelBench } from './lib/few-label.mts';
import { shippedWeights } from './lib/weights.mts';
import { unitFloats } from './lib/eval.mts';
import { dateStamp, fmt, markdownTable } from './lib/table.mts';
import { initWasm } from './lib/wasm.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		seeds: { type: 'string', default: '3' },
		budgets: { type: 'string', default: '1,5,10,50,100' },
		test: { type: 'string', default: '10000' },
		'ae-budget': { type: 'string', default: '60' },
		latents: { type: 'string', default: '8,16,64' },
		'jpeg-images': { type: 'string', default: '500' },
		'skip-fewshot': { type: 'boolean', default: false },
		'skip-compress': { type: 'boolean', default: false },
		'skip-manifold': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' },
		weights: { type: 'string', default: 'weights' },
		help: { type: 'boolean', short: 'h', default: false }
	}
});
if (values.help) {
	console.error(
		'usage: npm run bench:representations -- [--seeds 3] [--budgets 1,5,10,50,100] [--test 10000] [--ae-budget 60] [--latents 8,16,64] [--jpeg-images 500] [--skip-fewshot] [--skip-compress] [--skip-manifold]'
	);
	process.exit(0);
}
const list = (s: string | undefined) => (s ?? '').split(',').filter(Boolean).map(Number);
const seeds = Number(values.seeds);
const budgets = list(values.budgets);
const latents = list(values.latents);
const aeBudget = Number(values['ae-budget']);
const jpegImages = Number(values['jpeg-images']);
if (!(seeds >= 1) || budgets.some((b) => !(b >= 1)) || !(aeBudget > 0)) {
	console.error('--seeds ≥ 1, --budgets positive integers, --ae-budget > 0 seconds');
	process.exit(2);
}

const runStart = performance.now();
const backend = await initWasm();
log(`tfjs ${tf.version_core} wasm simd=${backend.simd} threads=${backend.threads}`);
const { train, test } = await loadFashion();
const PX = 784;
const nTest = Math.min(test.count, Number(values.test));
const ref = unitFloats(train, 5000);
const weight = await shippedWeights(values.weights);
const shipped = await tfl.loadLayersModel(fileLoader(weight('conv-ae-fashion')));
const encoder = shipped.layers.find((l) => l.name === 'conv_ae_encoder') as tfl.LayersModel;
const decoder = shipped.layers.find((l) => l.name === 'conv_ae_decoder') as tfl.LayersModel;

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;

const out: Record<string, unknown> = {};

// ── 1. Few-label classification ──────────────────────────────────────────────────────────────
if (!values['skip-fewshot']) {
	const few = await fewLabelBench({
		train,
		test,
		nTest,
		reference: ref,
		encoder,
		codeSize: 32,
		seeds,
		budgets,
		withMap: !values['skip-manifold']
	});
	console.log(
		`\n### Few-label classification: test accuracy % (mean ± std over ${seeds} seeds, ${nTest} test images)\n`
	);
	console.log(few.table);
	out.fewLabel = { seeds, testImages: nTest, accuracy: few.accuracy };
}

// ── 2. Compression ───────────────────────────────────────────────────────────────────────────
if (!values['skip-compress']) {
	const testX = unitFloats(test, nTest);
	const calib = ref.subarray(0, 2000 * PX);
	const rows: (string | number)[][] = [];
	const json: Record<string, unknown>[] = [];
	const quality = (rec: Float32Array, n: number) => {
		const [p, s] = tf.tidy(() => {
			const a = tf.tensor4d(testX.subarray(0, n * PX), [n, 28, 28, 1]);
			const b = tf.tensor4d(rec, [n, 28, 28, 1]);
			return [tf.mean(tf.square(tf.sub(a, b)), [1, 2, 3]), tf.tensor1d(ssimPerImage(a, b))];
		});
		const mse = p!.dataSync();
		const psnr = mean(Array.from(mse, (m) => 10 * Math.log10(1 / Math.max(m, 1e-12))));
		const ssim = mean(Array.from(s!.dataSync()));
		tf.dispose([p!, s!]);
		return { psnr, ssim };
	};
	const add = (method: string, bytes: number, r: { psnr: number; ssim: number }, note = '') => {
		rows.push([method, bytes, fmt(r.psnr, 2), fmt(r.ssim, 3), note]);
		json.push({ method, bytes, ...r, note });
		log(`compress ${method}: ${bytes} B, PSNR ${r.psnr.toFixed(2)} dB, SSIM ${r.ssim.toFixed(3)}`);
	};
	const aeRow = (
		name: string,
		enc: tfl.LayersModel,
		dec: tfl.LayersModel,
		bits: number,
		note: string
	) => {
		const codes = encodeAll(enc, arraySource(calib, PX));
		const dims = codes.length / 2000;
		const range = fitCodeRange(codes, dims, { bits });
		const parts: Float32Array[] = [];
		for (let i = 0; i < nTest; i += 1000) {
			const m = Math.min(1000, nTest - i);
			parts.push(
				compressWithAutoencoder({
					encoder: enc,
					decoder: dec,
					images: testX.subarray(i * PX, (i + m) * PX),
					range
				}).reconstruction
			);
		}
		const rec = new Float32Array(nTest * PX);
		parts.reduce((off, p) => (rec.set(p, off), off + p.length), 0);
		add(name, Math.ceil((dims * bits) / 8), quality(rec, nTest), note);
	};
	for (const bits of [4, 6, 8]) {
		aeRow(
			`conv AE latent 32, ${bits}-bit (shipped)`,
			encoder,
			decoder,
			bits,
			'weights/conv-ae-fashion'
		);
	}
	for (const latentSize of latents) {
		const trainer = new ConvAutoencoderTrainer({ latentSize, seed: 1 });
		const data = createInMemoryProvider({ images: train.images, shape: [28, 28, 1], seed: 1 });
		try {
			const r = await trainForBudget(trainer, data, aeBudget, 64);
			aeRow(
				`conv AE latent ${latentSize}, 8-bit (trained here)`,
				trainer.model.encoder,
				trainer.model.decoder,
				8,
				`${aeBudget} s, ${r.steps} steps (${((r.steps * 64) / train.count).toFixed(2)} epochs)`
			);
		} finally {
			data.dispose();
			trainer.dispose();
		}
	}
	// PCA codes, 8-bit, same quantiser: the linear baseline.
	const pca = fitPca(ref, PX, { maxComponents: 64 });
	for (const k of [8, 16, 32, 64]) {
		const project = (x: Float32Array) =>
			transformAll(arraySource(x, PX), (t) => projectPca(pca, t, k)).values;
		const range: CodeRange = fitCodeRange(project(calib), k, { bits: 8 });
		const zHat = dequantizeCodes(quantizeCodes(project(testX), range), range);
		const rec = tf.tidy(() =>
			tf.clipByValue(reconstructPca(pca, tf.tensor2d(zHat, [nTest, k]), k), 0, 1)
		);
		add(
			`PCA-${k}, 8-bit`,
			k,
			quality(rec.dataSync() as Float32Array, nTest),
			'fit on 5000 train images'
		);
		rec.dispose();
	}
	// JPEG (baseline, 4:2:0 on a grey RGBA image as jpeg-js writes it) and lossless PNG.
	const nj = Math.min(jpegImages, nTest);
	const rgba = (i: number) => {
		const b = new Uint8Array(PX * 4);
		for (let p = 0; p < PX; p++) {
			const v = test.images[i * PX + p] ?? 0;
			b[p * 4] = b[p * 4 + 1] = b[p * 4 + 2] = v;
			b[p * 4 + 3] = 255;
		}
		return b;
	};
	/** Bytes of the entropy-coded scan alone: a JPEG minus its headers and tables (~600 B here). */
	const scanBytes = (file: Uint8Array) => {
		for (let i = 2; i + 3 < file.length;) {
			if (file[i] !== 0xff) break;
			const len = ((file[i + 2] ?? 0) << 8) | (file[i + 3] ?? 0);
			if (file[i + 1] === 0xda) return file.length - (i + 2 + len) - 2; // SOS … EOI
			i += 2 + len;
		}
		return NaN;
	};
	for (const q of [1, 10, 25, 50, 75, 90]) {
		let bytes = 0;
		let scan = 0;
		const rec = new Float32Array(nj * PX);
		for (let i = 0; i < nj; i++) {
			const enc = jpeg.encode({ data: rgba(i), width: 28, height: 28 }, q);
			bytes += enc.data.length;
			scan += scanBytes(enc.data);
			const dec = jpeg.decode(enc.data, { useTArray: true });
			for (let p = 0; p < PX; p++) rec[i * PX + p] = (dec.data[p * 4] ?? 0) / 255;
		}
		add(
			`JPEG quality ${q}`,
			Math.round(bytes / nj),
			quality(rec, nj),
			`jpeg-js, first ${nj} test images; scan data alone ${Math.round(scan / nj)} B`
		);
	}
	let png = 0;
	for (let i = 0; i < nj; i++) {
		png += encodePng({
			width: 28,
			height: 28,
			data: test.images.subarray(i * PX, (i + 1) * PX),
			channels: 1,
			depth: 8
		}).length;
	}
	rows.push([
		'PNG (lossless)',
		Math.round(png / nj),
		'∞',
		'1',
		`fast-png, first ${nj} test images`
	]);
	json.push({ method: 'PNG (lossless)', bytes: Math.round(png / nj) });
	rows.push(['raw 8-bit pixels', PX, '∞', '1', '']);
	console.log(
		`\n### Compression: bytes per 28×28 image vs quality (${nTest} test images unless noted)\n`
	);
	console.log(markdownTable(['Method', 'Bytes / image', 'PSNR dB', 'SSIM', 'Notes'], rows));
	out.compression = json;
}

shipped.dispose();
const seconds = (performance.now() - runStart) / 1000;
console.log(`\nTotal ${seconds.toFixed(0)} s, tfjs WASM in Node (single thread).`);
const outDir = values.out ?? 'bench/results';
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `representations-${dateStamp()}.json`);
writeFileSync(
	file,
	JSON.stringify(
		{
			date: new Date().toISOString(),
			host: hostname(),
			backend: { name: 'wasm', ...backend, tfjs: tf.version_core },
			totalSeconds: Math.round(seconds),
			...out
		},
		null,
		'\t'
	) + '\n'
);
console.error(`wrote ${file}; ${tf.memory().numTensors} tensors still alive`);

/**
 * The few-label table shared by `bench:representations` and `bench:quality`: a linear probe on
 * raw pixels, 32 PCA components, the conv AE's code (frozen, fine-tuned) and, optionally, the
 * code joined with its UMAP map, at several labels per class over seeds.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ImageSet } from '../../../src/lib/ml/data/fashion-mnist';
import {
	prepareFewLabel,
	prepareManifold,
	runFewLabelSubset,
	type ManifoldFeatures
} from '../../../src/lib/ml/representations/experiment';
import { byteSource } from '../../../src/lib/ml/representations/fewshot';
import { log } from './log.mts';
import { fmt, markdownTable } from './table.mts';

const PX = 784;

export interface FewLabelBench {
	/** Accuracies by 'method:labelsPerClass', one per seed. */
	accuracy: Record<string, number[]>;
	/** Mean accuracy of `method` minus raw pixels' at `perClass`, in points. */
	gain(method: string, perClass: number): number;
	/** The markdown table (mean ± std over seeds, gains in points). */
	table: string;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const spread = (v: number[]) =>
	v.length < 2 ? 0 : Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));

/** Runs the few-label experiment on Fashion-MNIST with `encoder` (32-number code). */
export async function fewLabelBench(opts: {
	train: ImageSet;
	test: ImageSet;
	nTest: number;
	/** Unlabelled training rows in [0, 1] for PCA and the standardisers. */
	reference: Float32Array;
	encoder: LayersModel;
	codeSize: number;
	seeds: number;
	budgets: number[];
	withMap: boolean;
}): Promise<FewLabelBench> {
	const { seeds, budgets, withMap } = opts;
	const prep = await prepareFewLabel({
		pixels: byteSource(opts.train.images, PX),
		trainLabels: opts.train.labels,
		classes: 10,
		testPixels: byteSource(opts.test.images.subarray(0, opts.nTest * PX), PX),
		testLabels: opts.test.labels.subarray(0, opts.nTest),
		reference: opts.reference,
		encoder: opts.encoder,
		codeSize: opts.codeSize,
		pcaComponents: 32
	});
	const methods = ['raw', 'pca', 'frozen', ...(withMap ? ['manifold'] : []), 'finetuned'];
	const acc: Record<string, number[]> = {};
	// The UMAP map depends on the seed's labelled rows, so it is made once per seed.
	for (let seed = 1; seed <= seeds; seed++) {
		let manifold: ManifoldFeatures | undefined;
		if (withMap) {
			const t0 = performance.now();
			manifold = await prepareManifold(prep, { seed, maxPerClass: Math.max(...budgets) });
			log(`UMAP map for seed ${seed}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
		}
		for (const perClass of budgets) {
			const t0 = performance.now();
			await runFewLabelSubset(prep, { perClass, seed, fineTune: true, manifold }, (m, v) => {
				(acc[`${m}:${perClass}`] ??= []).push(v);
			});
			log(
				`few-label ${perClass}/class seed ${seed}: ${methods.map((m) => `${m} ${fmt(acc[`${m}:${perClass}`]!.at(-1)!, 3)}`).join(', ')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`
			);
		}
	}
	const gain = (m: string, k: number) =>
		(mean(acc[`${m}:${k}`] ?? []) - mean(acc[`raw:${k}`] ?? [])) * 100;
	const cell = (m: string, k: number) => {
		const v = acc[`${m}:${k}`] ?? [];
		return `${(mean(v) * 100).toFixed(1)} ± ${(spread(v) * 100).toFixed(1)}`;
	};
	const table = markdownTable(
		[
			'Labels / class',
			'Raw pixels',
			'PCA-32',
			'Conv AE code (frozen)',
			...(withMap ? ['Conv AE code + UMAP map (N2D)'] : []),
			'Conv AE (fine-tuned)',
			'AE frozen − raw (points)',
			...(withMap ? ['code + UMAP − raw (points)'] : [])
		],
		budgets.map((k) => [
			k,
			cell('raw', k),
			cell('pca', k),
			cell('frozen', k),
			...(withMap ? [cell('manifold', k)] : []),
			cell('finetuned', k),
			gain('frozen', k).toFixed(1),
			...(withMap ? [gain('manifold', k).toFixed(1)] : [])
		])
	);
	return { accuracy: acc, gain, table };
}

/**
 * The few-label experiment shared by the /uses page (explore worker) and
 * `npm run bench:representations`: for one labelled subset, a linear probe on raw pixels, on PCA
 * components and on the frozen encoder's codes, then optionally the fine-tuned encoder.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { fitPca, projectPca } from '../models/pca/model';
import {
	accuracy,
	arraySource,
	encodeAll,
	fineTuneAndScore,
	fitStandardizer,
	predictProbe,
	subsetSource,
	trainLinearProbe,
	transformAll,
	type FeatureSource,
	type Standardizer
} from './fewshot';
import { sampleLabelSubset } from './labels';

const PX = 784;

export type FewLabelMethod = 'raw' | 'pca' | 'frozen' | 'finetuned';

export interface FewLabelData {
	/** All training pixels [n, 784] in [0, 1] and their labels. */
	pixels: FeatureSource;
	trainLabels: ArrayLike<number>;
	testPixels: FeatureSource;
	testLabels: ArrayLike<number>;
	/** Unlabelled rows [m, 784] the PCA and the standardizers are fitted on. */
	reference: Float32Array;
	encoder: LayersModel;
	codeSize: number;
	pcaComponents: number;
	signal?: AbortSignal;
}

/** What every subset reuses: the PCA, test features and one standardizer per representation. */
export interface FewLabelPrepared extends FewLabelData {
	project: (src: FeatureSource) => Float32Array;
	testPca: Float32Array;
	testCodes: Float32Array;
	std: Record<'raw' | 'pca' | 'enc', Standardizer>;
}

/**
 * Fits the PCA and standardizers and encodes the test set, once per experiment; `onStage` runs
 * after each of the three stages (progress, cancel messages).
 */
export async function prepareFewLabel(
	data: FewLabelData,
	onStage?: () => Promise<void> | void
): Promise<FewLabelPrepared> {
	const k = data.pcaComponents;
	const pca = fitPca(data.reference, PX, { maxComponents: k, signal: data.signal });
	const project = (src: FeatureSource) => transformAll(src, (x) => projectPca(pca, x, k)).values;
	await onStage?.();
	const ref = arraySource(data.reference, PX);
	const refCodes = encodeAll(data.encoder, ref);
	const testCodes = encodeAll(data.encoder, data.testPixels);
	await onStage?.();
	const testPca = project(data.testPixels);
	// One shared σ per representation (see fitStandardizer): PCA components stay unwhitened.
	const std = {
		raw: fitStandardizer(data.reference, PX, { perFeature: false }),
		pca: fitStandardizer(project(ref), k, { perFeature: false }),
		enc: fitStandardizer(refCodes, data.codeSize, { perFeature: false })
	};
	await onStage?.();
	return { ...data, project, testPca, testCodes, std };
}

export interface FewLabelRunOptions {
	/** Labels per class; 0 means every training label. */
	perClass: number;
	seed: number;
	fineTune: boolean;
	probeSteps?: number;
	fineTuneSteps?: number;
	/** Called every few fine-tuning steps (progress, cancel messages). */
	onStep?: () => Promise<void> | void;
}

/** Scores every method on one seeded, stratified labelled subset; `record` gets each accuracy. */
export async function runFewLabelSubset(
	prep: FewLabelPrepared,
	opts: FewLabelRunOptions,
	record: (method: FewLabelMethod, accuracy: number, labels: number) => Promise<void> | void
): Promise<void> {
	const { signal } = prep;
	signal?.throwIfAborted();
	const idx = sampleLabelSubset(prep.trainLabels, {
		perClass: opts.perClass || Infinity,
		seed: opts.seed,
		classes: 10
	});
	const y = Array.from(idx, (i) => prep.trainLabels[i] ?? 0);
	const local = Array.from({ length: idx.length }, (_, i) => i);
	const common = { classes: 10, seed: opts.seed, steps: opts.probeSteps, signal };
	const score = (probe: ReturnType<typeof trainLinearProbe>, test: FeatureSource) =>
		accuracy(predictProbe(probe, test), prep.testLabels);

	const raw = trainLinearProbe({
		...common,
		source: prep.pixels,
		indices: idx,
		labels: y,
		standardizer: prep.std.raw
	});
	await record('raw', score(raw, prep.testPixels), idx.length);

	const labelled = subsetSource(prep.pixels, idx);
	const k = prep.pcaComponents;
	const pca = trainLinearProbe({
		...common,
		source: arraySource(prep.project(labelled), k),
		indices: local,
		labels: y,
		standardizer: prep.std.pca
	});
	await record('pca', score(pca, arraySource(prep.testPca, k)), idx.length);

	const frozen = trainLinearProbe({
		...common,
		source: arraySource(encodeAll(prep.encoder, labelled), prep.codeSize),
		indices: local,
		labels: y,
		standardizer: prep.std.enc
	});
	await record('frozen', score(frozen, arraySource(prep.testCodes, prep.codeSize)), idx.length);

	if (opts.fineTune) {
		const acc = await fineTuneAndScore({
			encoder: prep.encoder,
			probe: frozen,
			pixels: prep.pixels,
			indices: idx,
			labels: y,
			testPixels: prep.testPixels,
			testLabels: prep.testLabels,
			seed: opts.seed,
			steps: opts.fineTuneSteps,
			signal,
			onStep: opts.onStep
		});
		await record('finetuned', acc, idx.length);
	}
}

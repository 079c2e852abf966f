/**
 * The few-label experiment shared by the /uses page (explore worker) and
 * `npm run bench:representations`: for one labelled subset, a linear probe on raw pixels, on PCA
 * components and on the frozen encoder's codes, optionally on the codes joined with their UMAP
 * map (N2D's embedding), then optionally the fine-tuned encoder.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { embedWithUmap } from '../models/kmeans/manifold';
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

export type FewLabelMethod = 'raw' | 'pca' | 'frozen' | 'manifold' | 'finetuned';

export interface FewLabelData {
	/** All training pixels [n, 784] in [0, 1] and their labels (0..classes-1). */
	pixels: FeatureSource;
	trainLabels: ArrayLike<number>;
	/** Number of classes: 10 for Fashion-MNIST, the folder count for the user's own images. */
	classes: number;
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
	/** Codes of the unlabelled reference rows. */
	refCodes: Float32Array;
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
	return { ...data, project, testPca, testCodes, refCodes, std };
}

/**
 * The 'manifold' method's features for one seed: every row is the encoder's code joined with its
 * coordinates in a UMAP embedding of the codes (N2D, McConville et al. 2019). The labelled rows
 * find their class's curved manifold through the unlabelled rows around them, which is what a
 * linear probe on the code alone cannot use.
 */
export interface ManifoldFeatures {
	/** Training row index → its row in `labelled`. */
	rowOf: Map<number, number>;
	labelled: Float32Array;
	test: Float32Array;
	dims: number;
	standardizer: Standardizer;
}

/** How much more the UMAP map's standardised coordinates weigh than the code's. */
const MAP_SCALE = 3;

export interface ManifoldOptions {
	seed: number;
	/** The largest labels-per-class budget the seed will run (its subset holds the smaller ones). */
	maxPerClass: number;
	/** Reference rows embedded with them (default all): UMAP's cost grows with the rows. */
	referenceRows?: number;
	/** UMAP dimensions (default 10, as N2D). */
	nComponents?: number;
	/** UMAP neighbourhood size (default 20, as N2D). */
	nNeighbors?: number;
	onProgress?: (done: number, total: number) => void;
}

/**
 * Fits UMAP once per seed on the codes of the unlabelled reference rows, the test rows and the
 * seed's largest labelled subset (the subsets of a seed are nested, so it holds every smaller
 * one). Transductive, as N2D: the test images are seen, unlabelled, when the map is made.
 */
export async function prepareManifold(
	prep: FewLabelPrepared,
	opts: ManifoldOptions
): Promise<ManifoldFeatures> {
	if (!(opts.maxPerClass >= 1 && Number.isFinite(opts.maxPerClass))) {
		throw new RangeError(
			`the UMAP map needs a finite labels-per-class budget, got ${opts.maxPerClass}`
		);
	}
	const code = prep.codeSize;
	// At least two, which the map's standardizer needs.
	const nRef = Math.min(Math.max(2, opts.referenceRows ?? Infinity), prep.refCodes.length / code);
	const idx = sampleLabelSubset(prep.trainLabels, {
		perClass: opts.maxPerClass,
		seed: opts.seed,
		classes: prep.classes
	});
	const labelledCodes = encodeAll(prep.encoder, subsetSource(prep.pixels, idx));
	const nTest = prep.testCodes.length / code;
	const all = new Float32Array((nRef + nTest + idx.length) * code);
	all.set(prep.refCodes.subarray(0, nRef * code));
	all.set(prep.testCodes, nRef * code);
	all.set(labelledCodes, (nRef + nTest) * code);
	const k = opts.nComponents ?? 10;
	const map = await embedWithUmap(all, code, {
		seed: opts.seed,
		nComponents: k,
		nNeighbors: opts.nNeighbors,
		signal: prep.signal,
		onProgress: opts.onProgress
	});
	const dims = code + k;
	const join = (codes: Float32Array, first: number, n: number) => {
		const out = new Float32Array(n * dims);
		for (let r = 0; r < n; r++) {
			out.set(codes.subarray(r * code, (r + 1) * code), r * dims);
			out.set(map.subarray((first + r) * k, (first + r + 1) * k), r * dims + code);
		}
		return out;
	};
	// Each part keeps its own shared σ (see fitStandardizer), fitted on the unlabelled rows. The
	// map's part is scaled up so that the probe's L2 penalty holds it back less than the code's:
	// on Fashion-MNIST ×3 scored above ×1 at every budget, by 5.3 points with one label per class
	// and 0.6 with 50 (×2 in between).
	const mapStd = fitStandardizer(map.subarray(0, nRef * k), k, { perFeature: false });
	return {
		rowOf: new Map(Array.from(idx, (row, i) => [row, i])),
		labelled: join(labelledCodes, nRef + nTest, idx.length),
		test: join(prep.testCodes, nRef, nTest),
		dims,
		standardizer: {
			mean: Float32Array.of(...prep.std.enc.mean, ...mapStd.mean),
			std: Float32Array.of(...prep.std.enc.std, ...mapStd.std.map((v) => v / MAP_SCALE))
		}
	};
}

export interface FewLabelRunOptions {
	/** Labels per class; 0 means every training label. */
	perClass: number;
	seed: number;
	fineTune: boolean;
	/** The seed's UMAP map (`prepareManifold`): adds the 'manifold' method for finite budgets. */
	manifold?: ManifoldFeatures;
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
		classes: prep.classes
	});
	const y = Array.from(idx, (i) => prep.trainLabels[i] ?? 0);
	const m = opts.manifold;
	// Checked before any probe runs: a budget the map was not made for is a caller's mistake.
	const mapRows =
		m && opts.perClass > 0
			? Array.from(idx, (i) => {
					const r = m.rowOf.get(i);
					if (r === undefined) throw new RangeError(`training row ${i} is not in the UMAP map`);
					return r;
				})
			: undefined;
	const local = Array.from({ length: idx.length }, (_, i) => i);
	const common = { classes: prep.classes, seed: opts.seed, steps: opts.probeSteps, signal };
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

	if (m && mapRows) {
		const probe = trainLinearProbe({
			...common,
			source: arraySource(m.labelled, m.dims),
			indices: mapRows,
			labels: y,
			standardizer: m.standardizer
		});
		await record('manifold', score(probe, arraySource(m.test, m.dims)), idx.length);
	}

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

/**
 * Loads the built-in datasets inside the compute worker: downloads from the Worker (cached for
 * offline use by the service worker), checks each file's content hash, parses the IDX files.
 * Parsed sets stay in memory for the worker's lifetime.
 */
import {
	FASHION_MNIST_FILES,
	loadFashionMnist,
	maybeGunzip,
	type ImageSet
} from '$lib/ml/data/fashion-mnist';
import { sha256Hex } from '$lib/share/sha256';
import { fetchBytes } from '$lib/net/fetch-bytes';
import { getUserDataset, userDatasetId } from '$lib/store/datasets';

export interface DatasetLoadProgress {
	file: string;
	loaded: number;
	total: number;
}

export class DatasetIntegrityError extends Error {
	override name = 'DatasetIntegrityError';
}

let fashion: Promise<{ train: ImageSet; test: ImageSet }> | undefined;

/** Fashion-MNIST from /api/datasets, verified by the sha256 of each decompressed file. */
export function loadFashion(opts: {
	signal?: AbortSignal;
	onProgress?: (p: DatasetLoadProgress) => void;
}): Promise<{ train: ImageSet; test: ImageSet }> {
	fashion ??= (async () => {
		const entries = Object.entries(FASHION_MNIST_FILES) as [
			keyof typeof FASHION_MNIST_FILES,
			(typeof FASHION_MNIST_FILES)[keyof typeof FASHION_MNIST_FILES]
		][];
		// Approximate compressed sizes so one bar can cover all four downloads.
		const totalGuess = 30_500_000;
		let done = 0;
		const out: Partial<Record<keyof typeof FASHION_MNIST_FILES, Uint8Array>> = {};
		for (const [key, f] of entries) {
			const gz = await fetchBytes(`/api/datasets/fashion-mnist/${f.file}`, {
				signal: opts.signal,
				onProgress: (p) =>
					opts.onProgress?.({ file: f.file, loaded: done + p.loaded, total: totalGuess })
			});
			done += gz.byteLength;
			const raw = maybeGunzip(gz, f.file);
			if (raw.byteLength !== f.bytes || (await sha256Hex(raw)) !== f.sha256) {
				throw new DatasetIntegrityError(
					`${f.file} arrived damaged (its content hash does not match Fashion-MNIST's). Please retry.`
				);
			}
			out[key] = raw;
		}
		return loadFashionMnist({
			trainImages: out.trainImages!,
			trainLabels: out.trainLabels!,
			testImages: out.testImages!,
			testLabels: out.testLabels!
		});
	})().catch((err: unknown) => {
		fashion = undefined;
		throw err;
	});
	return fashion;
}

/** What a training run needs from its data source. */
export interface TrainingSet {
	/** Training examples, side×side×1 bytes each. */
	images: Uint8Array;
	labels?: Uint8Array;
	side: number;
	/**
	 * Held-out examples for previews and the latent scatter (the training images for a user set,
	 * with its folder labels and their names when it has them).
	 */
	test: { images: Uint8Array; labels?: Uint8Array; classNames?: string[]; count: number };
	/** The built-in set's classes apply (the GAN class histogram means something). */
	fashionClasses: boolean;
}

/** Loads a built-in set or one of the user's stored image sets by its dataset id. */
export async function loadTrainingSet(
	dataset: string,
	opts: { signal?: AbortSignal; onProgress?: (p: DatasetLoadProgress) => void }
): Promise<TrainingSet> {
	const userId = userDatasetId(dataset);
	if (userId) {
		const set = await getUserDataset(userId).catch(() => undefined);
		if (!set) {
			throw new Error(
				'The image set this run trains on is no longer stored on this device. Pick the images again to train on them.'
			);
		}
		if (set.side !== 28 || set.channels !== 1) {
			throw new Error(
				`This image set is ${set.side}×${set.side}×${set.channels}; the models take 28×28 grayscale.`
			);
		}
		return {
			images: set.images,
			side: set.side,
			test: {
				images: set.images,
				count: set.count,
				...(set.labels && set.classNames ? { labels: set.labels, classNames: set.classNames } : {})
			},
			fashionClasses: false
		};
	}
	if (dataset !== 'fashion-mnist') throw new Error(`Unknown dataset "${dataset}".`);
	const { train, test } = await loadFashion(opts);
	return {
		images: train.images,
		labels: train.labels,
		side: train.rows,
		test: { images: test.images, labels: test.labels, count: test.count },
		fashionClasses: true
	};
}

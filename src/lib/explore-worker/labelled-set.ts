/**
 * What the few-label experiment runs on: Fashion-MNIST's own training and test sets, or one of
 * the user's labelled image sets split into training and held-out images. Pure code (no
 * IndexedDB), so Node tests build the same split the worker does.
 */
import type { ImageSet } from '$lib/ml/data/fashion-mnist';
import { splitStratified } from '$lib/ml/representations/labels';
import type { UserDatasetRecord } from '$lib/store/datasets';

/** Training and test images with labels 0..classes-1. */
export interface LabelledSet {
	train: ImageSet;
	test: ImageSet;
	classes: number;
	/** Set for the user's images (Fashion-MNIST's names are in the i18n tables). */
	classNames?: string[];
}

/** Share of every class of a user's set held out to score the classifiers. */
export const USER_TEST_FRACTION = 0.25;
/** The held-out split does not change with the experiment's seed, so seeds stay comparable. */
const SPLIT_SEED = 1;

function pick(images: Uint8Array, labels: Uint8Array, rows: Int32Array, side: number): ImageSet {
	const px = side * side;
	const out = new Uint8Array(rows.length * px);
	rows.forEach((r, i) => out.set(images.subarray(r * px, (r + 1) * px), i * px));
	return {
		images: out,
		labels: Uint8Array.from(rows, (r) => labels[r] ?? 0),
		count: rows.length,
		rows: side,
		cols: side
	};
}

/**
 * Splits a stored labelled set, a quarter of every class held out; throws a message for the
 * person when the set has no labels, is not 28×28 grayscale, or has a class of one image.
 */
export function labelledUserSet(set: UserDatasetRecord): LabelledSet {
	if (!set.labels || !set.classNames) {
		throw new Error(
			`“${set.name}” has no labels. Import a folder with one subfolder per class to label the images.`
		);
	}
	if (set.side !== 28 || set.channels !== 1) {
		throw new Error(
			`This image set is ${set.side}×${set.side}×${set.channels}; the encoders take 28×28 grayscale.`
		);
	}
	const classes = set.classNames.length;
	const { train, test } = splitStratified(set.labels, {
		testFraction: USER_TEST_FRACTION,
		seed: SPLIT_SEED,
		classes,
		classNames: set.classNames
	});
	return {
		train: pick(set.images, set.labels, train, set.side),
		test: pick(set.images, set.labels, test, set.side),
		classes,
		classNames: set.classNames
	};
}

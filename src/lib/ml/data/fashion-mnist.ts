/**
 * Fashion-MNIST loader: turns the raw files' bytes (gzipped or not) into images and labels.
 * No I/O here — the caller fetches or reads the files — so it runs in the browser, a worker,
 * Node and workerd alike.
 */
import { gunzipSync } from 'fflate';
import { IdxFormatError, parseIdx } from './idx';
import { FASHION_MNIST_LABELS } from './fashion-mnist-meta';

export { FASHION_MNIST_FILES, FASHION_MNIST_LABELS } from './fashion-mnist-meta';

/** One split: `count` images of rows×cols unsigned bytes, row-major, and one label per image. */
export interface ImageSet {
	images: Uint8Array;
	labels: Uint8Array;
	count: number;
	rows: number;
	cols: number;
}

/** The four files of the dataset, as bytes. */
export interface FashionMnistFiles {
	trainImages: Uint8Array;
	trainLabels: Uint8Array;
	testImages: Uint8Array;
	testLabels: Uint8Array;
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip bytes, or returns them unchanged when they are not gzipped. */
export function maybeGunzip(bytes: Uint8Array, what = 'file'): Uint8Array {
	if (!isGzip(bytes)) return bytes;
	// The gzip trailer ends with the uncompressed size mod 2^32. fflate sizes its output buffer from
	// it, so a cut-off file could ask for gigabytes: DEFLATE cannot expand more than ~1032:1.
	const n = bytes.length;
	const isize =
		((bytes[n - 4] ?? 0) |
			((bytes[n - 3] ?? 0) << 8) |
			((bytes[n - 2] ?? 0) << 16) |
			((bytes[n - 1] ?? 0) << 24)) >>>
		0;
	if (n < 18 || isize > n * 1032 + 1024) {
		throw new IdxFormatError(
			'truncated',
			`The ${what} is gzipped but incomplete (its trailer is not valid); download it again.`
		);
	}
	let out: Uint8Array;
	try {
		out = gunzipSync(bytes);
	} catch (err) {
		throw new IdxFormatError(
			'truncated',
			`The ${what} looks gzipped but could not be decompressed (${err instanceof Error ? err.message : String(err)}); it may be incomplete.`
		);
	}
	if (isize !== out.length >>> 0) {
		throw new IdxFormatError(
			'truncated',
			`The ${what} is gzipped but incomplete (it decompressed to ${out.length} bytes, its trailer says ${isize}).`
		);
	}
	return out;
}

/** Parses one split from its images file (3-D IDX) and labels file (1-D IDX). */
export function loadImageSet(imagesBytes: Uint8Array, labelsBytes: Uint8Array): ImageSet {
	const img = parseIdx(maybeGunzip(imagesBytes, 'images file'), 'images file');
	const lab = parseIdx(maybeGunzip(labelsBytes, 'labels file'), 'labels file');
	if (img.dims.length !== 3) {
		throw new IdxFormatError(
			'bad-dims',
			`The images file should have 3 dimensions (count×rows×cols), not ${img.dims.length}.`
		);
	}
	if (lab.dims.length !== 1) {
		throw new IdxFormatError(
			'bad-dims',
			`The labels file should have 1 dimension, not ${lab.dims.length}.`
		);
	}
	const [count = 0, rows = 0, cols = 0] = img.dims;
	if (lab.dims[0] !== count) {
		throw new IdxFormatError(
			'bad-dims',
			`The images file has ${count} images but the labels file has ${lab.dims[0]} labels.`
		);
	}
	return { images: img.data, labels: lab.data, count, rows, cols };
}

/** Parses all four files; labels outside 0–9 are refused as corrupt. */
export function loadFashionMnist(files: FashionMnistFiles): { train: ImageSet; test: ImageSet } {
	const train = loadImageSet(files.trainImages, files.trainLabels);
	const test = loadImageSet(files.testImages, files.testLabels);
	for (const [name, set] of [
		['training', train],
		['test', test]
	] as const) {
		const bad = set.labels.findIndex((l) => l >= FASHION_MNIST_LABELS.length);
		if (bad >= 0) {
			throw new IdxFormatError(
				'bad-labels',
				`The ${name} labels file has label ${set.labels[bad]} at position ${bad}; Fashion-MNIST labels are 0–9.`
			);
		}
	}
	return { train, test };
}

/** The first `n` images and labels of a set (views, no copy). */
export function takeFirst(set: ImageSet, n: number): ImageSet {
	const count = Math.min(n, set.count);
	const px = set.rows * set.cols;
	return {
		images: set.images.subarray(0, count * px),
		labels: set.labels.subarray(0, count),
		count,
		rows: set.rows,
		cols: set.cols
	};
}

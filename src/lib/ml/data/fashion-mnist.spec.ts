import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxFormatError } from './idx';
import {
	FASHION_MNIST_FILES,
	FASHION_MNIST_LABELS,
	loadFashionMnist,
	loadImageSet,
	maybeGunzip
} from './fashion-mnist';
import { sha256Hex } from '$lib/share/sha256';

const DIR = '/usr/share/datasets/fashion-mnist';

describe('Fashion-MNIST', () => {
	it('loads the real test split and matches the official sha256', async () => {
		const imagesGz = readFileSync(`${DIR}/${FASHION_MNIST_FILES.testImages.file}`);
		const labelsGz = readFileSync(`${DIR}/${FASHION_MNIST_FILES.testLabels.file}`);
		const set = loadImageSet(imagesGz, labelsGz);
		expect([set.count, set.rows, set.cols]).toEqual([10000, 28, 28]);
		expect(set.images.length).toBe(10000 * 784);
		// Every class appears 1000 times in the test split.
		const counts = new Array(10).fill(0);
		for (const l of set.labels) counts[l]++;
		expect(counts).toEqual(new Array(10).fill(1000));
		const raw = maybeGunzip(labelsGz);
		expect(raw.length).toBe(FASHION_MNIST_FILES.testLabels.bytes);
		expect(await sha256Hex(raw)).toBe(FASHION_MNIST_FILES.testLabels.sha256);
		expect(await sha256Hex(maybeGunzip(imagesGz))).toBe(FASHION_MNIST_FILES.testImages.sha256);
		expect(FASHION_MNIST_LABELS[9]).toBe('Ankle boot');
	});

	it('accepts uncompressed files and checks that labels match images', () => {
		const images = encodeIdx([2, 2, 2], Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
		const labels = encodeIdx([2], Uint8Array.from([3, 9]));
		const files = {
			trainImages: images,
			trainLabels: gzipSync(labels),
			testImages: gzipSync(images),
			testLabels: labels
		};
		const { train, test } = loadFashionMnist(files);
		expect(Array.from(train.labels)).toEqual([3, 9]);
		expect(Array.from(test.images)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(() =>
			loadFashionMnist({ ...files, testLabels: encodeIdx([3], Uint8Array.from([1, 2, 3])) })
		).toThrow(/2 images but the labels file has 3/);
		const bad = (() => {
			try {
				loadFashionMnist({ ...files, testLabels: encodeIdx([2], Uint8Array.from([1, 12])) });
			} catch (e) {
				return e;
			}
		})();
		expect(bad).toBeInstanceOf(IdxFormatError);
		expect((bad as IdxFormatError).reason).toBe('bad-labels');
		expect((bad as IdxFormatError).message).toMatch(/label 12 at position 1/);
	});

	it('reports a cut-off gzip download as an IdxFormatError', () => {
		for (const fill of [(i: number) => (i * 7) % 13, () => 1]) {
			const gz = gzipSync(
				encodeIdx(
					[1000],
					Uint8Array.from({ length: 1000 }, (_, i) => fill(i))
				)
			);
			for (const cut of [gz.length >> 1, gz.length - 1]) {
				expect(() => maybeGunzip(gz.subarray(0, cut), 'labels file')).toThrow(IdxFormatError);
			}
			expect(maybeGunzip(gz).length).toBe(1008);
		}
	});
});

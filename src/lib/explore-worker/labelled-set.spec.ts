import { describe, expect, it } from 'vitest';
import type { UserDatasetRecord } from '$lib/store/datasets';
import { labelledUserSet } from './labelled-set';

const PX = 784;

/** A stored set whose image i is filled with the byte i, labelled by `labels`. */
function record(labels: number[], classNames?: string[]): UserDatasetRecord {
	const images = new Uint8Array(labels.length * PX);
	labels.forEach((_, i) => images.fill(i, i * PX, (i + 1) * PX));
	return {
		id: 'x',
		name: 'shoes',
		createdAt: 0,
		count: labels.length,
		side: 28,
		channels: 1,
		skipped: [],
		images,
		...(classNames ? { labels: Uint8Array.from(labels), classNames } : {})
	};
}

describe('labelledUserSet', () => {
	it('holds out a quarter of every class; every image keeps its own label', () => {
		const labels = [...Array(8).fill(0), ...Array(4).fill(1), ...Array(12).fill(2)];
		const set = labelledUserSet(record(labels, ['boot', 'sandal', 'sneaker']));
		expect(set.classes).toBe(3);
		expect(set.classNames).toEqual(['boot', 'sandal', 'sneaker']);
		expect(set.test.count).toBe(2 + 1 + 3);
		expect(set.train.count).toBe(24 - 6);
		const seen = new Set<number>();
		for (const part of [set.train, set.test]) {
			expect(part.rows).toBe(28);
			for (let r = 0; r < part.count; r++) {
				const original = part.images[r * PX]!;
				seen.add(original);
				expect(part.labels[r]).toBe(labels[original]);
				expect(part.images[(r + 1) * PX - 1]).toBe(original);
			}
		}
		expect(seen.size).toBe(24);
	});

	it('says what is wrong with an unlabelled set, a colour set or a class of one', () => {
		expect(() => labelledUserSet(record([0, 1, 0]))).toThrow(/“shoes” has no labels/);
		expect(() =>
			labelledUserSet({ ...record([0, 1, 0, 1], ['a', 'b']), side: 14, channels: 1 })
		).toThrow(/14×14×1/);
		expect(() => labelledUserSet(record([0, 0, 1], ['boot', 'sandal']))).toThrow(
			/"sandal" has only one image/
		);
	});
});

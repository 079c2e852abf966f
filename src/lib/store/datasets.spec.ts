import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
	deleteUserDataset,
	getUserDataset,
	listUserDatasets,
	saveUserDataset,
	userDatasetId
} from './datasets';

let n = 0;
const fresh = () => ({ dbName: `datasets-test-${++n}` });

describe('user image sets in IndexedDB', () => {
	it('stores a set and reads back the same bytes, newest first in the list', async () => {
		const o = fresh();
		const images = Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 251);
		const a = await saveUserDataset(
			{
				name: 'shoes',
				count: 3,
				side: 28,
				channels: 1,
				images,
				skipped: [{ name: 'x.txt', reason: 'not an image' }]
			},
			o
		);
		await new Promise((r) => setTimeout(r, 2));
		const b = await saveUserDataset(
			{ name: 'bags', count: 1, side: 28, channels: 1, images: new Uint8Array(784), skipped: [] },
			o
		);
		const back = await getUserDataset(a.id, o);
		expect(back?.images).toEqual(images);
		expect(back?.skipped).toEqual([{ name: 'x.txt', reason: 'not an image' }]);
		const list = await listUserDatasets(o);
		expect(list.map((d) => d.name)).toEqual(['bags', 'shoes']);
		expect(list[0]).not.toHaveProperty('images');
		await deleteUserDataset(b.id, o);
		expect(await getUserDataset(b.id, o)).toBeUndefined();
		expect((await listUserDatasets(o)).length).toBe(1);
	});

	it('refuses bytes that are not count whole images', async () => {
		await expect(
			saveUserDataset(
				{ name: 'bad', count: 2, side: 28, channels: 1, images: new Uint8Array(784), skipped: [] },
				fresh()
			)
		).rejects.toThrow(RangeError);
	});

	it('keeps the labels and class names of a labelled set, out of the list', async () => {
		const o = fresh();
		const labels = Uint8Array.of(1, 0, 1);
		const set = {
			name: 'shoes',
			count: 3,
			side: 28,
			channels: 1 as const,
			images: new Uint8Array(3 * 784),
			skipped: []
		};
		const saved = await saveUserDataset({ ...set, labels, classNames: ['boot', 'sandal'] }, o);
		const back = await getUserDataset(saved.id, o);
		expect(back?.labels).toEqual(labels);
		expect(back?.classNames).toEqual(['boot', 'sandal']);
		const [listed] = await listUserDatasets(o);
		expect(listed?.classNames).toEqual(['boot', 'sandal']);
		expect(listed).not.toHaveProperty('labels');
		// Labels that do not fit the images or the classes are refused.
		await expect(saveUserDataset({ ...set, labels }, o)).rejects.toThrow(/together/);
		await expect(
			saveUserDataset({ ...set, labels: Uint8Array.of(0, 2, 1), classNames: ['a', 'b'] }, o)
		).rejects.toThrow(/do not fit/);
		await expect(
			saveUserDataset({ ...set, labels: Uint8Array.of(0, 1), classNames: ['a', 'b'] }, o)
		).rejects.toThrow(/do not fit/);
	});

	it('reads the set id out of a dataset id', () => {
		expect(userDatasetId('user:abc')).toBe('abc');
		expect(userDatasetId('fashion-mnist')).toBeUndefined();
		expect(userDatasetId(null)).toBeUndefined();
	});
});

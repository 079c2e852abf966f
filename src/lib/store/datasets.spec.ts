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

	it('reads the set id out of a dataset id', () => {
		expect(userDatasetId('user:abc')).toBe('abc');
		expect(userDatasetId('fashion-mnist')).toBeUndefined();
		expect(userDatasetId(null)).toBeUndefined();
	});
});

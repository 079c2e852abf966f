import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { latentIOHandler } from './io-handler';
import { listCheckpoints } from './checkpoints';
import { createModel } from './library';
import { denseModel, freshDb, seededValues, useCpu, weightBytes } from './test-helpers';

beforeAll(useCpu);

async function roundTrip(model: tfl.LayersModel, chunkBytes?: number) {
	const db = await freshDb();
	const { id } = await createModel({ db, name: 'io', kind: 'dense', config: {} });
	await model.save(latentIOHandler({ db, modelId: id, chunkBytes }));
	const loaded = await tfl.loadLayersModel(latentIOHandler({ db, modelId: id }));
	const [cp] = await listCheckpoints(id, { db });
	return { loaded, cp: cp! };
}

describe('latentIOHandler', () => {
	it('round-trips a small Dense model bit for bit', async () => {
		const model = denseModel(4, 8, 3);
		const { loaded, cp } = await roundTrip(model);
		expect(cp.parts).toHaveLength(1);
		expect(cp.chunkKeys).toHaveLength(1);
		expect(await weightBytes(loaded)).toEqual(await weightBytes(model));
		const x = tf.tensor2d(seededValues(8, 3), [2, 4]);
		const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
		expect(await q.data()).toEqual(await p.data());
		for (const t of [x, p, q, model, loaded]) t.dispose();
	});

	it('splits a model larger than the chunk size and reassembles it', async () => {
		const model = denseModel(64, 100, 64); // 51,264 bytes of weights
		const { loaded, cp } = await roundTrip(model, 4096);
		expect(cp.byteLength).toBe((64 * 100 + 100 + 100 * 64 + 64) * 4);
		expect(cp.chunkKeys.length).toBe(Math.ceil(cp.byteLength / 4096));
		expect(await weightBytes(loaded)).toEqual(await weightBytes(model));
		model.dispose();
		loaded.dispose();
	});

	it('fails to load a model that has no saved weights', async () => {
		const db = await freshDb();
		const { id } = await createModel({ db, name: 'empty', kind: 'dense', config: {} });
		await expect(tfl.loadLayersModel(latentIOHandler({ db, modelId: id }))).rejects.toThrow(
			/no saved weights/
		);
	});
});

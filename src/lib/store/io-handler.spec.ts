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

	it('loads the checkpoint asked for, and the latest (orLatest) once that one is pruned', async () => {
		const db = await freshDb();
		const { id } = await createModel({ db, name: 'versions', kind: 'dense', config: {} });
		const [a, b, c] = [denseModel(), denseModel(), denseModel()];
		await a.save(latentIOHandler({ db, modelId: id, step: 1 }));
		await b.save(latentIOHandler({ db, modelId: id, step: 2 }));
		const first = (await listCheckpoints(id, { db })).find((cp) => cp.step === 1)!;
		const load = (opts: { orLatest?: boolean } = { orLatest: true }) =>
			tfl.loadLayersModel(latentIOHandler({ db, modelId: id, checkpointId: first.id, ...opts }));
		const old = await load();
		expect(await weightBytes(old)).toEqual(await weightBytes(a));
		// More training keeps one checkpoint: the listed one is gone.
		await c.save(latentIOHandler({ db, modelId: id, step: 3, keep: 1 }));
		const latest = await load();
		expect(await weightBytes(latest)).toEqual(await weightBytes(c));
		await expect(load({})).rejects.toThrow(/no saved weights/);
		for (const m of [a, b, c, old, latest]) m.dispose();
	});

	it('fails to load a model that has no saved weights', async () => {
		const db = await freshDb();
		const { id } = await createModel({ db, name: 'empty', kind: 'dense', config: {} });
		await expect(tfl.loadLayersModel(latentIOHandler({ db, modelId: id }))).rejects.toThrow(
			/no saved weights/
		);
	});
});

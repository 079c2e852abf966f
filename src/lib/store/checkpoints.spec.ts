import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, StepLosses, Trainer } from '../ml/train/trainer';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	listCheckpoints,
	loadCheckpoint,
	restoreInto,
	saveCheckpoint,
	type SaveCheckpointOptions
} from './checkpoints';
import type { LatentDb } from './db';
import { StorageFullError, isQuotaError } from './errors';
import { createModel, getModel } from './library';
import { denseModel, freshDb, seededValues, useCpu, weightBytes } from './test-helpers';

beforeAll(useCpu);
afterEach(() => vi.restoreAllMocks());

const meta = (step: number) => ({
	step,
	epoch: 0,
	cursor: { batch: step },
	rngSeed: 42,
	losses: { steps: [step], series: { loss: [1 / (step + 1)] } }
});

/** Sets every weight to fixed pseudo-random values so two models start identical. */
function seedWeights(model: LayersModel, seed: number) {
	const ws = model.getWeights().map((w, i) => tf.tensor(seededValues(w.size, seed + i), w.shape));
	model.setWeights(ws);
	ws.forEach((w) => w.dispose());
}

function adamModel(seed: number) {
	const model = denseModel(4, 8, 3);
	seedWeights(model, seed);
	const optimizer = tf.train.adam(0.05);
	model.compile({ optimizer, loss: 'meanSquaredError' });
	return { model, optimizer };
}

async function newModelId(db: LatentDb) {
	return (await createModel({ db, name: 'm', kind: 'dense', config: {} })).id;
}

async function save(
	db: LatentDb,
	modelId: string,
	model: LayersModel,
	step: number,
	extra: Partial<SaveCheckpointOptions> = {}
) {
	return saveCheckpoint({
		db,
		modelId,
		models: { model },
		optimizers: {},
		...meta(step),
		...extra
	});
}

describe('checkpoints', () => {
	it('restores Adam state: resumed training matches the uninterrupted run', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const x = tf.tensor2d(seededValues(32 * 4, 7), [32, 4]);
		const y = tf.tensor2d(seededValues(32 * 3, 8), [32, 3]);
		const a = adamModel(1);
		for (let i = 0; i < 3; i++) await a.model.trainOnBatch(x, y);

		const before = tf.memory().numTensors;
		await saveCheckpoint({
			db,
			modelId,
			models: { model: a.model },
			optimizers: { model: a.optimizer },
			...meta(3)
		});
		expect(tf.memory().numTensors).toBe(before);

		const uninterrupted: number[] = [];
		for (let i = 0; i < 3; i++) uninterrupted.push((await a.model.trainOnBatch(x, y)) as number);

		const loaded = await loadCheckpoint(modelId, undefined, { db });
		expect(loaded?.checkpoint).toMatchObject({ step: 3, rngSeed: 42, cursor: { batch: 3 } });
		const b = adamModel(99); // different starting weights: everything must come from the checkpoint
		await restoreInto({ models: { model: b.model }, optimizers: { model: b.optimizer } }, loaded!);
		const resumed: number[] = [];
		for (let i = 0; i < 3; i++) resumed.push((await b.model.trainOnBatch(x, y)) as number);
		for (let i = 0; i < 3; i++)
			expect(Math.abs(resumed[i]! - uninterrupted[i]!)).toBeLessThan(1e-6);

		// Control: the same weights with a fresh Adam drift after the first update.
		const c = adamModel(5);
		await restoreInto({ models: { model: c.model } }, loaded!);
		const fresh: number[] = [];
		for (let i = 0; i < 3; i++) fresh.push((await c.model.trainOnBatch(x, y)) as number);
		expect(Math.abs(fresh[0]! - uninterrupted[0]!)).toBeLessThan(1e-6);
		expect(Math.abs(fresh[2]! - uninterrupted[2]!)).toBeGreaterThan(1e-6);

		// Restoring over existing optimizer state replaces it without leaking variables.
		const n = tf.memory().numTensors;
		await restoreInto({ models: { model: b.model }, optimizers: { model: b.optimizer } }, loaded!);
		expect(tf.memory().numTensors).toBe(n);

		for (const m of [a, b, c]) {
			m.model.dispose();
			m.optimizer.dispose();
		}
		x.dispose();
		y.dispose();
	});

	it('resumes a Trainer (custom step with optimizer.minimize) exactly', async () => {
		/** A tiny dense autoencoder trainer, the way model families implement the contract. */
		class DenseAeTrainer implements Trainer {
			readonly kind = 'dense-ae';
			readonly model = denseModel(4, 3, 4);
			readonly optimizer = tf.train.adam(0.05);
			constructor(seed: number) {
				seedWeights(this.model, seed);
			}
			step(batch: Batch): StepLosses {
				const vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
				const loss = this.optimizer.minimize(
					() => {
						const x = tf.reshape(batch.x, [batch.x.shape[0], 4]) as tf.Tensor2D;
						return tf.losses.meanSquaredError(x, this.model.apply(x) as tf.Tensor2D) as tf.Scalar;
					},
					true,
					vars
				)!;
				return { loss };
			}
			models() {
				return { autoencoder: this.model };
			}
			optimizers() {
				return { autoencoder: this.optimizer };
			}
			dispose() {
				this.model.dispose();
				this.optimizer.dispose();
			}
		}
		const db = await freshDb();
		const modelId = await newModelId(db);
		const batch: Batch = { x: tf.tensor4d(seededValues(8 * 4, 11), [8, 2, 2, 1]) };
		const lossOf = async (t: Trainer) => {
			const { loss } = t.step(batch);
			const v = (await loss!.data())[0]!;
			loss!.dispose();
			return v;
		};
		const a = new DenseAeTrainer(1);
		for (let i = 0; i < 3; i++) await lossOf(a);
		await saveCheckpoint({
			db,
			modelId,
			models: a.models(),
			optimizers: a.optimizers(),
			...meta(3)
		});
		const straight = [await lossOf(a), await lossOf(a), await lossOf(a)];
		const b = new DenseAeTrainer(2);
		await restoreInto(b, (await loadCheckpoint(modelId, undefined, { db }))!);
		const resumed = [await lossOf(b), await lossOf(b), await lossOf(b)];
		for (let i = 0; i < 3; i++) expect(Math.abs(resumed[i]! - straight[i]!)).toBeLessThan(1e-6);
		a.dispose();
		b.dispose();
		batch.x.dispose();
	});

	it('keeps exactly K checkpoints and deletes the chunks of pruned ones', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const model = denseModel();
		for (let step = 1; step <= 6; step++) {
			seedWeights(model, step);
			await save(db, modelId, model, step, { keep: 3, chunkBytes: 64 });
		}
		const kept = await listCheckpoints(modelId, { db });
		expect(kept.map((c) => c.step)).toEqual([4, 5, 6]);
		const liveKeys = kept.flatMap((c) => c.chunkKeys).sort();
		expect((await db.getAllKeys('chunks')).sort()).toEqual(liveKeys);
		const record = await getModel(modelId, { db });
		expect(record?.latestCheckpointId).toBe(kept[2]!.id);
		expect(record?.sizeBytes).toBe(kept.reduce((s, c) => s + c.byteLength, 0));
		// Metrics and thumbnail ride along in the same transaction.
		await save(db, modelId, model, 7, { metrics: { loss: 0.25 }, thumbnail: new Uint8Array(50) });
		const after = await getModel(modelId, { db });
		expect(after?.metrics).toEqual({ loss: 0.25 });
		const kept2 = await listCheckpoints(modelId, { db });
		expect(after?.sizeBytes).toBe(kept2.reduce((s, c) => s + c.byteLength, 0) + 50);
		// The oldest kept checkpoint still loads its own weights.
		const restored = denseModel();
		await restoreInto(
			{ models: { model: restored } },
			(await loadCheckpoint(modelId, kept2[0]!.id, { db }))!
		);
		seedWeights(model, 5);
		expect(await weightBytes(restored)).toEqual(await weightBytes(model));
		model.dispose();
		restored.dispose();
	});

	it('prunes by recency: a run restarted at a lower step keeps its new checkpoints', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const model = denseModel();
		for (const step of [100, 200, 300, 10, 20]) {
			await save(db, modelId, model, step, { keep: 3 });
			await new Promise((r) => setTimeout(r, 3)); // distinct createdAt
		}
		expect((await listCheckpoints(modelId, { db })).map((c) => c.step)).toEqual([10, 20, 300]);
		model.dispose();
	});

	it('a write aborted mid-checkpoint leaves the previous checkpoint intact and loadable', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const model = denseModel();
		seedWeights(model, 1);
		const first = await save(db, modelId, model, 1, { chunkBytes: 32 });
		const want = await weightBytes(model);
		const chunksBefore = (await db.getAllKeys('chunks')).length;

		seedWeights(model, 2);
		const crash = new Error('tab closed');
		let written = 0;
		await expect(
			save(db, modelId, model, 2, {
				chunkBytes: 32,
				onChunkWritten: (i) => {
					written = i + 1;
					if (i === 3) throw crash;
				}
			})
		).rejects.toBe(crash);
		expect(written).toBe(4);

		expect((await getModel(modelId, { db }))?.latestCheckpointId).toBe(first.id);
		expect((await listCheckpoints(modelId, { db })).map((c) => c.id)).toEqual([first.id]);
		expect((await db.getAllKeys('chunks')).length).toBe(chunksBefore);
		const restored = denseModel();
		await restoreInto(
			{ models: { model: restored } },
			(await loadCheckpoint(modelId, undefined, { db }))!
		);
		expect(await weightBytes(restored)).toEqual(want);
		model.dispose();
		restored.dispose();
	});

	it('surfaces a quota error from a chunk put as StorageFullError and keeps the old checkpoint', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const model = denseModel();
		const first = await save(db, modelId, model, 1, { chunkBytes: 32 });

		const realPut = IDBObjectStore.prototype.put;
		let chunkPuts = 0;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['put']>
		) {
			if (this.name === 'chunks' && ++chunkPuts === 5)
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			return realPut.apply(this, args);
		});
		const err = await save(db, modelId, model, 2, { chunkBytes: 32 }).catch((e: unknown) => e);
		vi.restoreAllMocks();
		expect(err).toBeInstanceOf(StorageFullError);
		expect((err as StorageFullError).bytesAttempted).toBe(first.byteLength);
		expect((await getModel(modelId, { db }))?.latestCheckpointId).toBe(first.id);
		expect((await db.getAllKeys('chunks')).length).toBe(first.chunkKeys.length);
		model.dispose();
	});

	it('surfaces a quota failure reported asynchronously by the request (as browsers do)', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const model = denseModel();
		const first = await save(db, modelId, model, 1, { chunkBytes: 32 });
		const realPut = IDBObjectStore.prototype.put;
		let chunkPuts = 0;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['put']>
		) {
			if (this.name !== 'chunks' || ++chunkPuts !== 3) return realPut.apply(this, args);
			// fake-indexeddb internals: make the queued write operation itself fail, so the error
			// arrives on the request and aborts the transaction, not as a synchronous throw.
			const raw = (this as unknown as { _rawObjectStore: { storeRecord: () => void } })
				._rawObjectStore;
			const original = raw.storeRecord;
			raw.storeRecord = () => {
				throw new DOMException('Quota exceeded', 'QuotaExceededError');
			};
			try {
				return realPut.apply(this, args);
			} finally {
				raw.storeRecord = original;
			}
		});
		const err = await save(db, modelId, model, 2, { chunkBytes: 32 }).catch((e: unknown) => e);
		vi.restoreAllMocks();
		expect(chunkPuts).toBe(3);
		expect(err).toBeInstanceOf(StorageFullError);
		expect((await getModel(modelId, { db }))?.latestCheckpointId).toBe(first.id);
		expect((await db.getAllKeys('chunks')).length).toBe(first.chunkKeys.length);
		model.dispose();
	});

	it('recognises quota errors by name, legacy code and cause', () => {
		expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
		expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
		expect(
			isQuotaError(new Error('wrap', { cause: new DOMException('q', 'QuotaExceededError') }))
		).toBe(true);
		// Chromium with a full disk (below its quota) fails blob writes instead.
		expect(isQuotaError(new DOMException('Failed to write blobs (IOError)', 'UnknownError'))).toBe(
			true
		);
		expect(isQuotaError(new DOMException('Failed to read blobs (IOError)', 'UnknownError'))).toBe(
			false
		);
		expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
		expect(isQuotaError(undefined)).toBe(false);
	});

	it('saves every role of a multi-model family', async () => {
		const db = await freshDb();
		const modelId = await newModelId(db);
		const generator = denseModel(2, 6, 4);
		const discriminator = denseModel(4, 5, 1);
		const gOpt = tf.train.adam(0.01);
		const dOpt = tf.train.adam(0.02);
		generator.compile({ optimizer: gOpt, loss: 'meanSquaredError' });
		discriminator.compile({ optimizer: dOpt, loss: 'meanSquaredError' });
		const z = tf.ones([3, 2]);
		await generator.trainOnBatch(z, tf.zeros([3, 4]));
		await discriminator.trainOnBatch(tf.ones([3, 4]), tf.zeros([3, 1]));
		const cp = await saveCheckpoint({
			db,
			modelId,
			models: { generator, discriminator },
			optimizers: { generator: gOpt, discriminator: dOpt },
			...meta(1)
		});
		expect(cp.parts.map((p) => `${p.type}:${p.role}`)).toEqual([
			'model:generator',
			'model:discriminator',
			'optimizer:generator',
			'optimizer:discriminator'
		]);
		const loaded = (await loadCheckpoint(modelId, undefined, { db }))!;
		const g2 = denseModel(2, 6, 4);
		const d2 = denseModel(4, 5, 1);
		const gOpt2 = tf.train.adam(0.01);
		const dOpt2 = tf.train.adam(0.02);
		await restoreInto(
			{
				models: { generator: g2, discriminator: d2 },
				optimizers: { generator: gOpt2, discriminator: dOpt2 }
			},
			loaded
		);
		expect(await weightBytes(g2)).toEqual(await weightBytes(generator));
		expect(await weightBytes(d2)).toEqual(await weightBytes(discriminator));
		const [w1, w2] = [await dOpt.getWeights(), await dOpt2.getWeights()];
		expect(w2.length).toBe(w1.length);
		for (let i = 0; i < w1.length; i++)
			expect(await w2[i]!.tensor.data()).toEqual(await w1[i]!.tensor.data());
		await expect(restoreInto({ models: { generator: g2 } }, loaded)).rejects.toThrow(
			/discriminator/
		);
		for (const d of [generator, discriminator, g2, d2, gOpt, dOpt, gOpt2, dOpt2, z]) d.dispose();
	});

	it('measures checkpoint save time for ~1 MB and ~10 MB models (indicative)', async () => {
		const db = await freshDb();
		for (const [label, inputs, hidden] of [
			['1 MB', 500, 250],
			['10 MB', 1000, 1250]
		] as const) {
			const modelId = await newModelId(db);
			const model = denseModel(inputs, hidden, inputs);
			const optimizer = tf.train.adam(0.001);
			model.compile({ optimizer, loss: 'meanSquaredError' });
			const x = tf.zeros([2, inputs]);
			await model.trainOnBatch(x, x);
			const t0 = performance.now();
			const weightsOnly = await saveCheckpoint({
				db,
				modelId,
				models: { model },
				optimizers: {},
				...meta(1)
			});
			const t1 = performance.now();
			const full = await saveCheckpoint({
				db,
				modelId,
				models: { model },
				optimizers: { model: optimizer },
				...meta(2)
			});
			const t2 = performance.now();
			const loaded = await loadCheckpoint(modelId, undefined, { db });
			const t3 = performance.now();
			expect(loaded?.checkpoint.id).toBe(full.id);
			console.log(
				`[store bench] ${label}: weights ${(weightsOnly.byteLength / 1e6).toFixed(2)} MB saved in ${(t1 - t0).toFixed(0)} ms; ` +
					`weights+Adam ${(full.byteLength / 1e6).toFixed(2)} MB (${full.chunkKeys.length} chunks) saved in ${(t2 - t1).toFixed(0)} ms, loaded in ${(t3 - t2).toFixed(0)} ms`
			);
			model.dispose();
			optimizer.dispose();
			x.dispose();
		}
	});
});

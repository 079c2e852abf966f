/** Sample images (PNG) a model produced during training, by step. */
import { resolveDb, type LatentDb, type SampleRecord } from './db';
import { writeFailure } from './errors';
import { withModelLock } from './locks';

/** Stores (or replaces) the sample of `step` and counts its bytes in the model's size. */
export async function addSample(opts: {
	modelId: string;
	step: number;
	png: Uint8Array;
	db?: LatentDb;
}): Promise<void> {
	const db = await resolveDb(opts.db);
	await withModelLock(opts.modelId, async () => {
		const tx = db.transaction(['models', 'samples'], 'readwrite');
		const done = tx.done;
		done.catch(() => undefined);
		try {
			const model = await tx.objectStore('models').get(opts.modelId);
			if (!model) throw new Error(`no model '${opts.modelId}'`);
			const samples = tx.objectStore('samples');
			const old = await samples.get([opts.modelId, opts.step]);
			await samples.put({
				modelId: opts.modelId,
				step: opts.step,
				png: opts.png,
				createdAt: Date.now()
			});
			const delta = opts.png.byteLength - (old?.png.byteLength ?? 0);
			await tx.objectStore('models').put({ ...model, sizeBytes: model.sizeBytes + delta });
			await done;
		} catch (err) {
			throw await writeFailure(err, tx, done, opts.png.byteLength);
		}
	});
}

/** A model's samples, by step. */
export async function listSamples(
	modelId: string,
	opts: { db?: LatentDb } = {}
): Promise<SampleRecord[]> {
	const db = await resolveDb(opts.db);
	const all = await db.getAllFromIndex('samples', 'modelId', modelId);
	return all.sort((a, b) => a.step - b.step);
}

import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel, latentIOHandler } from '$lib/store';
import { seededValues, useCpu } from '$lib/store/test-helpers';
import { loadGenerator, sampleGrid } from './generate';

beforeAll(useCpu);

/** A tiny latent → 28×28 generator with seeded weights. */
function generator(seed: number): tfl.LayersModel {
	const model = tfl.sequential();
	model.add(tfl.layers.dense({ inputShape: [2], units: 784, activation: 'sigmoid' }));
	setWeights(model, seed);
	return model;
}

function setWeights(model: tfl.LayersModel, seed: number): void {
	const values = model
		.getWeights()
		.map((w, i) => tf.tensor(seededValues(w.size, seed + i), w.shape));
	model.setWeights(values);
	for (const v of values) v.dispose();
}

describe('sampling a user model', () => {
	it('samples the latest checkpoint after more training, and frees the old version', async () => {
		const model = generator(1);
		const { id: modelId } = await createModel({ name: 'gen', kind: 'gan', config: {} });
		const source = { type: 'model', modelId } as const;
		await model.save(latentIOHandler({ modelId }));
		const before = await sampleGrid(source, 2, 7, 2);
		const old = await loadGenerator(source);
		const tensors = tf.memory().numTensors;

		// "More training": new weights saved as a new checkpoint of the same model.
		setWeights(model, 99);
		await model.save(latentIOHandler({ modelId }));
		const after = await sampleGrid(source, 2, 7, 2);

		expect(Array.from(after.grid.data)).not.toEqual(Array.from(before.grid.data));
		expect(await loadGenerator(source)).not.toBe(old);
		// The old version's weights were released, the new one's loaded: the count is unchanged.
		expect(tf.memory().numTensors).toBe(tensors);
		(await loadGenerator(source)).model.dispose();
		model.dispose();
	});
});

import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseModel, useCpu } from '$lib/store/test-helpers';
import { adopt, loadAll } from './load-models';

beforeAll(useCpu);

describe('loading the models of an autoencoder', () => {
	it('gives every model when all loads succeed', async () => {
		const a = denseModel();
		const b = denseModel();
		expect(await loadAll([Promise.resolve(a), Promise.resolve(b)])).toEqual([a, b]);
		a.dispose();
		b.dispose();
	});

	it('frees the model that loaded when the other load fails', async () => {
		const tensors = tf.memory().numTensors;
		const encoder = denseModel();
		const failed = loadAll([Promise.resolve(encoder), Promise.reject(new Error('404'))]);
		await expect(failed).rejects.toThrow('404');
		expect(tf.memory().numTensors).toBe(tensors);
	});

	it('frees the models when they do not make an autoencoder', () => {
		const tensors = tf.memory().numTensors;
		const models: LayersModel[] = [denseModel(), denseModel()];
		expect(() =>
			adopt(models, () => {
				throw new Error('not a VAE encoder');
			})
		).toThrow('not a VAE encoder');
		expect(tf.memory().numTensors).toBe(tensors);
	});
});

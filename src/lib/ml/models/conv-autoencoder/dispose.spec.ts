import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { ConvAutoencoderTrainer } from './train';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

it('dispose() frees every weight of encoder, decoder and the joined model', () => {
	const before = tf.memory().numTensors;
	const trainer = new ConvAutoencoderTrainer({ latentSize: 8, seed: 1 });
	expect(tf.memory().numTensors).toBeGreaterThan(before);
	trainer.dispose();
	expect(tf.memory().numTensors).toBe(before);
});

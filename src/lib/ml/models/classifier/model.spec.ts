import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClassifier, featureExtractor, predictClasses } from './model';
import { ClassifierTrainer } from './train';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** Two separable classes: bright left half vs bright right half. */
function halves(n: number): { x: tf.Tensor4D; labels: Int32Array } {
	const data = new Float32Array(n * 28 * 28);
	const labels = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		labels[i] = i % 2;
		for (let y = 0; y < 28; y++)
			for (let x = 0; x < 28; x++)
				data[i * 784 + y * 28 + x] = x < 14 === (i % 2 === 0) ? 0.9 : 0.1;
	}
	return { x: tf.tensor4d(data, [n, 28, 28, 1]), labels };
}

describe('classifier', () => {
	it('maps 28×28×1 images to logits and exposes its feature layer', () => {
		const m = buildClassifier({ classes: 10, seed: 1, filters: [4, 8], featureSize: 16 });
		const x = tf.zeros([3, 28, 28, 1]);
		const y = m.predict(x) as tf.Tensor;
		expect(y.shape).toEqual([3, 10]);
		const f = featureExtractor(m).predict(x) as tf.Tensor;
		expect(f.shape).toEqual([3, 16]);
		tf.dispose([x, y, f]);
		m.dispose();
	});

	it('learns a separable two-class problem (loss falls, accuracy 100 %)', async () => {
		const before = tf.memory().numTensors;
		const t = new ClassifierTrainer({
			classes: 2,
			seed: 2,
			filters: [4, 8],
			featureSize: 16,
			dropout: 0,
			learningRate: 1e-2
		});
		const { x, labels } = halves(16);
		let first = NaN;
		let last = NaN;
		for (let i = 0; i < 15; i++) {
			const { loss, acc } = t.step({ x, labels });
			const v = (await loss!.data())[0] ?? NaN;
			if (i === 0) first = v;
			last = v;
			tf.dispose([loss!, acc!]);
		}
		expect(last).toBeLessThan(0.3 * first);
		expect(Array.from(predictClasses(t.model, x, 5))).toEqual(Array.from(labels));
		x.dispose();
		t.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses unlabelled batches', () => {
		const t = new ClassifierTrainer({ classes: 2, filters: [2, 2], featureSize: 4 });
		const x = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
		expect(() => t.step({ x })).toThrow(/labelled/);
		x.dispose();
		t.dispose();
	});
});

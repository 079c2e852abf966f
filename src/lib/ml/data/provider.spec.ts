import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryProvider } from './provider';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

// 10 images of 2×2×1 whose first pixel is the image index, so batches reveal the order.
const images = Uint8Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? i / 4 : 255));
const labels = Uint8Array.from({ length: 10 }, (_, i) => i % 3);

function ids(batch: { x: tf.Tensor4D }): number[] {
	const v = batch.x.dataSync();
	const out: number[] = [];
	for (let i = 0; i < v.length; i += 4) out.push(Math.round((v[i] ?? 0) * 255));
	batch.x.dispose();
	return out;
}

describe('createInMemoryProvider', () => {
	it('yields every example once per epoch, scaled to [0, 1], with labels', () => {
		const p = createInMemoryProvider({ images, labels, shape: [2, 2, 1], seed: 1 });
		expect(p.size).toBe(10);
		const b = p.nextBatch(10);
		expect(b.x.shape).toEqual([10, 2, 2, 1]);
		expect(tf.max(b.x).dataSync()[0]).toBe(1);
		const got = ids(b);
		expect([...got].sort((a, c) => a - c)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(got).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(Array.from(b.labels ?? [])).toEqual(got.map((i) => i % 3));
		p.dispose();
	});

	it('is reproducible per seed and reshuffles each epoch', () => {
		const a = createInMemoryProvider({ images, shape: [2, 2, 1], seed: 5 });
		const b = createInMemoryProvider({ images, shape: [2, 2, 1], seed: 5 });
		const e1 = ids(a.nextBatch(10));
		expect(ids(b.nextBatch(10))).toEqual(e1);
		const e2 = ids(a.nextBatch(10));
		expect(a.epoch).toBe(1);
		expect(e2).not.toEqual(e1);
		a.reset(5);
		expect(ids(a.nextBatch(10))).toEqual(e1);
	});

	it('restores a saved cursor so resumed training sees the same batches', () => {
		const a = createInMemoryProvider({ images, shape: [2, 2, 1], seed: 9 });
		ids(a.nextBatch(7));
		ids(a.nextBatch(7)); // crosses into epoch 1
		const saved = JSON.parse(JSON.stringify(a.state()));
		const expected = [ids(a.nextBatch(4)), ids(a.nextBatch(6))];
		const b = createInMemoryProvider({ images, shape: [2, 2, 1], seed: 0 });
		b.restore(saved);
		expect([ids(b.nextBatch(4)), ids(b.nextBatch(6))]).toEqual(expected);
		expect(() => b.restore({ seed: 1, epoch: 0, cursor: 11 })).toThrow(/outside/);
	});

	it('does not leak tensors beyond the batch it returns', () => {
		const p = createInMemoryProvider({ images, shape: [2, 2, 1], seed: 2 });
		const before = tf.memory().numTensors;
		const b = p.nextBatch(3);
		expect(tf.memory().numTensors).toBe(before + 1);
		b.x.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses images that do not fit the shape', () => {
		expect(() =>
			createInMemoryProvider({ images: new Uint8Array(7), shape: [2, 2, 1], seed: 0 })
		).toThrow(/multiple/);
	});
});

import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '$lib/ml/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBuilder } from '$lib/ml/models/catalog';
import { buildClassifier, predictClasses } from '$lib/ml/models/classifier/model';
import { FAMILY_SPECS, normaliseParams } from '$lib/ml/models/specs';
import {
	generatedClassHistogram,
	HISTOGRAM_SAMPLES,
	interpolateProbe,
	labOwns,
	latentSnapshot,
	noteLabStep,
	openLabSession,
	releaseLabSession
} from './lab';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

/** n random 28×28 byte images with labels 0..9. */
function fakeSet(n: number) {
	const images = Uint8Array.from({ length: n * 784 }, (_, i) => (i * 2654435761) % 256);
	const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
	return { images, labels };
}

describe('lab session (worker)', () => {
	it('encodes the probe to 2-D, interpolates between two probe images, and frees everything', async () => {
		const before = tf.memory().numTensors;
		const family = findBuilder('dense-ae')!;
		const trainer = family.create(normaliseParams(FAMILY_SPECS['dense-ae']!, { latentSize: 6 }), 1);
		const { images, labels } = fakeSet(300);
		openLabSession({ trainer, family, images, labels, side: 28 });
		expect(labOwns(trainer)).toBe(true);

		const snap = await latentSnapshot(7);
		expect(snap.step).toBe(7);
		expect(snap.xy.length).toBe(600);
		expect(snap.method).toBe('pca');
		expect(snap.latentSize).toBe(6);
		expect(Array.from(snap.labels!.subarray(0, 3))).toEqual([0, 1, 2]);
		expect(snap.images.length).toBe(300 * 784);
		// On demand (no step given) a snapshot reports how far training got.
		noteLabStep(trainer, 12);
		expect((await latentSnapshot()).step).toBe(12);

		// The walk's ends are the reconstructions of the two images.
		const grid = await interpolateProbe(3, 40, 5);
		expect(grid.count).toBe(5);
		const x = tf.tidy(() =>
			tf.div(tf.tensor4d(Float32Array.from(images.subarray(3 * 784, 4 * 784)), [1, 28, 28, 1]), 255)
		);
		const rec = family.preview(trainer, x as tf.Tensor4D, 1);
		const recBytes = tf.tidy(() =>
			tf.cast(tf.mul(tf.clipByValue(rec[1]!.images, 0, 1), 255), 'int32').dataSync()
		);
		let worst = 0;
		for (let i = 0; i < 784; i++) worst = Math.max(worst, Math.abs(recBytes[i]! - grid.data[i]!));
		expect(worst).toBeLessThanOrEqual(1);
		tf.dispose([x, ...rec.map((r) => r.images)]);
		await expect(interpolateProbe(0, 300, 3)).rejects.toThrow(RangeError);

		releaseLabSession();
		expect(labOwns(trainer)).toBe(false);
		expect(tf.memory().numTensors).toBe(before);
		await expect(latentSnapshot()).rejects.toThrow(/Train an autoencoder/);
	});

	it('counts generated samples by class, exactly as classifying them one by one', async () => {
		const family = findBuilder('gan')!;
		const trainer = family.create(normaliseParams(FAMILY_SPECS.gan!, { latentSize: 8 }), 3);
		const classifier = buildClassifier({ seed: 5, dropout: 0 });
		const before = tf.memory().numTensors;
		const counts = await generatedClassHistogram(trainer, family, 11, classifier);
		expect(tf.memory().numTensors).toBe(before);
		expect(counts.length).toBe(10);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(HISTOGRAM_SAMPLES);
		// Brute force: the same seeded batches, classified directly.
		const expected = new Array(10).fill(0);
		for (let i = 0; i < HISTOGRAM_SAMPLES; i += 100) {
			const g = family.generate!(trainer, 100, 11 + i);
			for (const c of predictClasses(classifier, g)) expected[c]++;
			g.dispose();
		}
		expect(counts).toEqual(expected);
		// A GAN gets no lab session (nothing to encode).
		openLabSession({ trainer, family, images: new Uint8Array(784), side: 28 });
		expect(labOwns(trainer)).toBe(false);
		classifier.dispose();
		trainer.dispose();
	});
});

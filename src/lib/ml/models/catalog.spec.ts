import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../kernels';
import { findBuilder } from './catalog';
import { FAMILY_SPECS, normaliseParams } from './specs';

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

function batch(n: number): tf.Tensor4D {
	return tf.tidy(() =>
		tf.div(tf.floor(tf.randomUniform([n, 28, 28, 1], 0, 256, 'float32', 1)), 255)
	);
}

describe('model catalog', () => {
	for (const kind of Object.keys(FAMILY_SPECS)) {
		it(`${kind}: builds, steps with the spec's loss names, previews and disposes without leaks`, () => {
			const spec = FAMILY_SPECS[kind]!;
			const builder = findBuilder(kind);
			expect(builder, `no builder for ${kind}`).toBeDefined();
			const params = normaliseParams(spec, { latentSize: 8 });
			const before = tf.memory().numTensors;
			const trainer = builder!.create(params, 1);
			const x = batch(4);
			const losses = trainer.step({ x });
			expect(Object.keys(losses).sort()).toEqual([...spec.losses].sort());
			for (const l of Object.values(losses)) {
				expect(Number.isFinite(l.dataSync()[0])).toBe(true);
				l.dispose();
			}
			const rows = builder!.preview(trainer, x, 1);
			expect(rows.length).toBeGreaterThan(0);
			for (const r of rows) {
				expect(r.images.shape.slice(1)).toEqual([28, 28, 1]);
				const values = r.images.dataSync();
				expect(Math.min(...values)).toBeGreaterThanOrEqual(-1e-6);
				expect(Math.max(...values)).toBeLessThanOrEqual(1 + 1e-6);
				r.images.dispose();
			}
			x.dispose();
			trainer.dispose();
			expect(tf.memory().numTensors).toBe(before);
		});
	}

	for (const kind of Object.keys(FAMILY_SPECS)) {
		it(`${kind}: offers the lab views its kind calls for (latent codes or generated samples)`, () => {
			const builder = findBuilder(kind)!;
			const isGan = kind === 'gan' || kind === 'dcgan';
			expect(Boolean(builder.generate)).toBe(isGan);
			expect(Boolean(builder.latent)).toBe(!isGan);
			const trainer = builder.create(normaliseParams(FAMILY_SPECS[kind]!, { latentSize: 5 }), 2);
			const before = tf.memory().numTensors;
			if (builder.latent) {
				const x = batch(3);
				const z = builder.latent.encode(trainer, x);
				expect(z.shape).toEqual([3, 5]);
				const y = builder.latent.decode(trainer, z);
				expect(y.shape).toEqual([3, 28, 28, 1]);
				// Decoding the codes is the reconstruction the preview shows (no noise involved).
				const rows = builder.preview(trainer, x, 2);
				const rec = rows.find((r) => r.label === 'reconstruction')!.images;
				if (!rows.some((r) => r.label === 'noisy input')) {
					const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(rec, y))).dataSync()[0]!);
					expect(diff).toBeLessThan(1e-4);
				}
				tf.dispose([x, z, y, ...rows.map((r) => r.images)]);
			} else {
				const g = builder.generate!(trainer, 6, 9);
				expect(g.shape).toEqual([6, 28, 28, 1]);
				const again = builder.generate!(trainer, 6, 9);
				expect(tf.tidy(() => tf.max(tf.abs(tf.sub(g, again))).dataSync()[0])).toBe(0);
				tf.dispose([g, again]);
			}
			expect(tf.memory().numTensors).toBe(before);
			trainer.dispose();
		});
	}

	it('normaliseParams clamps, rounds and fills defaults', () => {
		const spec = FAMILY_SPECS['conv-dae']!;
		const p = normaliseParams(spec, {
			latentSize: '1000',
			noise: 'bogus',
			noiseLevel: '0.5',
			seed: '3.7'
		});
		expect(p.latentSize).toBe(256);
		expect(p.noise).toBe('gaussian');
		expect(p.noiseLevel).toBe(0.5);
		expect(p.seed).toBe(4);
		expect(p.batchSize).toBe(64);
	});
});

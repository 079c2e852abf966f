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

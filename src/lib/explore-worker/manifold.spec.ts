import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseCloud, runManifold } from './manifold';
import type { ExploreEvent } from './protocol';

describe('manifold view', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('scales a cloud into [0.05, 0.95] keeping its shape', () => {
		const s = normaliseCloud(Float32Array.from([0, 0, 0, 10, 5, 0]), 3);
		expect(Math.min(...s)).toBeCloseTo(0.05);
		expect(Math.max(...s)).toBeCloseTo(0.95);
		// One scale for all axes: y spans half of x.
		expect((s[4]! - s[1]!) / (s[3]! - s[0]!)).toBeCloseTo(0.5);
	});

	it('the Isomap-regularised AE unrolls the swiss roll that PCA and the plain AE do not', async () => {
		const before = tf.memory().numTensors;
		const events: ExploreEvent[] = [];
		const r = await runManifold({ kind: 'swiss-roll', n: 1000, steps: 400, seed: 1 }, (e) =>
			events.push(e)
		);
		expect(r.pca.length).toBe(2000);
		expect(r.ae.length).toBe(2000);
		expect(r.grae?.length).toBe(2000);
		expect([...r.ae, ...r.grae!].every(Number.isFinite)).toBe(true);
		expect(r.aeLoss).toBeLessThan(0.05);
		// The embedding term costs the GRAE little reconstruction.
		expect(r.graeLoss).toBeLessThan(0.01);
		const kept = r.neighboursKept!;
		expect(kept.grae).toBeGreaterThan(0.75);
		expect(kept.grae!).toBeGreaterThan(kept.ae + 0.15);
		expect(kept.grae!).toBeGreaterThan(kept.pca + 0.3);
		expect(events.some((e) => e.type === 'progress' && e.done === 400)).toBe(true);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('has no sheet score for the flower bud, which is not a flat sheet bent', async () => {
		const bud = await runManifold({ kind: 'flower-bud', n: 300, steps: 25, seed: 2 }, () => {});
		expect(bud.neighboursKept).toBeUndefined();
		expect(bud.grae?.length).toBe(600);
	});
});

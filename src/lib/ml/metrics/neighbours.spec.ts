import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { nearestRows, neighbourAgreement } from './neighbours';

describe('neighbour agreement', () => {
	const rng = createRng(7);
	const pts = Float32Array.from({ length: 200 * 2 }, () => rng.next());

	it('finds the same nearest rows as sorting all distances', () => {
		for (const i of [0, 57, 199]) {
			const all = Array.from({ length: 200 }, (_, j) => j)
				.filter((j) => j !== i)
				.map((j) => [
					(pts[2 * i]! - pts[2 * j]!) ** 2 + (pts[2 * i + 1]! - pts[2 * j + 1]!) ** 2,
					j
				]);
			all.sort((a, b) => a[0]! - b[0]!);
			const r = nearestRows(pts, 2, i, 7);
			expect([...r.index]).toEqual(all.slice(0, 7).map((p) => p[1]));
			expect(r.squaredDistance[6]).toBeCloseTo(all[6]![0]!, 6);
		}
	});

	it('is 1 for an embedding that only rotates, scales and shifts the points', () => {
		const moved = new Float32Array(pts.length);
		for (let i = 0; i < 200; i++) {
			moved[2 * i] = 3 * (0.6 * pts[2 * i]! - 0.8 * pts[2 * i + 1]!) + 5;
			moved[2 * i + 1] = 3 * (0.8 * pts[2 * i]! + 0.6 * pts[2 * i + 1]!) - 2;
		}
		expect(neighbourAgreement(pts, 2, moved, 2)).toBeCloseTo(1, 6);
	});

	it('is near chance (k / n) for an unrelated embedding', () => {
		const other = Float32Array.from({ length: 200 }, () => rng.next());
		const a = neighbourAgreement(pts, 2, other, 1, { k: 10 });
		expect(a).toBeLessThan(0.15);
		expect(a).toBeGreaterThanOrEqual(0);
	});

	it('refuses embeddings of different point counts', () => {
		expect(() => neighbourAgreement(pts, 2, new Float32Array(10), 2)).toThrow(RangeError);
	});
});

import { describe, expect, it } from 'vitest';
import { makeToy3d, type Toy3dKind } from './toy3d';

describe('toy 3-D clouds', () => {
	it.each<Toy3dKind>(['swiss-roll', 's-curve', 'flower-bud'])('%s is seeded and finite', (kind) => {
		const a = makeToy3d(kind, { n: 500, seed: 4, noise: 0.05 });
		const b = makeToy3d(kind, { n: 500, seed: 4, noise: 0.05 });
		const c = makeToy3d(kind, { n: 500, seed: 5, noise: 0.05 });
		expect(a.points.length).toBe(1500);
		expect(a.t.length).toBe(500);
		expect(Array.from(a.points)).toEqual(Array.from(b.points));
		expect(Array.from(a.points)).not.toEqual(Array.from(c.points));
		expect(a.points.every(Number.isFinite)).toBe(true);
	});

	it('puts swiss-roll points on the spiral r = t (without noise)', () => {
		const { points, t } = makeToy3d('swiss-roll', { n: 200, seed: 1 });
		for (let i = 0; i < 200; i++) {
			const r = Math.hypot(points[3 * i] ?? 0, points[3 * i + 2] ?? 0);
			expect(r).toBeCloseTo(t[i] ?? 0, 4);
		}
	});

	it('closes the flower bud at top and bottom', () => {
		const { points, t } = makeToy3d('flower-bud', { n: 2000, seed: 2 });
		let maxR = 0;
		for (let i = 0; i < 2000; i++) {
			const r = Math.hypot(points[3 * i] ?? 0, points[3 * i + 2] ?? 0);
			maxR = Math.max(maxR, r);
			if ((t[i] ?? 0) < 0.02) expect(r).toBeLessThan(0.06);
		}
		expect(maxR).toBeGreaterThan(0.9);
	});
});

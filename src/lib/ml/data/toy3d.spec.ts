import { describe, expect, it } from 'vitest';
import { makeToy3d, swissRollArcLength, type Toy3dKind } from './toy3d';

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

	it('gives the flat-sheet coordinates of the swiss roll and S-curve, and none for the bud', () => {
		const roll = makeToy3d('swiss-roll', { n: 300, seed: 1 });
		const sheet = roll.sheet!;
		expect(sheet.length).toBe(600);
		// Arc length grows with t (numerically: sum of small chords), height is y.
		const t0 = 1.5 * Math.PI;
		for (let i = 0; i < 300; i++) {
			const t = roll.t[i]!;
			let arc = 0;
			const steps = 2000;
			for (let s = 0; s < steps; s++) {
				const a = t0 + ((t - t0) * s) / steps;
				const b = t0 + ((t - t0) * (s + 1)) / steps;
				arc += Math.hypot(b * Math.cos(b) - a * Math.cos(a), b * Math.sin(b) - a * Math.sin(a));
			}
			expect(sheet[2 * i]! - swissRollArcLength(t0)).toBeCloseTo(arc, 2);
			expect(sheet[2 * i + 1]).toBeCloseTo(roll.points[3 * i + 1]!, 5);
		}
		expect(makeToy3d('s-curve', { n: 10, seed: 1 }).sheet?.length).toBe(20);
		expect(makeToy3d('flower-bud', { n: 10, seed: 1 }).sheet).toBeUndefined();
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

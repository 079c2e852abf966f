import { describe, expect, it } from 'vitest';
import { extent, fitScale, nearestPoint, orbitView, rampColour } from './scatter';

describe('scatter helpers', () => {
	it('fits data into the box with equal aspect, y up, centred', () => {
		const xy = [0, 0, 10, 5];
		const s = fitScale(xy, 120, 120, 10);
		expect(s.x(0)).toBeCloseTo(10);
		expect(s.x(10)).toBeCloseTo(110);
		// Same scale on y (10 px per unit), centred vertically, larger y drawn higher.
		expect(s.y(0) - s.y(5)).toBeCloseTo(50);
		expect((s.y(0) + s.y(5)) / 2).toBeCloseTo(60);
	});

	it('survives a degenerate cloud and non-finite values', () => {
		const s = fitScale([3, 3, 3, 3, NaN, 1], 100, 100);
		expect(Number.isFinite(s.x(3))).toBe(true);
		expect(Number.isFinite(s.y(3))).toBe(true);
	});

	it('picks the nearest point within the radius only', () => {
		const xy = [0, 0, 10, 10];
		const s = fitScale(xy, 100, 100, 0);
		expect(nearestPoint(xy, s, 99, 1)).toBe(1);
		expect(nearestPoint(xy, s, 2, 98)).toBe(0);
		expect(nearestPoint(xy, s, 50, 50, 5)).toBe(-1);
	});

	it('ramps colours and finds extents', () => {
		expect(rampColour(0)).toBe('rgb(68, 1, 84)');
		expect(rampColour(1)).toBe('rgb(253, 231, 37)');
		expect(rampColour(2)).toBe(rampColour(1));
		expect(extent([3, -1, NaN, 7])).toEqual([-1, 7]);
		expect(extent([])).toEqual([0, 1]);
	});

	it('views 3-D points from an orbiting camera', () => {
		const pts = [1, 0, 0, 0, 1, 0, 0, 0, 1];
		// Straight on: x right, y up, z (depth) hidden.
		expect(Array.from(orbitView(pts, 0, 0))).toEqual([1, 0, 0, 1, 0, 0]);
		// A quarter turn brings z to the right; x goes into the screen.
		const q = orbitView(pts, 90, 0);
		expect(q[0]).toBeCloseTo(0, 6);
		expect(q[4]).toBeCloseTo(1, 6);
		// Looking down from 90° above: depth becomes the vertical axis and y vanishes.
		const top = orbitView(pts, 0, 90);
		expect(top[3]).toBeCloseTo(0, 6);
		expect(top[5]).toBeCloseTo(1, 6);
		// A turn about the vertical axis keeps heights and the horizontal distance from the axis.
		const r = orbitView([3, 2, 4], 37, 0);
		expect(r[1]).toBeCloseTo(2, 6);
		expect(Math.abs(r[0]!)).toBeLessThanOrEqual(5 + 1e-6);
	});
});

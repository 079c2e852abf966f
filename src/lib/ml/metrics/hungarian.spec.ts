import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { hungarian } from './hungarian';

function bruteForce(cost: number[][]): number {
	const n = cost.length;
	let best = Infinity;
	const perm = (used: boolean[], i: number, acc: number): void => {
		if (i === n) {
			best = Math.min(best, acc);
			return;
		}
		for (let j = 0; j < n; j++) {
			if (used[j]) continue;
			used[j] = true;
			perm(used, i + 1, acc + (cost[i]?.[j] ?? 0));
			used[j] = false;
		}
	};
	perm(new Array<boolean>(n).fill(false), 0, 0);
	return best;
}

describe('hungarian', () => {
	it('solves a known 3×3 cost matrix', () => {
		const { assignment, cost } = hungarian([
			[4, 1, 3],
			[2, 0, 5],
			[3, 2, 2]
		]);
		expect(assignment).toEqual([1, 0, 2]);
		expect(cost).toBe(5);
	});

	it('handles rectangular matrices both ways', () => {
		expect(
			hungarian([
				[5, 1, 9],
				[1, 8, 9]
			])
		).toEqual({ assignment: [1, 0], cost: 2 });
		// Two optimal answers tie at cost 1 here; either must leave exactly one row unassigned.
		const tall = hungarian([
			[5, 1],
			[1, 8],
			[0, 0]
		]);
		expect(tall.cost).toBe(1);
		expect(tall.assignment.filter((j) => j === -1)).toHaveLength(1);
		expect(new Set(tall.assignment.filter((j) => j >= 0))).toEqual(new Set([0, 1]));
	});

	it('matches brute force on random 6×6 matrices', () => {
		const rng = createRng(12);
		for (let t = 0; t < 20; t++) {
			const cost = Array.from({ length: 6 }, () =>
				Array.from({ length: 6 }, () => rng.int(20) - 5)
			);
			const got = hungarian(cost);
			expect(got.cost).toBe(bruteForce(cost));
			expect(new Set(got.assignment).size).toBe(6);
		}
	});
});

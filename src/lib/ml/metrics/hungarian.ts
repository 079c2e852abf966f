/**
 * The Hungarian algorithm (Kuhn 1955; Munkres 1957) for the assignment problem, in the O(n²m)
 * shortest-augmenting-path form with row/column potentials (Jonker–Volgenant style).
 */

/** Minimum-cost assignment of rows to distinct columns of a rows×cols cost matrix (rows ≤ cols is not required). */
export function hungarian(cost: readonly (readonly number[])[]): {
	assignment: number[];
	cost: number;
} {
	const rows = cost.length;
	const cols = rows === 0 ? 0 : (cost[0]?.length ?? 0);
	if (cost.some((r) => r.length !== cols))
		throw new RangeError('cost matrix rows differ in length');
	if (rows === 0 || cols === 0) return { assignment: new Array<number>(rows).fill(-1), cost: 0 };
	// Transposing when rows > cols keeps n ≤ m, which the potential method needs.
	const transposed = rows > cols;
	const n = transposed ? cols : rows;
	const m = transposed ? rows : cols;
	const a = (i: number, j: number): number =>
		(transposed ? cost[j]?.[i] : cost[i]?.[j]) ?? Number.POSITIVE_INFINITY;

	// 1-based arrays as in the classic formulation; index 0 is the virtual start column.
	const u = new Float64Array(n + 1);
	const v = new Float64Array(m + 1);
	const p = new Int32Array(m + 1); // p[j]: row matched to column j
	const way = new Int32Array(m + 1);
	for (let i = 1; i <= n; i++) {
		p[0] = i;
		let j0 = 0;
		const minv = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
		const used = new Uint8Array(m + 1);
		do {
			used[j0] = 1;
			const i0 = p[j0] ?? 0;
			let delta = Number.POSITIVE_INFINITY;
			let j1 = 0;
			for (let j = 1; j <= m; j++) {
				if (used[j]) continue;
				const cur = a(i0 - 1, j - 1) - (u[i0] ?? 0) - (v[j] ?? 0);
				if (cur < (minv[j] ?? Infinity)) {
					minv[j] = cur;
					way[j] = j0;
				}
				if ((minv[j] ?? Infinity) < delta) {
					delta = minv[j] ?? Infinity;
					j1 = j;
				}
			}
			if (!Number.isFinite(delta)) throw new RangeError('cost matrix has no finite assignment');
			for (let j = 0; j <= m; j++) {
				if (used[j]) {
					const pj = p[j] ?? 0;
					u[pj] = (u[pj] ?? 0) + delta;
					v[j] = (v[j] ?? 0) - delta;
				} else minv[j] = (minv[j] ?? 0) - delta;
			}
			j0 = j1;
		} while (p[j0] !== 0);
		do {
			const j1 = way[j0] ?? 0;
			p[j0] = p[j1] ?? 0;
			j0 = j1;
		} while (j0 !== 0);
	}
	const assignment = new Array<number>(rows).fill(-1);
	let total = 0;
	for (let j = 1; j <= m; j++) {
		const i = p[j] ?? 0;
		if (i === 0) continue;
		if (transposed) assignment[j - 1] = i - 1;
		else assignment[i - 1] = j - 1;
		total += a(i - 1, j - 1);
	}
	return { assignment, cost: total };
}

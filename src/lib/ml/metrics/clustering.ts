/**
 * External clustering scores against true labels: normalised mutual information (NMI, arithmetic
 * normalisation as in scikit-learn), the adjusted Rand index (Hubert & Arabie 1985) and clustering
 * accuracy (best one-to-one cluster→class matching, found with the Hungarian algorithm).
 */
import { hungarian } from './hungarian';

type Labels = ArrayLike<number>;

interface Contingency {
	table: number[][];
	rowSums: number[];
	colSums: number[];
	n: number;
}

/** Counts n_ij = |{samples with true class i and predicted cluster j}|. */
export function contingencyTable(truth: Labels, pred: Labels): Contingency {
	if (truth.length !== pred.length) {
		throw new RangeError(`${truth.length} true labels but ${pred.length} predicted labels`);
	}
	const ti = new Map<number, number>();
	const pj = new Map<number, number>();
	const idx = (m: Map<number, number>, k: number): number => {
		let v = m.get(k);
		if (v === undefined) m.set(k, (v = m.size));
		return v;
	};
	const pairs: [number, number][] = [];
	for (let s = 0; s < truth.length; s++)
		pairs.push([idx(ti, truth[s] ?? 0), idx(pj, pred[s] ?? 0)]);
	const table = Array.from({ length: ti.size }, () => new Array<number>(pj.size).fill(0));
	const rowSums = new Array<number>(ti.size).fill(0);
	const colSums = new Array<number>(pj.size).fill(0);
	for (const [i, j] of pairs) {
		const row = table[i];
		if (row) row[j] = (row[j] ?? 0) + 1;
		rowSums[i] = (rowSums[i] ?? 0) + 1;
		colSums[j] = (colSums[j] ?? 0) + 1;
	}
	return { table, rowSums, colSums, n: truth.length };
}

const choose2 = (x: number): number => (x * (x - 1)) / 2;

/** ARI = (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E), E = Σ C(a_i,2)·Σ C(b_j,2) / C(n,2). */
export function ari(truth: Labels, pred: Labels): number {
	const { table, rowSums, colSums, n } = contingencyTable(truth, pred);
	const sumIj = table.flat().reduce((s, x) => s + choose2(x), 0);
	const sumA = rowSums.reduce((s, x) => s + choose2(x), 0);
	const sumB = colSums.reduce((s, x) => s + choose2(x), 0);
	const expected = n > 1 ? (sumA * sumB) / choose2(n) : 0;
	const max = (sumA + sumB) / 2;
	// Both labellings trivial (one cluster each, or all singletons): they agree perfectly.
	if (max === expected) return 1;
	return (sumIj - expected) / (max - expected);
}

/** NMI = I(U; V) / ½(H(U) + H(V)), in [0, 1]; 1 when both labellings are a single cluster. */
export function nmi(truth: Labels, pred: Labels): number {
	const { table, rowSums, colSums, n } = contingencyTable(truth, pred);
	if (n === 0) return 1;
	const entropy = (sums: number[]): number =>
		-sums.reduce((s, c) => (c > 0 ? s + (c / n) * Math.log(c / n) : s), 0);
	const hu = entropy(rowSums);
	const hv = entropy(colSums);
	let mi = 0;
	table.forEach((row, i) =>
		row.forEach((nij, j) => {
			if (nij > 0) mi += (nij / n) * Math.log((n * nij) / ((rowSums[i] ?? 1) * (colSums[j] ?? 1)));
		})
	);
	if (hu === 0 && hv === 0) return 1;
	const denom = (hu + hv) / 2;
	return denom > 0 ? Math.max(0, Math.min(1, mi / denom)) : 0;
}

/** acc = max over one-to-one maps m of (1/n)·Σ [truth_s = m(pred_s)] (Hungarian matching). */
export function clusteringAccuracy(truth: Labels, pred: Labels): number {
	const { table, n } = contingencyTable(truth, pred);
	if (n === 0) return 1;
	// Maximising matches = minimising negated counts; table is classes × clusters.
	const { cost } = hungarian(table.map((row) => row.map((x) => -x)));
	return -cost / n;
}

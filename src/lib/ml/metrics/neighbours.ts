/**
 * k-nearest-neighbour preservation between two embeddings of the same points (the "neighbourhood
 * hit" of embedding evaluation; Venna & Kaski 2006 build trustworthiness on the same sets):
 *   A = mean over points i of |N_k^a(i) ∩ N_k^b(i)| / k,
 * where N_k^a(i) are the k nearest other points of i in embedding a (Euclidean). 1 means every
 * neighbourhood is kept; a folded or flattened embedding mixes far-apart points and scores low.
 */

/** The k nearest other rows to row i of x (Euclidean, brute force), nearest first. */
export function nearestRows(
	x: ArrayLike<number>,
	dims: number,
	i: number,
	k: number
): { index: Int32Array; squaredDistance: Float64Array } {
	const n = x.length / dims;
	const bestD = new Float64Array(k).fill(Infinity);
	const bestJ = new Int32Array(k).fill(-1);
	for (let j = 0; j < n; j++) {
		if (j === i) continue;
		let d = 0;
		for (let c = 0; c < dims; c++) {
			const t = (x[i * dims + c] ?? 0) - (x[j * dims + c] ?? 0);
			d += t * t;
		}
		if (d >= bestD[k - 1]!) continue;
		let p = k - 1;
		while (p > 0 && bestD[p - 1]! > d) {
			bestD[p] = bestD[p - 1]!;
			bestJ[p] = bestJ[p - 1]!;
			p--;
		}
		bestD[p] = d;
		bestJ[p] = j;
	}
	return { index: bestJ, squaredDistance: bestD };
}

export interface NeighbourAgreementOptions {
	/** Neighbours per point (default 10). */
	k?: number;
	/** Score every `stride`-th point only, to bound the O(n²) cost (default 1: all). */
	stride?: number;
}

/** Mean fraction of each point's k nearest neighbours in `a` that are also its k nearest in `b`. */
export function neighbourAgreement(
	a: ArrayLike<number>,
	dimsA: number,
	b: ArrayLike<number>,
	dimsB: number,
	opts: NeighbourAgreementOptions = {}
): number {
	const n = a.length / dimsA;
	if (!Number.isInteger(n) || b.length !== n * dimsB) {
		throw new RangeError(`${a.length}/${dimsA} and ${b.length}/${dimsB} are not the same points`);
	}
	const k = opts.k ?? 10;
	const stride = opts.stride ?? 1;
	if (!(k >= 1 && k < n)) throw new RangeError(`k must be in [1, ${n - 1}], got ${k}`);
	let sum = 0;
	let count = 0;
	for (let i = 0; i < n; i += stride) {
		const na = nearestRows(a, dimsA, i, k).index;
		const nb = new Set(nearestRows(b, dimsB, i, k).index);
		let hits = 0;
		for (const j of na) if (nb.has(j)) hits++;
		sum += hits / k;
		count++;
	}
	return sum / count;
}

/**
 * Landmark Isomap (Tenenbaum, de Silva & Langford 2000, "A Global Geometric Framework for Nonlinear
 * Dimensionality Reduction"; landmark variant: de Silva & Tenenbaum 2003, "Global versus local
 * methods in nonlinear dimensionality reduction"):
 *   1. connect every point to its k nearest neighbours (Euclidean, symmetrised);
 *   2. geodesic distance Δ(i, j) = shortest path in that graph (Dijkstra), from m landmarks only;
 *   3. classical MDS on the landmarks: B = −½·J·Δ²·J, J = I − 11ᵀ/m, top eigenpairs (λ_c, v_c);
 *   4. every point x by distance-based triangulation: y_c = −½·(v_c/√λ_c)ᵀ·(δ²_x − mean_l Δ²_l).
 * Landmarks are chosen max-min (each next one is the point geodesically farthest from those
 * chosen), so they cover the manifold evenly. Memory is m·n, not n², so 5,000 points fit a phone.
 * Plain float64 JS: no tfjs, runs anywhere.
 */
import { symmetricEigen } from '../../linalg/eigen';
import { nearestRows } from '../../metrics/neighbours';

export interface IsomapOptions {
	/** Neighbours per point in the graph (default 10). */
	k?: number;
	/** Output dimensions (default 2). */
	nComponents?: number;
	/** Landmarks (default min(n, 400)); n landmarks is exact Isomap. */
	landmarks?: number;
	/** First landmark's index (default 0); the rest follow max-min. */
	firstLandmark?: number;
	signal?: AbortSignal;
}

export interface IsomapResult {
	/** n×nComponents row-major embedding. */
	embedding: Float32Array;
	nComponents: number;
	/** The landmark MDS eigenvalues used, largest first. */
	eigenvalues: number[];
	/** Indices of the landmarks. */
	landmarks: Int32Array;
}

/** The symmetrised k-nearest-neighbour graph as adjacency lists (neighbour, Euclidean length). */
export function neighbourGraph(
	points: ArrayLike<number>,
	dims: number,
	k: number
): { to: Int32Array[]; length: Float64Array[] } {
	const n = points.length / dims;
	if (!Number.isInteger(n)) throw new RangeError(`${points.length} values are not rows of ${dims}`);
	if (!(k >= 1 && k < n)) throw new RangeError(`k must be in [1, ${n - 1}], got ${k}`);
	const edges: Map<number, number>[] = Array.from({ length: n }, () => new Map());
	for (let i = 0; i < n; i++) {
		const { index, squaredDistance } = nearestRows(points, dims, i, k);
		for (let q = 0; q < k; q++) {
			const j = index[q]!;
			const len = Math.sqrt(squaredDistance[q]!);
			edges[i]!.set(j, len);
			edges[j]!.set(i, len);
		}
	}
	return {
		to: edges.map((m) => Int32Array.from(m.keys())),
		length: edges.map((m) => Float64Array.from(m.values()))
	};
}

/** Shortest-path lengths from `source` to every node (Dijkstra with a binary heap). */
export function geodesicDistances(
	graph: { to: Int32Array[]; length: Float64Array[] },
	source: number
): Float64Array {
	const n = graph.to.length;
	const dist = new Float64Array(n).fill(Infinity);
	// Lazy deletion: a node is pushed once per improvement and stale entries are skipped when
	// popped, so the heap never holds more than one entry per edge (plus the source).
	let edges = 1;
	for (const to of graph.to) edges += to.length;
	const heapNode = new Int32Array(edges);
	const heapKey = new Float64Array(edges);
	let size = 0;
	const push = (node: number, key: number) => {
		let i = size++;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (heapKey[parent]! <= key) break;
			heapNode[i] = heapNode[parent]!;
			heapKey[i] = heapKey[parent]!;
			i = parent;
		}
		heapNode[i] = node;
		heapKey[i] = key;
	};
	const pop = (): number => {
		const top = heapNode[0]!;
		const lastNode = heapNode[--size]!;
		const lastKey = heapKey[size]!;
		let i = 0;
		for (;;) {
			let c = 2 * i + 1;
			if (c >= size) break;
			if (c + 1 < size && heapKey[c + 1]! < heapKey[c]!) c++;
			if (heapKey[c]! >= lastKey) break;
			heapNode[i] = heapNode[c]!;
			heapKey[i] = heapKey[c]!;
			i = c;
		}
		heapNode[i] = lastNode;
		heapKey[i] = lastKey;
		return top;
	};
	const done = new Uint8Array(n);
	dist[source] = 0;
	push(source, 0);
	while (size > 0) {
		const u = pop();
		if (done[u]) continue;
		done[u] = 1;
		const to = graph.to[u]!;
		const len = graph.length[u]!;
		const du = dist[u]!;
		for (let e = 0; e < to.length; e++) {
			const v = to[e]!;
			const dv = du + len[e]!;
			if (dv < dist[v]!) {
				dist[v] = dv;
				push(v, dv);
			}
		}
	}
	return dist;
}

/** Embeds n points of `dims` coordinates with (landmark) Isomap; throws if the graph is split. */
export function fitIsomap(
	points: ArrayLike<number>,
	dims: number,
	opts: IsomapOptions = {}
): IsomapResult {
	const n = points.length / dims;
	const k = opts.k ?? 10;
	const nc = opts.nComponents ?? 2;
	const m = Math.min(n, opts.landmarks ?? 400);
	if (!(nc >= 1 && nc < m)) throw new RangeError(`nComponents must be in [1, ${m - 1}], got ${nc}`);
	const graph = neighbourGraph(points, dims, k);
	opts.signal?.throwIfAborted();

	// Max-min landmarks; row l of `geo` is landmark l's squared geodesic distances to all points.
	const landmarks = new Int32Array(m);
	const geo = new Float64Array(m * n);
	const nearest = new Float64Array(n).fill(Infinity);
	let next = opts.firstLandmark ?? 0;
	for (let l = 0; l < m; l++) {
		landmarks[l] = next;
		const d = geodesicDistances(graph, next);
		let far = -1;
		for (let i = 0; i < n; i++) {
			const di = d[i]!;
			if (di === Infinity) {
				throw new RangeError(
					`the ${k}-nearest-neighbour graph falls apart into pieces: Isomap needs one connected graph (use more neighbours, or more points)`
				);
			}
			geo[l * n + i] = di * di;
			if (di < nearest[i]!) nearest[i] = di;
			if (far < 0 || nearest[i]! > nearest[far]!) far = i;
		}
		next = far;
		if (l % 16 === 15) opts.signal?.throwIfAborted();
	}

	// Classical MDS on the landmark block: B = −½·J·Δ²·J.
	const sq = new Float64Array(m * m);
	for (let a = 0; a < m; a++)
		for (let b = 0; b < m; b++) sq[a * m + b] = geo[a * n + landmarks[b]!]!;
	const rowMean = new Float64Array(m);
	let grand = 0;
	for (let a = 0; a < m; a++) {
		let s = 0;
		for (let b = 0; b < m; b++) s += sq[a * m + b]!;
		rowMean[a] = s / m;
		grand += s;
	}
	grand /= m * m;
	const B = new Float64Array(m * m);
	for (let a = 0; a < m; a++)
		for (let b = 0; b < m; b++)
			B[a * m + b] = -0.5 * (sq[a * m + b]! - rowMean[a]! - rowMean[b]! + grand);
	const eig = symmetricEigen(B, m);
	const eigenvalues: number[] = [];
	for (let c = 0; c < nc; c++) {
		const lambda = eig.values[c]!;
		if (!(lambda > 0))
			throw new RangeError(`the geodesic distances have only ${c} positive directions`);
		eigenvalues.push(lambda);
	}

	// Triangulation: y_c(x) = −½·Σ_l v_c[l]/√λ_c · (δ²_x[l] − rowMean[l]); exact for the landmarks.
	const embedding = new Float32Array(n * nc);
	for (let c = 0; c < nc; c++) {
		const scale = -0.5 / Math.sqrt(eigenvalues[c]!);
		const v = eig.vectors.subarray(c * m, (c + 1) * m);
		for (let i = 0; i < n; i++) {
			let s = 0;
			for (let l = 0; l < m; l++) s += v[l]! * (geo[l * n + i]! - rowMean[l]!);
			embedding[i * nc + c] = scale * s;
		}
	}
	return { embedding, nComponents: nc, eigenvalues, landmarks };
}

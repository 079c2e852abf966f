/**
 * Symmetric eigendecomposition A = V·diag(λ)·Vᵀ in plain float64 JS: Householder reduction to
 * tridiagonal form, then the implicit QL algorithm (Wilkinson & Reinsch, "Handbook for Automatic
 * Computation" vol. II, 1971; this follows JAMA's tred2/tql2, public domain). O(n³): a 784×784
 * covariance takes a few seconds. Runs anywhere (no tfjs), so PCA and the Fréchet distance share it.
 */

/** Eigenvalues in descending order and the matching unit eigenvectors as rows (row i ↔ values[i]). */
export interface SymmetricEigen {
	n: number;
	values: Float64Array;
	/** n×n row-major; row i is the eigenvector of values[i]. */
	vectors: Float64Array;
}

/** Eigendecomposition of the symmetric n×n row-major matrix `a` (only its lower triangle is read). */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
	if (a.length !== n * n)
		throw new RangeError(`expected ${n}×${n} = ${n * n} values, got ${a.length}`);
	const V = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j <= i; j++) V[i * n + j] = V[j * n + i] = a[i * n + j] ?? 0;
	const d = new Float64Array(n);
	const e = new Float64Array(n);
	if (n === 1) {
		return { n, values: Float64Array.of(V[0] ?? 0), vectors: Float64Array.of(1) };
	}
	// Both stages work on the transpose of JAMA's V so every hot loop walks a contiguous row.
	tred2(V, d, e, n);
	tql2(V, d, e, n);
	const W = V;
	const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (d[y] ?? 0) - (d[x] ?? 0));
	const values = new Float64Array(n);
	const vectors = new Float64Array(n * n);
	order.forEach((src, dst) => {
		values[dst] = d[src] ?? 0;
		vectors.set(W.subarray(src * n, (src + 1) * n), dst * n);
	});
	return { n, values, vectors };
}

/** Householder tridiagonalisation: on return d is the diagonal, e the sub-diagonal, V the transform (transposed). */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
	for (let j = 0; j < n; j++) d[j] = V[j * n + (n - 1)]!;
	for (let i = n - 1; i > 0; i--) {
		let scale = 0;
		let h = 0;
		for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
		if (scale === 0) {
			e[i] = d[i - 1]!;
			for (let j = 0; j < i; j++) {
				d[j] = V[j * n + (i - 1)]!;
				V[j * n + i] = 0;
				V[i * n + j] = 0;
			}
		} else {
			for (let k = 0; k < i; k++) {
				d[k] = d[k]! / scale;
				h += d[k]! * d[k]!;
			}
			let f = d[i - 1]!;
			let g = Math.sqrt(h);
			if (f > 0) g = -g;
			e[i] = scale * g;
			h -= f * g;
			d[i - 1] = f - g;
			for (let j = 0; j < i; j++) e[j] = 0;
			for (let j = 0; j < i; j++) {
				f = d[j]!;
				V[i * n + j] = f;
				g = e[j]! + V[j * n + j]! * f;
				for (let k = j + 1; k <= i - 1; k++) {
					g += V[j * n + k]! * d[k]!;
					e[k] = e[k]! + V[j * n + k]! * f;
				}
				e[j] = g;
			}
			f = 0;
			for (let j = 0; j < i; j++) {
				e[j] = e[j]! / h;
				f += e[j]! * d[j]!;
			}
			const hh = f / (h + h);
			for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
			for (let j = 0; j < i; j++) {
				f = d[j]!;
				g = e[j]!;
				for (let k = j; k <= i - 1; k++) V[j * n + k] = V[j * n + k]! - (f * e[k]! + g * d[k]!);
				d[j] = V[j * n + (i - 1)]!;
				V[j * n + i] = 0;
			}
		}
		d[i] = h;
	}
	for (let i = 0; i < n - 1; i++) {
		V[i * n + (n - 1)] = V[i * n + i]!;
		V[i * n + i] = 1;
		const h = d[i + 1]!;
		if (h !== 0) {
			for (let k = 0; k <= i; k++) d[k] = V[(i + 1) * n + k]! / h;
			for (let j = 0; j <= i; j++) {
				let g = 0;
				for (let k = 0; k <= i; k++) g += V[(i + 1) * n + k]! * V[j * n + k]!;
				for (let k = 0; k <= i; k++) V[j * n + k] = V[j * n + k]! - g * d[k]!;
			}
		}
		for (let k = 0; k <= i; k++) V[(i + 1) * n + k] = 0;
	}
	for (let j = 0; j < n; j++) {
		d[j] = V[j * n + (n - 1)]!;
		V[j * n + (n - 1)] = 0;
	}
	V[(n - 1) * n + (n - 1)] = 1;
	e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e); W holds the eigenvectors as rows (the transpose of JAMA's V). */
function tql2(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
	for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
	e[n - 1] = 0;
	let f = 0;
	let tst1 = 0;
	const eps = 2 ** -52;
	for (let l = 0; l < n; l++) {
		tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
		let m = l;
		while (m < n) {
			if (Math.abs(e[m]!) <= eps * tst1) break;
			m++;
		}
		if (m > l) {
			let iter = 0;
			do {
				if (++iter > 60) throw new Error('symmetricEigen: QL iteration did not converge');
				let g = d[l]!;
				let p = (d[l + 1]! - g) / (2 * e[l]!);
				let r = Math.hypot(p, 1);
				if (p < 0) r = -r;
				d[l] = e[l]! / (p + r);
				d[l + 1] = e[l]! * (p + r);
				const dl1 = d[l + 1]!;
				let h = g - d[l]!;
				for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
				f += h;
				p = d[m]!;
				let c = 1;
				let c2 = c;
				let c3 = c;
				const el1 = e[l + 1]!;
				let s = 0;
				let s2 = 0;
				for (let i = m - 1; i >= l; i--) {
					c3 = c2;
					c2 = c;
					s2 = s;
					g = c * e[i]!;
					h = c * p;
					r = Math.hypot(p, e[i]!);
					e[i + 1] = s * r;
					s = e[i]! / r;
					c = p / r;
					p = c * d[i]! - s * g;
					d[i + 1] = h + s * (c * g + s * d[i]!);
					const ri = i * n;
					const ri1 = (i + 1) * n;
					for (let k = 0; k < n; k++) {
						const hk = W[ri1 + k]!;
						const wk = W[ri + k]!;
						W[ri1 + k] = s * wk + c * hk;
						W[ri + k] = c * wk - s * hk;
					}
				}
				p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
				e[l] = s * p;
				d[l] = c * p;
			} while (Math.abs(e[l]!) > eps * tst1);
		}
		d[l] = d[l]! + f;
		e[l] = 0;
	}
}

/** f(A) = V·diag(f(λ))·Vᵀ for a symmetric A given its eigendecomposition (e.g. f = √ for PSD A). */
export function applySpectralFunction(
	eig: SymmetricEigen,
	f: (lambda: number) => number
): Float64Array {
	const { n, values, vectors } = eig;
	const out = new Float64Array(n * n);
	for (let k = 0; k < n; k++) {
		const fk = f(values[k] ?? 0);
		if (fk === 0) continue;
		const row = vectors.subarray(k * n, (k + 1) * n);
		for (let i = 0; i < n; i++) {
			const a = fk * (row[i] ?? 0);
			if (a === 0) continue;
			const oi = i * n;
			for (let j = 0; j < n; j++) out[oi + j] = (out[oi + j] ?? 0) + a * (row[j] ?? 0);
		}
	}
	return out;
}

/** C = A·B for n×n row-major matrices (float64). */
export function matMulSquare(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
	const c = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		for (let k = 0; k < n; k++) {
			const aik = a[i * n + k] ?? 0;
			if (aik === 0) continue;
			for (let j = 0; j < n; j++) c[i * n + j] = (c[i * n + j] ?? 0) + aik * (b[k * n + j] ?? 0);
		}
	}
	return c;
}

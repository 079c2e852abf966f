/**
 * Fréchet distance between two Gaussians fitted to feature sets (Dowson & Landau 1982; used as
 * FID by Heusel et al. 2017): d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2·(Σ₁Σ₂)^½).
 *
 * The trace of the square root avoids a non-symmetric matrix square root: with S = Σ₁^½
 * (symmetric, from an eigendecomposition), Σ₁Σ₂ = S·(SΣ₂S)·S⁻¹ is similar to the symmetric PSD
 * matrix M = SΣ₂S, so tr((Σ₁Σ₂)^½) = Σᵢ √λᵢ(M). Both steps use the symmetric eigen solver; tiny
 * negative eigenvalues from rounding are clamped to 0.
 */
import { applySpectralFunction, matMulSquare, symmetricEigen } from '../linalg/eigen';

/** Mean and (unbiased, n − 1) covariance of n×d row-major features, in float64. */
export function meanAndCovariance(
	features: ArrayLike<number>,
	dims: number
): { mean: Float64Array; cov: Float64Array; n: number } {
	if (dims < 1 || features.length % dims !== 0) {
		throw new RangeError(`${features.length} values do not split into rows of ${dims}`);
	}
	const n = features.length / dims;
	if (n < 2) throw new RangeError('need at least two samples for a covariance');
	const mean = new Float64Array(dims);
	for (let s = 0; s < n; s++)
		for (let j = 0; j < dims; j++) mean[j] = (mean[j] ?? 0) + (features[s * dims + j] ?? 0) / n;
	const cov = new Float64Array(dims * dims);
	const row = new Float64Array(dims);
	for (let s = 0; s < n; s++) {
		for (let j = 0; j < dims; j++) row[j] = (features[s * dims + j] ?? 0) - (mean[j] ?? 0);
		for (let i = 0; i < dims; i++) {
			const ri = row[i] ?? 0;
			for (let j = 0; j <= i; j++)
				cov[i * dims + j] = (cov[i * dims + j] ?? 0) + ri * (row[j] ?? 0);
		}
	}
	for (let i = 0; i < dims; i++)
		for (let j = 0; j <= i; j++)
			cov[i * dims + j] = cov[j * dims + i] = (cov[i * dims + j] ?? 0) / (n - 1);
	return { mean, cov, n };
}

/** d² = ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2·tr((Σ₁Σ₂)^½) for given Gaussian statistics. */
export function frechetDistanceFromStats(
	mu1: ArrayLike<number>,
	cov1: ArrayLike<number>,
	mu2: ArrayLike<number>,
	cov2: ArrayLike<number>
): number {
	const d = mu1.length;
	if (mu2.length !== d || cov1.length !== d * d || cov2.length !== d * d) {
		throw new RangeError(`statistics disagree on dimension (expected ${d} and ${d * d} values)`);
	}
	let meanTerm = 0;
	let trace = 0;
	for (let i = 0; i < d; i++) {
		meanTerm += ((mu1[i] ?? 0) - (mu2[i] ?? 0)) ** 2;
		trace += (cov1[i * d + i] ?? 0) + (cov2[i * d + i] ?? 0);
	}
	const s = applySpectralFunction(symmetricEigen(cov1, d), (l) => Math.sqrt(Math.max(l, 0)));
	const m = matMulSquare(matMulSquare(s, cov2, d), s, d);
	// Symmetrise away rounding before the symmetric solver reads the lower triangle.
	for (let i = 0; i < d; i++)
		for (let j = 0; j < i; j++)
			m[i * d + j] = m[j * d + i] = ((m[i * d + j] ?? 0) + (m[j * d + i] ?? 0)) / 2;
	const traceSqrt = symmetricEigen(m, d).values.reduce(
		(acc, l) => acc + Math.sqrt(Math.max(l, 0)),
		0
	);
	return Math.max(0, meanTerm + trace - 2 * traceSqrt);
}

/** Fréchet distance between Gaussians fitted to two n×d feature sets (same d, any n ≥ 2). */
export function frechetDistance(a: ArrayLike<number>, b: ArrayLike<number>, dims: number): number {
	const sa = meanAndCovariance(a, dims);
	const sb = meanAndCovariance(b, dims);
	return frechetDistanceFromStats(sa.mean, sa.cov, sb.mean, sb.cov);
}

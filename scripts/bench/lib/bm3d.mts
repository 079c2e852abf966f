/**
 * BM3D (Dabov, Foi, Katkovnik & Egiazarian, "Image denoising by sparse 3-D transform-domain
 * collaborative filtering", IEEE TIP 2007), written for bench:photos from the paper and Lebrun's
 * analysis (IPOL 2012), as the strongest classical reference for the denoiser: the target
 * is anchored on BM3D's BSD68 score, and measuring BM3D on the same held-out images says how hard
 * they are. One grey image, Float32Array in [0, 1], row-major.
 *
 * Variant: an 8×8 DCT in both steps (the paper's first step uses a biorthogonal wavelet), a
 * normalised Walsh–Hadamard (Haar) transform along each group, Kaiser-window aggregation. The
 * parameters are the paper's "normal profile" for σ ≤ 40; beyond that only the matching
 * thresholds grow as in its σ > 40 profile (the patches stay 8×8).
 */

const N = 8;
const P = N * N;

/** Orthonormal DCT-II matrix, row k = frequency. */
const D = (() => {
	const d = new Float64Array(P);
	for (let k = 0; k < N; k++)
		for (let n = 0; n < N; n++)
			d[k * N + n] =
				Math.sqrt((k === 0 ? 1 : 2) / N) * Math.cos(((2 * n + 1) * k * Math.PI) / (2 * N));
	return d;
})();

/** Modified Bessel function of the first kind, order 0 (for the Kaiser window). */
function besselI0(x: number): number {
	let sum = 1;
	let term = 1;
	for (let k = 1; k < 30; k++) {
		term *= (x / (2 * k)) ** 2;
		sum += term;
	}
	return sum;
}

/** 2-D Kaiser window: patch edges count less where patches overlap (fewer block artefacts). */
function kaiser(beta: number): Float64Array {
	const w1 = Array.from(
		{ length: N },
		(_, n) => besselI0(beta * Math.sqrt(1 - ((2 * n) / (N - 1) - 1) ** 2)) / besselI0(beta)
	);
	const w = new Float64Array(P);
	for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) w[i * N + j] = w1[i]! * w1[j]!;
	return w;
}

/** The 2-D DCT of every 8×8 patch, indexed by its top-left corner (r · (w − 7) + c) × 64. */
function patchDcts(x: Float32Array, w: number, h: number): Float32Array {
	const pw = w - N + 1;
	const ph = h - N + 1;
	const out = new Float32Array(pw * ph * P);
	const rowsDone = new Float64Array(P);
	for (let r = 0; r < ph; r++)
		for (let c = 0; c < pw; c++) {
			for (let k = 0; k < N; k++)
				for (let j = 0; j < N; j++) {
					let s = 0;
					for (let n = 0; n < N; n++) s += D[k * N + n]! * x[(r + n) * w + c + j]!;
					rowsDone[k * N + j] = s;
				}
			const o = (r * pw + c) * P;
			for (let k = 0; k < N; k++)
				for (let l = 0; l < N; l++) {
					let s = 0;
					for (let n = 0; n < N; n++) s += rowsDone[k * N + n]! * D[l * N + n]!;
					out[o + k * N + l] = s;
				}
		}
	return out;
}

/** Inverse 2-D DCT of the 64 coefficients at `coef[off…]` into `out`. */
function inverseDct(coef: Float64Array, off: number, out: Float64Array): void {
	const tmp = new Float64Array(P);
	for (let n = 0; n < N; n++)
		for (let l = 0; l < N; l++) {
			let s = 0;
			for (let k = 0; k < N; k++) s += D[k * N + n]! * coef[off + k * N + l]!;
			tmp[n * N + l] = s;
		}
	for (let n = 0; n < N; n++)
		for (let m = 0; m < N; m++) {
			let s = 0;
			for (let l = 0; l < N; l++) s += tmp[n * N + l]! * D[l * N + m]!;
			out[n * N + m] = s;
		}
}

/** Orthonormal Walsh–Hadamard transform of v[0…k) in place (k a power of two; its own inverse). */
function hadamard(v: Float64Array, k: number): void {
	for (let len = 1; len < k; len <<= 1)
		for (let i = 0; i < k; i += len << 1)
			for (let j = i; j < i + len; j++) {
				const a = v[j]!;
				const b = v[j + len]!;
				v[j] = a + b;
				v[j + len] = a - b;
			}
	const s = 1 / Math.sqrt(k);
	for (let i = 0; i < k; i++) v[i]! *= s;
}

/**
 * Shrinks, in place, one column of a group's 3-D spectrum: `column[g]` (g < k) is DCT coefficient
 * `j` of the group's patches after the transform along the group; `guide` is the same for the
 * patches the group was matched on. Returns its share of the group's weight denominator (the
 * aggregation weight is 1 / the sum over the group's columns).
 */
type ShrinkColumn = (column: Float64Array, guide: Float64Array, k: number, j: number) => number;

interface StageOptions {
	radius: number;
	step: number;
	maxGroup: number;
	/** Largest mean squared distance per pixel (in [0, 255]² units) for a patch to join a group. */
	tau: number;
}

/** One BM3D step: group similar patches of `guide`, shrink them in `noisy`, aggregate. */
function collaborativeFilter(
	noisy: Float32Array,
	guide: Float32Array,
	w: number,
	h: number,
	o: StageOptions,
	shrink: ShrinkColumn
): Float32Array {
	if (w < N || h < N) throw new RangeError(`BM3D needs at least ${N}×${N} pixels, got ${w}×${h}`);
	const pw = w - N + 1;
	const ph = h - N + 1;
	const tn = patchDcts(noisy, w, h);
	const guided = guide !== noisy;
	const tg = guided ? patchDcts(guide, w, h) : tn;
	const window = kaiser(2);
	const tau = (o.tau / 255 / 255) * P;
	const num = new Float64Array(w * h);
	const den = new Float64Array(w * h);
	const positions = (last: number) => {
		const at: number[] = [];
		for (let i = 0; i < last; i += o.step) at.push(i);
		// The last row and column of patches too, so every pixel is covered.
		if (at.at(-1) !== last - 1) at.push(last - 1);
		return at;
	};
	const side = 2 * o.radius + 1;
	const candDist = new Float64Array(side * side);
	const candAt = new Int32Array(side * side);
	const group = new Float64Array(o.maxGroup * P);
	const column = new Float64Array(o.maxGroup);
	// Step 1 matches on the noisy patches themselves: its guide is the column being shrunk.
	const guideColumn = guided ? new Float64Array(o.maxGroup) : column;
	const patch = new Float64Array(P);
	for (const r of positions(ph))
		for (const c of positions(pw)) {
			const ref = (r * pw + c) * P;
			let m = 0;
			for (let rr = Math.max(0, r - o.radius); rr <= Math.min(ph - 1, r + o.radius); rr++)
				for (let cc = Math.max(0, c - o.radius); cc <= Math.min(pw - 1, c + o.radius); cc++) {
					const q = (rr * pw + cc) * P;
					let d = 0;
					// The DCT is orthonormal: coefficient distance = pixel distance.
					for (let j = 0; j < P && d <= tau; j++) d += (tg[ref + j]! - tg[q + j]!) ** 2;
					if (d <= tau) {
						candDist[m] = d;
						candAt[m++] = rr * pw + cc;
					}
				}
			const order = Array.from({ length: m }, (_, i) => i).sort(
				(a, b) => candDist[a]! - candDist[b]!
			);
			// The closest patches, as many as the largest power of two the group allows (the
			// reference patch itself is always among them, at distance 0).
			let k = 1;
			while (k * 2 <= Math.min(m, o.maxGroup)) k *= 2;
			let denominator = 0;
			for (let j = 0; j < P; j++) {
				for (let g = 0; g < k; g++) {
					const p = candAt[order[g]!]! * P + j;
					column[g] = tn[p]!;
					if (guided) guideColumn[g] = tg[p]!;
				}
				hadamard(column, k);
				if (guided) hadamard(guideColumn, k);
				denominator += shrink(column, guideColumn, k, j);
				hadamard(column, k);
				for (let g = 0; g < k; g++) group[g * P + j] = column[g]!;
			}
			const weight = 1 / Math.max(denominator, 1e-12);
			for (let g = 0; g < k; g++) {
				inverseDct(group, g * P, patch);
				const at = candAt[order[g]!]!;
				const pr = Math.floor(at / pw);
				const pc = at % pw;
				for (let i = 0; i < N; i++)
					for (let j = 0; j < N; j++) {
						const a = weight * window[i * N + j]!;
						num[(pr + i) * w + pc + j]! += a * patch[i * N + j]!;
						den[(pr + i) * w + pc + j]! += a;
					}
			}
		}
	const out = new Float32Array(w * h);
	for (let i = 0; i < w * h; i++) out[i] = den[i]! > 0 ? num[i]! / den[i]! : guide[i]!;
	return out;
}

/** Step 1: hard thresholding at 2.7σ of each group's 3-D spectrum; weight 1 / (coefficients kept). */
export function bm3dBasic(noisy: Float32Array, w: number, h: number, sigma: number): Float32Array {
	const threshold = 2.7 * sigma;
	return collaborativeFilter(
		noisy,
		noisy,
		w,
		h,
		{ radius: 19, step: 3, maxGroup: 16, tau: sigma * 255 > 40 ? 5000 : 2500 },
		(column, _guide, k, j) => {
			let kept = 0;
			for (let g = 0; g < k; g++) {
				// The group's mean brightness (DC along both transforms) is never dropped.
				if (Math.abs(column[g]!) < threshold && (j > 0 || g > 0)) column[g] = 0;
				else kept++;
			}
			return kept;
		}
	);
}

/** Step 2: empirical Wiener shrinkage with the spectrum of `pilot`'s groups as the signal power. */
export function bm3dWiener(
	noisy: Float32Array,
	pilot: Float32Array,
	w: number,
	h: number,
	sigma: number
): Float32Array {
	const noisePower = sigma * sigma;
	return collaborativeFilter(
		noisy,
		pilot,
		w,
		h,
		{ radius: 19, step: 3, maxGroup: 32, tau: sigma * 255 > 40 ? 3500 : 400 },
		(column, pilotColumn, k) => {
			let energy = 0;
			for (let g = 0; g < k; g++) {
				const signal = pilotColumn[g]! ** 2;
				const gain = signal / (signal + noisePower);
				column[g]! *= gain;
				energy += gain * gain;
			}
			return energy;
		}
	);
}

/** Both BM3D steps on one grey image with Gaussian noise of standard deviation `sigma` ([0, 1]). */
export function bm3d(noisy: Float32Array, w: number, h: number, sigma: number): Float32Array {
	return bm3dWiener(noisy, bm3dBasic(noisy, w, h, sigma), w, h, sigma);
}

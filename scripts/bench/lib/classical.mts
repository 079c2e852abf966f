/**
 * Classical denoising baselines for bench:photos, on one grey image (Float32Array in [0, 1],
 * row-major, edges clamped): a Gaussian blur and a bilateral filter (Tomasi & Manduchi 1998),
 *   y(p) = Σ_q G_s(|p − q|) · G_r(|x(p) − x(q)|) · x(q) / Σ_q G_s · G_r
 * which smooths within regions but not across edges.
 */

function at(x: Float32Array, w: number, h: number, r: number, c: number): number {
	const rr = r < 0 ? 0 : r >= h ? h - 1 : r;
	const cc = c < 0 ? 0 : c >= w ? w - 1 : c;
	return x[rr * w + cc] ?? 0;
}

/** Gaussian blur with standard deviation `sigma` pixels (radius ⌈3σ⌉). */
export function gaussianBlur(x: Float32Array, w: number, h: number, sigma: number): Float32Array {
	return bilateral(x, w, h, sigma, Infinity);
}

/** Bilateral filter: spatial σ_s in pixels, range σ_r in intensity units ([0, 1] scale). */
export function bilateral(
	x: Float32Array,
	w: number,
	h: number,
	sigmaS: number,
	sigmaR: number
): Float32Array {
	const radius = Math.ceil(3 * sigmaS);
	const spatial: number[] = [];
	for (let dy = -radius; dy <= radius; dy++)
		for (let dx = -radius; dx <= radius; dx++)
			spatial.push(Math.exp(-(dx * dx + dy * dy) / (2 * sigmaS * sigmaS)));
	const rangeK = Number.isFinite(sigmaR) ? 1 / (2 * sigmaR * sigmaR) : 0;
	const out = new Float32Array(w * h);
	for (let r = 0; r < h; r++) {
		for (let c = 0; c < w; c++) {
			const centre = x[r * w + c] ?? 0;
			let num = 0;
			let den = 0;
			let k = 0;
			for (let dy = -radius; dy <= radius; dy++) {
				for (let dx = -radius; dx <= radius; dx++, k++) {
					const v = at(x, w, h, r + dy, c + dx);
					const d = v - centre;
					const wt = (spatial[k] ?? 0) * Math.exp(-d * d * rangeK);
					num += wt * v;
					den += wt;
				}
			}
			out[r * w + c] = num / den;
		}
	}
	return out;
}

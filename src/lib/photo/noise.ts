/**
 * Blind estimate of additive white Gaussian noise, σ in 0–255 units.
 * Donoho & Johnstone (1994): σ̂ = median(|HH₁|) / 0.6745, where HH₁ are the finest-scale diagonal
 * coefficients of the orthonormal Haar wavelet, HH = (a − b − c + d) / 2 over each 2×2 block —
 * mostly noise, since smooth image content cancels out in them.
 */
import { assertImage, type RgbaImage } from './image';

/** Φ⁻¹(3/4): the median of |N(0, 1)|. */
export const MAD_TO_SIGMA = 0.6745;

/**
 * 2·|HH| is an integer in [0, 510], so a histogram gives the exact median in O(n); the median is
 * interpolated within its bin ("grouped median") so coarse integer steps do not bias small σ.
 */
function groupedMedianOfHalfSteps(hist: Uint32Array, count: number): number {
	const half = count / 2;
	let below = 0;
	for (let k = 0; k < hist.length; k++) {
		const n = hist[k] ?? 0;
		if (below + n >= half && n > 0) {
			// Bin k stands for the interval [k − 0.5, k + 0.5) (k = 0: [0, 0.5)) in half-steps.
			const lo = k === 0 ? 0 : k - 0.5;
			const width = k === 0 ? 0.5 : 1;
			return (lo + ((half - below) / n) * width) / 2;
		}
		below += n;
	}
	return 0;
}

/** σ̂ of one channel (0 = R, 1 = G, 2 = B). */
export function estimateChannelSigma(img: RgbaImage, channel: number): number {
	assertImage(img);
	const { data, width: W, height: H } = img;
	const hist = new Uint32Array(511);
	let count = 0;
	for (let y = 0; y + 1 < H; y += 2) {
		for (let x = 0; x + 1 < W; x += 2) {
			const i = (y * W + x) * 4 + channel;
			const a = data[i] ?? 0;
			const b = data[i + 4] ?? 0;
			const c = data[i + W * 4] ?? 0;
			const d = data[i + W * 4 + 4] ?? 0;
			const twiceHH = Math.abs(a - b - c + d);
			hist[twiceHH] = (hist[twiceHH] ?? 0) + 1;
			count++;
		}
	}
	if (count === 0) return 0;
	return groupedMedianOfHalfSteps(hist, count) / MAD_TO_SIGMA;
}

/** σ̂ of the photo: the median of the R, G and B estimates (equal for a grey photo). */
export function estimateNoiseSigma(img: RgbaImage): number {
	const s = [0, 1, 2].map((c) => estimateChannelSigma(img, c)).sort((a, b) => a - b);
	return s[1] ?? 0;
}

/**
 * Colour photos through a grey denoiser, in an opponent colour space instead of R, G and B
 * (the idea of CBM3D, Dabov et al. 2007): a luminance plane and two chrominance planes,
 *   L = (R + G + B)/3,  C₁ = (R − B)/2 + ½,  C₂ = (R − 2G + B)/4 + ½.
 * The rows are orthogonal, so white noise of σ on R, G, B stays white and independent on each
 * plane (σ/√3, σ/√2, σ·√6/4), and every plane stays in [0, 1], the range the grey net knows.
 * The chrominance planes are smooth in natural photos, so the blind grey net cleans them far
 * better than it cleans R, G and B: +0.4 to +1.6 dB on held-out photos (npm run bench:photos).
 */
import * as tf from '@tensorflow/tfjs-core';

const FORWARD = [
	[1 / 3, 1 / 3, 1 / 3],
	[1 / 2, 0, -1 / 2],
	[1 / 4, -1 / 2, 1 / 4]
];
// The inverse of FORWARD (its rows are orthogonal: Aᵀ scaled by 1/|row|²).
const INVERSE = [
	[1, 1, 2 / 3],
	[1, 0, -4 / 3],
	[1, -1, 2 / 3]
];
const OFFSET = [0, 0.5, 0.5];

/** The noise σ on each plane per unit of σ on R, G and B (for σ-conditioned grey models). */
export const PLANE_NOISE: readonly number[] = [
	1 / Math.sqrt(3),
	1 / Math.sqrt(2),
	Math.sqrt(6) / 4
];

/** [1, h, w, 3] RGB in [0, 1] → [3, h, w, 1]: the L, C₁ and C₂ planes as a batch of grey images. */
export function rgbToOpponentPlanes(rgb: tf.Tensor4D): tf.Tensor4D {
	return tf.tidy(() => {
		const [, h, w] = rgb.shape;
		const flat = tf.reshape(rgb, [-1, 3]);
		const opp = tf.add(tf.matMul(flat, tf.tensor2d(FORWARD), false, true), tf.tensor1d(OFFSET));
		return tf.transpose(tf.reshape(opp, [1, h, w, 3]), [3, 1, 2, 0]) as tf.Tensor4D;
	});
}

/** The inverse of rgbToOpponentPlanes: [3, h, w, 1] planes → [1, h, w, 3] RGB (not clipped). */
export function opponentPlanesToRgb(planes: tf.Tensor4D): tf.Tensor4D {
	return tf.tidy(() => {
		const [, h, w] = planes.shape;
		const opp = tf.sub(
			tf.reshape(tf.transpose(planes, [3, 1, 2, 0]), [-1, 3]),
			tf.tensor1d(OFFSET)
		);
		const rgb = tf.matMul(opp, tf.tensor2d(INVERSE), false, true);
		return tf.reshape(rgb, [1, h, w, 3]) as tf.Tensor4D;
	});
}

/**
 * Colour handling after style transfer (Gatys et al. 2017, "Controlling Perceptual Factors in
 * Neural Style Transfer"): keep the photo's colours by taking only the luminance of the stylized
 * image (YIQ), and a strength blend between the photo and the stylized result.
 */
import * as tf from '@tensorflow/tfjs-core';

const RGB_TO_YIQ = [
	[0.299, 0.587, 0.114],
	[0.595716, -0.274453, -0.321263],
	[0.211456, -0.522591, 0.311135]
];
const YIQ_TO_RGB = [
	[1, 0.9563, 0.621],
	[1, -0.2721, -0.6474],
	[1, -1.107, 1.7046]
];

/** [H, W, 3] RGB → YIQ (or back) with a 3×3 matrix per pixel. */
function mix(image: tf.Tensor3D, m: number[][]): tf.Tensor3D {
	return tf.tidy(() => {
		const [h, w] = image.shape;
		const k = tf.transpose(tf.tensor2d(m)); // pixel row-vector × Mᵀ
		return tf.reshape(tf.matMul(tf.reshape(image, [h * w, 3]), k), [h, w, 3]) as tf.Tensor3D;
	});
}

/** RGB [H, W, 3] → YIQ. */
export function rgbToYiq(image: tf.Tensor3D): tf.Tensor3D {
	return mix(image, RGB_TO_YIQ);
}

/** YIQ [H, W, 3] → RGB. */
export function yiqToRgb(image: tf.Tensor3D): tf.Tensor3D {
	return mix(image, YIQ_TO_RGB);
}

/** The stylized image's luminance with the photo's chrominance (I, Q), clipped to [0, 1]. */
export function preserveColors(stylized: tf.Tensor3D, photo: tf.Tensor3D): tf.Tensor3D {
	return tf.tidy(() => {
		const y = tf.slice(rgbToYiq(stylized), [0, 0, 0], [-1, -1, 1]);
		const iq = tf.slice(rgbToYiq(photo), [0, 0, 1], [-1, -1, 2]);
		return tf.clipByValue(yiqToRgb(tf.concat([y, iq], 2) as tf.Tensor3D), 0, 1) as tf.Tensor3D;
	});
}

/** (1 − s) · photo + s · stylized, s in [0, 1]. */
export function blendStrength(stylized: tf.Tensor3D, photo: tf.Tensor3D, s: number): tf.Tensor3D {
	const k = Math.max(0, Math.min(1, s));
	return tf.tidy(() => tf.add(tf.mul(photo, 1 - k), tf.mul(stylized, k)) as tf.Tensor3D);
}

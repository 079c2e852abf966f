/**
 * Image quality against a reference, for images in [0, 1]: PSNR and SSIM (Wang, Bovik, Sheikh &
 * Simoncelli 2004, "Image quality assessment: from error visibility to structural similarity"),
 * with the paper's 11×11 Gaussian window (σ = 1.5), K1 = 0.01 and K2 = 0.03.
 */
import * as tf from '@tensorflow/tfjs-core';

const SSIM_WINDOW = 11;
const SSIM_SIGMA = 1.5;
const K1 = 0.01;
const K2 = 0.03;

type Images = tf.Tensor3D | tf.Tensor4D;

function asBatch(x: Images): tf.Tensor4D {
	return x.rank === 3 ? tf.expandDims(x as tf.Tensor3D, 0) : (x as tf.Tensor4D);
}

function assertSameShape(a: Images, b: Images): void {
	if (a.shape.join() !== b.shape.join()) {
		throw new RangeError(`images differ in shape: [${a.shape}] vs [${b.shape}]`);
	}
}

/** Per-image PSNR = 10·log10(maxVal² / MSE) in dB (+∞ for identical images). */
export function psnrPerImage(a: Images, b: Images, maxVal = 1): number[] {
	assertSameShape(a, b);
	const mse = tf.tidy(() => {
		const d = tf.sub(asBatch(a), asBatch(b));
		return tf.mean(tf.square(d), [1, 2, 3]);
	});
	const values = Array.from(mse.dataSync(), (m) => 10 * Math.log10((maxVal * maxVal) / m));
	mse.dispose();
	return values;
}

/** Mean over the batch of the per-image PSNR in dB. */
export function psnr(a: Images, b: Images, maxVal = 1): number {
	const v = psnrPerImage(a, b, maxVal);
	return v.reduce((s, x) => s + x, 0) / v.length;
}

function gaussianWindow(size: number, channels: number): tf.Tensor4D {
	const g: number[] = [];
	const c = (size - 1) / 2;
	for (let i = 0; i < size; i++) g.push(Math.exp(-((i - c) ** 2) / (2 * SSIM_SIGMA ** 2)));
	const s = g.reduce((a, b) => a + b, 0);
	const w: number[] = [];
	for (let i = 0; i < size; i++)
		for (let j = 0; j < size; j++)
			for (let k = 0; k < channels; k++) w.push(((g[i] ?? 0) * (g[j] ?? 0)) / (s * s));
	return tf.tensor4d(w, [size, size, channels, 1]);
}

/**
 * Per-image mean SSIM: SSIM(x, y) = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 * local statistics under a Gaussian window ('valid' positions), averaged over positions and channels.
 */
export function ssimPerImage(a: Images, b: Images, maxVal = 1): number[] {
	assertSameShape(a, b);
	const result = tf.tidy(() => {
		const x = asBatch(a);
		const y = asBatch(b);
		const [, h, w, ch] = x.shape;
		// Images smaller than the window (e.g. tiny tests) use the largest odd window that fits.
		let size = Math.min(SSIM_WINDOW, h, w);
		if (size % 2 === 0) size--;
		const win = gaussianWindow(size, ch);
		const blur = (t: tf.Tensor4D): tf.Tensor4D => tf.depthwiseConv2d(t, win, 1, 'valid');
		const c1 = (K1 * maxVal) ** 2;
		const c2 = (K2 * maxVal) ** 2;
		const mx = blur(x);
		const my = blur(y);
		const mx2 = tf.square(mx);
		const my2 = tf.square(my);
		const mxy = tf.mul(mx, my);
		const sx = tf.sub(blur(tf.square(x)), mx2);
		const sy = tf.sub(blur(tf.square(y)), my2);
		const sxy = tf.sub(blur(tf.mul(x, y)), mxy);
		const num = tf.mul(tf.add(tf.mul(mxy, 2), c1), tf.add(tf.mul(sxy, 2), c2));
		const den = tf.mul(tf.add(tf.add(mx2, my2), c1), tf.add(tf.add(sx, sy), c2));
		return tf.mean(tf.div(num, den), [1, 2, 3]);
	});
	const values = Array.from(result.dataSync());
	result.dispose();
	return values;
}

/** Mean over the batch of the per-image SSIM (1 = identical). */
export function ssim(a: Images, b: Images, maxVal = 1): number {
	const v = ssimPerImage(a, b, maxVal);
	return v.reduce((s, x) => s + x, 0) / v.length;
}

/**
 * Colour denoising quality, through the app's own denoiser code (createDenoiser → run): on held-out
 * colour photos, the published colour model against the grey one cleaning R, G and B one by one,
 * and the grey one cleaning the opponent colour planes (what the app does with a grey model).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { decode as decodePng } from 'fast-png';
import { addAwgn } from '../../../src/lib/ml/models/denoiser/train';
import { psnrPerImage } from '../../../src/lib/ml/metrics/image';
import { createDenoiser, type Denoiser } from '../../../src/lib/photo-worker/denoiser';
import type { RgbaImage } from '../../../src/lib/photo/image';
import { fileLoader } from '../../pretrain/node-io.mts';
import { ensureSkimagePhotos } from '../../pretrain/colour-photos.mts';
import { log } from './log.mts';

/** Held out: coffee.png is the colour denoiser's validation photo, motorcycle_left.png is unused. */
export const COLOUR_TEST_PHOTOS = ['coffee.png', 'motorcycle_left.png'];
const CROP = 256;

export type ColourRow = Record<string, number>;

async function photo(dir: string, file: string): Promise<tf.Tensor4D> {
	const png = decodePng(await readFile(join(dir, file)));
	const c = png.channels;
	return tf.tidy(() => {
		const t = tf.tensor3d(png.data as Uint8Array, [png.height, png.width, c], 'float32');
		const y0 = Math.floor((png.height - CROP) / 2);
		const x0 = Math.floor((png.width - CROP) / 2);
		return tf.expandDims(tf.div(tf.slice(t, [y0, x0, 0], [CROP, CROP, 3]), 255), 0);
	}) as tf.Tensor4D;
}

function toRgba(x: tf.Tensor4D, keep?: number): RgbaImage {
	const v = x.dataSync();
	const n = CROP * CROP;
	const data = new Uint8ClampedArray(n * 4);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(v[i * 3 + (keep ?? c)]! * 255);
		data[i * 4 + 3] = 255;
	}
	return { data, width: CROP, height: CROP };
}

function fromRgba(img: RgbaImage): tf.Tensor4D {
	const n = img.width * img.height;
	const x = new Float32Array(n * 3);
	for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) x[i * 3 + c] = img.data[i * 4 + c]! / 255;
	return tf.tensor4d(x, [1, img.height, img.width, 3]);
}

/** PSNR (dB) per σ and method, averaged over COLOUR_TEST_PHOTOS. */
export async function colourQuality(
	sigmas: readonly number[],
	versions: { grey: string; colour?: string }
): Promise<Record<string, ColourRow>> {
	const load = async (name: string, version: string): Promise<Denoiser> =>
		createDenoiser(
			await tfl.loadLayersModel(fileLoader(join('weights', name, version, 'model.json'))),
			name
		);
	const grey = await load('denoiser-gray', versions.grey);
	const colour = versions.colour ? await load('denoiser-color', versions.colour) : undefined;
	// On a fresh machine the photos come from Debian's python3-skimage, unpacked into .cache/.
	const dir = await ensureSkimagePhotos('.cache/datasets/skimage', log);
	const out: Record<string, ColourRow> = {};
	for (const sigma of sigmas) {
		const sums: Record<string, number> = {};
		for (const [k, file] of COLOUR_TEST_PHOTOS.entries()) {
			const clean = await photo(dir, file);
			const { noisy, sigmaMap } = addAwgn(clean, new Float32Array([sigma]), 4243 + k);
			// Through 8-bit pixels, as a photo reaches the app.
			const noisyImg = toRgba(tf.clipByValue(noisy, 0, 1) as tf.Tensor4D);
			const score = (name: string, img: RgbaImage) => {
				const t = fromRgba(img);
				sums[name] = (sums[name] ?? 0) + psnrPerImage(t, clean)[0]!;
				t.dispose();
			};
			score('noisy input', noisyImg);
			if (colour) score(`denoiser-color v${versions.colour}`, await colour.run(noisyImg, sigma));
			// R, G and B one by one: each channel as its own grey photo.
			const perChannel: RgbaImage = { ...noisyImg, data: new Uint8ClampedArray(noisyImg.data) };
			for (let c = 0; c < 3; c++) {
				const plane = toRgba(tf.clipByValue(noisy, 0, 1) as tf.Tensor4D, c);
				const cleaned = await grey.run(plane, sigma);
				for (let i = 0; i < CROP * CROP; i++) perChannel.data[i * 4 + c] = cleaned.data[i * 4]!;
			}
			score(`denoiser-gray v${versions.grey}, R, G, B one by one`, perChannel);
			score(
				`denoiser-gray v${versions.grey}, opponent planes (the app)`,
				await grey.run(noisyImg, sigma)
			);
			tf.dispose([clean, noisy, sigmaMap]);
		}
		out[`σ=${sigma}`] = Object.fromEntries(
			Object.entries(sums).map(([k, v]) => [k, v / COLOUR_TEST_PHOTOS.length])
		);
	}
	grey.dispose();
	colour?.dispose();
	return out;
}

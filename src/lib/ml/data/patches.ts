/**
 * Random-patch provider for training on photos (denoisers, stylizers): square patches cut from a
 * set of images at positions drawn from a counter-based hash of (seed, patch index), with one of
 * the 8 flips / rotations (DnCNN's augmentation). Its state is just the number of patches drawn,
 * so a resumed run sees exactly the patches it would have seen. Pure: Node scripts and the
 * browser's workers share it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetProvider, ProviderState } from './provider';
import type { Batch } from '../train/trainer';

/** An 8-bit image, HWC. */
export interface ByteImage {
	width: number;
	height: number;
	channels: number;
	data: Uint8Array;
	name: string;
}

/** Converts an 8-bit image with 1–4 channels to grayscale (BT.601 luma) or RGB; alpha is dropped. */
export function toChannels(
	img: {
		width: number;
		height: number;
		channels: number;
		depth?: number;
		data: Uint8Array;
		name: string;
	},
	channels: 1 | 3
): ByteImage {
	if (img.depth !== undefined && img.depth !== 8)
		throw new Error(`${img.name}: ${img.depth}-bit PNGs are not supported`);
	const { width, height } = img;
	const src = img.channels;
	const n = width * height;
	const data = new Uint8Array(n * channels);
	for (let i = 0; i < n; i++) {
		const r = img.data[i * src] ?? 0;
		const g = src >= 3 ? (img.data[i * src + 1] ?? 0) : r;
		const b = src >= 3 ? (img.data[i * src + 2] ?? 0) : r;
		if (channels === 1) data[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
		else data.set([r, g, b], i * 3);
	}
	return { width, height, channels, data, name: img.name };
}

function hash32(a: number, b: number, c: number): number {
	let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ c;
	h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
	h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
	return (h ^ (h >>> 16)) >>> 0;
}

/** Copies patch k (size×size, transform t ∈ 0..7) of `img` into `out` at `off`, scaled to [0, 1]. */
function copyPatch(
	img: ByteImage,
	x0: number,
	y0: number,
	size: number,
	t: number,
	out: Float32Array,
	off: number
): void {
	const c = img.channels;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			// Dihedral transform of the destination coordinate: optional transpose, then flips.
			let u = t & 4 ? y : x;
			let v = t & 4 ? x : y;
			if (t & 1) u = size - 1 - u;
			if (t & 2) v = size - 1 - v;
			const s = ((y0 + v) * img.width + (x0 + u)) * c;
			const d = off + (y * size + x) * c;
			for (let k = 0; k < c; k++) out[d + k] = (img.data[s + k] ?? 0) / 255;
		}
	}
}

/** An endless stream of random augmented patches; `size` counts patches per "epoch" for display. */
export function createPatchProvider(opts: {
	images: ByteImage[];
	patchSize: number;
	seed: number;
	/** Patches per nominal epoch (only for progress display). Default 128 per image. */
	epochSize?: number;
}): DatasetProvider {
	const { images, patchSize } = opts;
	if (images.length === 0) throw new RangeError('no images to cut patches from');
	const c = images[0]?.channels ?? 1;
	for (const img of images) {
		if (img.channels !== c) throw new Error(`${img.name}: ${img.channels} channels, expected ${c}`);
		if (img.width < patchSize || img.height < patchSize) {
			throw new Error(`${img.name} is smaller than the ${patchSize}² patch`);
		}
	}
	const size = opts.epochSize ?? images.length * 128;
	let seed = opts.seed;
	let drawn = 0;
	return {
		size,
		shape: [patchSize, patchSize, c],
		get epoch() {
			return Math.floor(drawn / size);
		},
		nextBatch(batchSize: number): Batch {
			const px = patchSize * patchSize * c;
			const x = new Float32Array(batchSize * px);
			for (let b = 0; b < batchSize; b++, drawn++) {
				const img = images[hash32(seed, drawn, 1) % images.length] as ByteImage;
				const x0 = hash32(seed, drawn, 2) % (img.width - patchSize + 1);
				const y0 = hash32(seed, drawn, 3) % (img.height - patchSize + 1);
				copyPatch(img, x0, y0, patchSize, hash32(seed, drawn, 4) & 7, x, b * px);
			}
			return { x: tf.tensor4d(x, [batchSize, patchSize, patchSize, c]) };
		},
		reset(s: number) {
			seed = s;
			drawn = 0;
		},
		state: (): ProviderState => ({ seed, epoch: Math.floor(drawn / size), cursor: drawn }),
		restore(s: ProviderState) {
			if (!Number.isInteger(s.cursor) || s.cursor < 0) throw new RangeError('bad patch cursor');
			seed = s.seed;
			drawn = s.cursor;
		},
		dispose() {}
	};
}

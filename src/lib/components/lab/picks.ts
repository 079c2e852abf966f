/** Pure helpers of the lab panels (no DOM), kept apart so they are unit-tested. */
import type { GridImages } from '$lib/components/grid-images';

/** Adds a picked point to the interpolation ends: keeps the last two, ignores a repeat of the last. */
export function addPick(picks: readonly number[], index: number): number[] {
	if (picks.at(-1) === index) return [...picks];
	return [...picks, index].slice(-2);
}

/** Two distinct indices in 0..n−1 drawn with `random` (Math.random by default). */
export function randomPair(n: number, random: () => number = Math.random): [number, number] {
	if (n < 2) throw new RangeError('need at least two points');
	const a = Math.floor(random() * n) % n;
	const b = (a + 1 + (Math.floor(random() * (n - 1)) % (n - 1))) % n;
	return [a, b];
}

/** One side×side gray image out of a packed byte array, as a one-image grid. */
export function singleImage(images: Uint8Array, index: number, side = 28): GridImages {
	const px = side * side;
	return {
		data: images.subarray(index * px, (index + 1) * px),
		count: 1,
		height: side,
		width: side,
		channels: 1,
		columns: 1
	};
}

/** Which lab view a model family gets: generators the class histogram, the rest the latent space. */
export function labView(kind: string): 'latent' | 'histogram' {
	return kind === 'gan' || kind === 'dcgan' ? 'histogram' : 'latent';
}

/**
 * Seeded pseudo-random numbers for reproducible experiments: the same seed gives the same data
 * order, noise and initial weights on every device. mulberry32 (Tommy Ettinger, public domain)
 * is small, fast and good enough for shuffling and noise; it is not cryptographic.
 */

/** A seeded source of uniform and normal numbers. */
export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** Standard normal N(0, 1) (Box–Muller). */
	normal(): number;
	/** The internal state, so a run can be paused and resumed exactly. */
	state(): number;
}

/** Mixes any number (including non-integers) into a 32-bit seed. */
export function hashSeed(seed: number): number {
	let h = Math.floor(seed) ^ 0x9e3779b9;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a = a + 0x6D2B79F5; t = mix(a); returns t / 2^32. Pass `rawState` to resume. */
export function createRng(seed: number, rawState?: number): Rng {
	let a = rawState !== undefined ? rawState >>> 0 : hashSeed(seed);
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n) => Math.floor(next() * n),
		normal: () => {
			// No cached second value, so `state()` alone captures the stream exactly.
			// 1 - u keeps the log argument in (0, 1].
			const u = 1 - next();
			const v = next();
			return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		},
		state: () => a
	};
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
	arr: T,
	rng: Rng
): T {
	for (let i = arr.length - 1; i > 0; i--) {
		const j = rng.int(i + 1);
		const tmp = arr[i];
		arr[i] = arr[j];
		arr[j] = tmp;
	}
	return arr;
}

/** A permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
	const p = new Int32Array(n);
	for (let i = 0; i < n; i++) p[i] = i;
	return shuffleInPlace(p, rng);
}

/** A seed for tfjs initialisers / ops derived from `rng` (they take a plain number). */
export function childSeed(rng: Rng): number {
	return Math.floor(rng.next() * 2147483647);
}

/** The seed of item `index` of a stream: a pure function of (seed, index), so a resumed run that restores `index` draws exactly what it would have. */
export function streamSeed(seed: number, index: number): number {
	return (hashSeed(hashSeed(seed) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 1) & 0x7fffffff;
}

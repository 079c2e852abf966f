/**
 * Few-label experiments pretend that only a handful of the training images carry labels. The
 * sampler picks exactly `perClass` images of every class with a seeded shuffle, so a run is
 * reproducible and the subsets for growing `perClass` (same seed) are nested: 1 ⊂ 5 ⊂ 10 ⊂ ….
 */
import { createRng, shuffleInPlace } from '../random';

export interface LabelSubsetOptions {
	/** Images kept per class; `Infinity` (or ≥ the class size) keeps every image of the class. */
	perClass: number;
	seed: number;
	/** Number of classes (labels 0..classes-1). Default: 1 + the largest label. */
	classes?: number;
}

/**
 * Indices of a stratified, seeded label subset: `perClass` per class (fewer only when a class has
 * fewer images), ordered class by class. Throws when a class is absent, since the experiment
 * would silently be about fewer classes.
 */
export function sampleLabelSubset(labels: ArrayLike<number>, opts: LabelSubsetOptions): Int32Array {
	const { perClass, seed } = opts;
	if (!(perClass >= 1)) throw new RangeError(`perClass must be ≥ 1, got ${perClass}`);
	let classes = opts.classes ?? 0;
	if (opts.classes === undefined) {
		for (let i = 0; i < labels.length; i++) classes = Math.max(classes, (labels[i] ?? 0) + 1);
	}
	const byClass: number[][] = Array.from({ length: classes }, () => []);
	for (let i = 0; i < labels.length; i++) {
		const l = labels[i] ?? -1;
		if (l < 0 || l >= classes || !Number.isInteger(l)) {
			throw new RangeError(`label ${l} at index ${i} is outside 0..${classes - 1}`);
		}
		byClass[l]!.push(i);
	}
	const out: number[] = [];
	for (let c = 0; c < classes; c++) {
		const members = byClass[c]!;
		if (members.length === 0) throw new RangeError(`class ${c} has no images`);
		// One stream per class: the picks for class c do not depend on the other classes' sizes.
		shuffleInPlace(members, createRng(seed * 1009 + c));
		const take = Math.min(members.length, perClass);
		for (let i = 0; i < take; i++) out.push(members[i]!);
	}
	return Int32Array.from(out);
}

/** Training and held-out rows of a labelled set. */
export interface StratifiedSplit {
	train: Int32Array;
	test: Int32Array;
}

/**
 * Splits a labelled set (the user's own images, which come without a test set) into training and
 * held-out rows, class by class with a seeded shuffle: round(testFraction · size) of every class
 * are held out, at least one and never the whole class. Throws, naming the class, when a class
 * has fewer than two images, since it could be neither learned nor scored.
 */
export function splitStratified(
	labels: ArrayLike<number>,
	opts: { testFraction: number; seed: number; classes: number; classNames?: readonly string[] }
): StratifiedSplit {
	const { testFraction, classes } = opts;
	if (!(testFraction > 0 && testFraction < 1)) {
		throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
	}
	const all = sampleLabelSubset(labels, { perClass: Infinity, seed: opts.seed + 7919, classes });
	const train: number[] = [];
	const test: number[] = [];
	// `all` is ordered class by class, each class shuffled.
	for (let start = 0; start < all.length;) {
		const c = labels[all[start]!] ?? 0;
		let end = start;
		while (end < all.length && labels[all[end]!] === c) end++;
		const size = end - start;
		if (size < 2) {
			const name = opts.classNames?.[c] ?? String(c);
			throw new RangeError(
				`Class "${name}" has only one image; every class needs at least two (one to learn from, one to test on).`
			);
		}
		const held = Math.min(size - 1, Math.max(1, Math.round(testFraction * size)));
		for (let i = start; i < end; i++) (i - start < held ? test : train).push(all[i]!);
		start = end;
	}
	return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

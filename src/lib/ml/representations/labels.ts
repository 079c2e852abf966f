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

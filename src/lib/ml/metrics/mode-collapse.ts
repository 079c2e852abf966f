/**
 * Mode-collapse check for generators (Goodfellow 2016, "NIPS 2016 Tutorial: GANs", §5.1.1): a
 * collapsed generator maps many z to few modes, so the class histogram of its samples under a
 * fixed classifier loses classes or piles up on one. Pure code, no tfjs: the page and the worker
 * both use it.
 */

/** Thresholds of the rule; the defaults suit 10 balanced classes. */
export interface CollapseRule {
	/** A class counts as covered when it holds at least this share of the samples. */
	minShare: number;
	/** Collapse when fewer classes than this are covered. */
	minClasses: number;
	/** Collapse when one class holds more than this share. */
	maxShare: number;
}

/** Covered: ≥ 2 % of samples; collapse below 6 of 10 classes or above 50 % in one class. */
export const DEFAULT_COLLAPSE_RULE: CollapseRule = { minShare: 0.02, minClasses: 6, maxShare: 0.5 };

export interface CollapseVerdict {
	samples: number;
	/** Classes with at least `minShare` of the samples. */
	covered: number;
	/** The most frequent class and its share of the samples. */
	topClass: number;
	topShare: number;
	collapsed: boolean;
	/** Why it collapsed: too few classes, one class dominating, or both (empty when fine). */
	reasons: ('few-classes' | 'dominant-class')[];
}

/** Counts of each predicted class id in 0..classes−1 (ids outside the range are ignored). */
export function classHistogram(predictions: ArrayLike<number>, classes: number): number[] {
	const counts = new Array<number>(classes).fill(0);
	for (let i = 0; i < predictions.length; i++) {
		const c = predictions[i] ?? -1;
		if (Number.isInteger(c) && c >= 0 && c < classes) counts[c] = (counts[c] ?? 0) + 1;
	}
	return counts;
}

/** Applies `rule` to a class histogram; an empty histogram is not called collapsed. */
export function assessModeCollapse(
	counts: readonly number[],
	rule: CollapseRule = DEFAULT_COLLAPSE_RULE
): CollapseVerdict {
	const samples = counts.reduce((s, c) => s + Math.max(0, c), 0);
	let topClass = 0;
	for (let i = 1; i < counts.length; i++)
		if ((counts[i] ?? 0) > (counts[topClass] ?? 0)) topClass = i;
	if (samples === 0) {
		return { samples, covered: 0, topClass, topShare: 0, collapsed: false, reasons: [] };
	}
	const covered = counts.filter((c) => c / samples >= rule.minShare).length;
	const topShare = (counts[topClass] ?? 0) / samples;
	const reasons: CollapseVerdict['reasons'] = [];
	if (covered < Math.min(rule.minClasses, counts.length)) reasons.push('few-classes');
	if (topShare > rule.maxShare) reasons.push('dominant-class');
	return { samples, covered, topClass, topShare, collapsed: reasons.length > 0, reasons };
}

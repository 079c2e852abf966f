/** Receiver operating characteristic of a score where higher means "more likely positive". */

export interface RocCurve {
	/** False-positive rates, from 0 to 1. */
	fpr: number[];
	/** True-positive rates, matching `fpr`. */
	tpr: number[];
	/** Score thresholds: point k counts samples with score ≥ thresholds[k] as positive (first is +∞). */
	thresholds: number[];
}

/** ROC points for all distinct thresholds; tied scores move the curve diagonally. */
export function rocCurve(
	scores: ArrayLike<number>,
	positives: ArrayLike<boolean | number>
): RocCurve {
	if (scores.length !== positives.length) {
		throw new RangeError(`${scores.length} scores but ${positives.length} labels`);
	}
	const idx = Array.from({ length: scores.length }, (_, i) => i).sort(
		(a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)
	);
	let p = 0;
	for (let i = 0; i < positives.length; i++) if (positives[i]) p++;
	const n = positives.length - p;
	if (p === 0 || n === 0) throw new RangeError('ROC needs at least one positive and one negative');
	const fpr = [0];
	const tpr = [0];
	const thresholds = [Number.POSITIVE_INFINITY];
	let tp = 0;
	let fp = 0;
	for (let k = 0; k < idx.length; k++) {
		const i = idx[k] ?? 0;
		if (positives[i]) tp++;
		else fp++;
		const s = scores[i] ?? 0;
		if (k + 1 < idx.length && scores[idx[k + 1] ?? 0] === s) continue;
		fpr.push(fp / n);
		tpr.push(tp / p);
		thresholds.push(s);
	}
	return { fpr, tpr, thresholds };
}

/** Area under a curve by the trapezoid rule (x ascending), e.g. auc(roc.fpr, roc.tpr). */
export function auc(x: readonly number[], y: readonly number[]): number {
	if (x.length !== y.length) throw new RangeError('x and y differ in length');
	let area = 0;
	for (let i = 1; i < x.length; i++) {
		area += ((x[i] ?? 0) - (x[i - 1] ?? 0)) * (((y[i] ?? 0) + (y[i - 1] ?? 0)) / 2);
	}
	return area;
}

/** ROC AUC straight from scores: the probability a random positive outscores a random negative. */
export function rocAuc(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): number {
	const { fpr, tpr } = rocCurve(scores, positives);
	return auc(fpr, tpr);
}

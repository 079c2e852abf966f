/**
 * Labels from folders: a picked folder with one subfolder per class (the layout torchvision's
 * ImageFolder and Keras' image_dataset_from_directory read) labels every image by the subfolder
 * it sits in. Pure code over the files' relative paths ('photos/cats/a.jpg').
 */

/** Labels stored as bytes: more classes than this make no few-label experiment anyway. */
export const MAX_CLASSES = 255;

export interface ClassFolders {
	/** Class names, sorted (label i is classNames[i]). */
	classNames: string[];
	/** Per path: its class index, or undefined when the file is not inside a class folder. */
	labels: (number | undefined)[];
}

/**
 * The class of every path from the first folder below the picked one, or undefined when the
 * paths do not name at least two classes (loose files, or a folder without class subfolders) or
 * name more than MAX_CLASSES.
 */
export function classesFromPaths(paths: readonly string[]): ClassFolders | undefined {
	const classOf = paths.map((p) => {
		const parts = p.split('/').filter((s) => s.length > 0);
		// root/class/…/file: the class is the second part; root/file has none.
		return parts.length >= 3 ? parts[1] : undefined;
	});
	const names = [...new Set(classOf.filter((c): c is string => c !== undefined))].sort((a, b) =>
		a.localeCompare(b, 'en', { numeric: true })
	);
	if (names.length < 2 || names.length > MAX_CLASSES) return undefined;
	const index = new Map(names.map((n, i) => [n, i]));
	return {
		classNames: names,
		labels: classOf.map((c) => (c === undefined ? undefined : index.get(c)))
	};
}

/**
 * Drops classes no example kept (every file of a folder failed to decode) and renumbers the
 * labels so they stay 0..classes-1 in name order.
 */
export function compactClasses(
	labels: ArrayLike<number>,
	classNames: readonly string[]
): { labels: Uint8Array; classNames: string[] } {
	const used = new Set<number>();
	for (let i = 0; i < labels.length; i++) used.add(labels[i] ?? 0);
	const kept = classNames.map((_, c) => c).filter((c) => used.has(c));
	const renumber = new Map(kept.map((c, i) => [c, i]));
	return {
		labels: Uint8Array.from(Array.from(labels, (l) => renumber.get(l) ?? 0)),
		classNames: kept.map((c) => classNames[c]!)
	};
}

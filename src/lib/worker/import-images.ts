/**
 * Turns the files a person picked into a stored 28×28 grayscale training set, in the compute
 * worker: each file is sniffed and decoded (src/lib/photo/decode), reduced by toGraySquare, and
 * files that cannot be used are listed with the reason instead of failing the whole import. A
 * folder with one subfolder per class becomes a labelled set.
 */
import { classesFromPaths, compactClasses } from '$lib/ml/data/class-folders';
import { packImages, toGraySquare, USER_IMAGE_SIDE } from '$lib/ml/data/user-images';
import { decodePhoto } from '$lib/photo/decode';
import { saveUserDataset, type SkippedFile, type UserDatasetInfo } from '$lib/store/datasets';

/** More images than this are not needed to play with a model and would fill storage. */
export const MAX_IMPORT_FILES = 5000;

/**
 * Decodes, reduces and stores `files` under the picked folder's name and the date (the date
 * alone for loose files); returns the set (if any file worked) and what was skipped. `paths` are
 * the files' paths inside the picked folder (File.webkitRelativePath, which does not survive the
 * trip to a worker): with two or more class subfolders the set is labelled by them.
 */
export async function importImageFiles(opts: {
	files: File[];
	name: string;
	paths?: readonly string[];
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}): Promise<{ dataset?: UserDatasetInfo; skipped: SkippedFile[]; total: number }> {
	const total = opts.files.length;
	const skipped: SkippedFile[] = [];
	const examples: Uint8Array[] = [];
	const folders = opts.paths ? classesFromPaths(opts.paths) : undefined;
	const labels: number[] = [];
	for (const [i, file] of opts.files.entries()) {
		opts.signal?.throwIfAborted();
		if (i >= MAX_IMPORT_FILES) {
			skipped.push({
				name: file.name,
				reason: `Only the first ${MAX_IMPORT_FILES} images are used.`
			});
			continue;
		}
		const label = folders?.labels[i];
		if (folders && label === undefined) {
			skipped.push({
				name: file.name,
				reason: 'It is not inside a class folder (the other images are labelled by theirs).'
			});
			continue;
		}
		try {
			const { image } = await decodePhoto(file);
			examples.push(toGraySquare(image, { side: USER_IMAGE_SIDE }));
			if (label !== undefined) labels.push(label);
		} catch (err) {
			skipped.push({
				name: file.name,
				reason: err instanceof Error ? err.message : 'This file could not be read.'
			});
		}
		if (i % 8 === 7 || i === total - 1) opts.onProgress?.(i + 1, total);
	}
	if (examples.length === 0) return { skipped, total };
	const classes = folders ? compactClasses(labels, folders.classNames) : undefined;
	const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const dataset = await saveUserDataset({
		name: opts.name ? `${opts.name} · ${date}` : date,
		count: examples.length,
		side: USER_IMAGE_SIDE,
		channels: 1,
		images: packImages(examples, USER_IMAGE_SIDE),
		skipped,
		// One class left (the others' files all failed) labels nothing.
		...(classes && classes.classNames.length >= 2 ? classes : {})
	});
	return { dataset, skipped, total };
}

/**
 * Turns the files a person picked into a stored 28×28 grayscale training set, in the compute
 * worker: each file is sniffed and decoded (src/lib/photo/decode), reduced by toGraySquare, and
 * files that cannot be used are listed with the reason instead of failing the whole import.
 */
import { packImages, toGraySquare, USER_IMAGE_SIDE } from '$lib/ml/data/user-images';
import { decodePhoto } from '$lib/photo/decode';
import { saveUserDataset, type SkippedFile, type UserDatasetInfo } from '$lib/store/datasets';

/** More images than this are not needed to play with a model and would fill storage. */
export const MAX_IMPORT_FILES = 5000;

/**
 * Decodes, reduces and stores `files` under the picked folder's name and the date (the date
 * alone for loose files); returns the set (if any file worked) and what was skipped.
 */
export async function importImageFiles(opts: {
	files: File[];
	name: string;
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}): Promise<{ dataset?: UserDatasetInfo; skipped: SkippedFile[]; total: number }> {
	const total = opts.files.length;
	const skipped: SkippedFile[] = [];
	const examples: Uint8Array[] = [];
	for (const [i, file] of opts.files.entries()) {
		opts.signal?.throwIfAborted();
		if (i >= MAX_IMPORT_FILES) {
			skipped.push({
				name: file.name,
				reason: `Only the first ${MAX_IMPORT_FILES} images are used.`
			});
			continue;
		}
		try {
			const { image } = await decodePhoto(file);
			examples.push(toGraySquare(image, { side: USER_IMAGE_SIDE }));
		} catch (err) {
			skipped.push({
				name: file.name,
				reason: err instanceof Error ? err.message : 'This file could not be read.'
			});
		}
		if (i % 8 === 7 || i === total - 1) opts.onProgress?.(i + 1, total);
	}
	if (examples.length === 0) return { skipped, total };
	const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
	const dataset = await saveUserDataset({
		name: opts.name ? `${opts.name} · ${date}` : date,
		count: examples.length,
		side: USER_IMAGE_SIDE,
		channels: 1,
		images: packImages(examples, USER_IMAGE_SIDE),
		skipped
	});
	return { dataset, skipped, total };
}

/** The page's calls for the lab panels, through the shared compute worker. */
import { compute } from '$lib/state/compute.svelte';
import type { GridImages } from '$lib/components/grid-images';
import type { ComputeApi, LatentSnapshot } from '$lib/worker/protocol';

/** Frames of an interpolation walk. */
export const INTERPOLATION_FRAMES = 10;

/** The latent scatter of the running or last trained autoencoder, computed now. */
export async function fetchLatents(): Promise<LatentSnapshot> {
	return (await compute.worker()).call('latents', []);
}

/** Frames decoded between probe images a and b. */
export async function fetchInterpolation(a: number, b: number): Promise<GridImages> {
	const worker = await compute.worker();
	const { grid } = await worker.call('interpolateLatent', [{ a, b, frames: INTERPOLATION_FRAMES }]);
	return grid;
}

/** Imports image files as a stored training set, reporting progress. */
export async function importImages(
	files: File[],
	name: string,
	onProgress: (done: number, total: number) => void
): Promise<ReturnType<ComputeApi['importImages']>> {
	const worker = await compute.worker();
	// webkitRelativePath is lost when a File is posted to a worker, and it carries the classes.
	const paths = files.map((f) => f.webkitRelativePath);
	return worker.call('importImages', [{ files, name, paths }], {
		onEvent: (e) => {
			if (e.type === 'import') onProgress(e.done, e.total);
		}
	});
}

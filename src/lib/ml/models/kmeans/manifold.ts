/**
 * N2D clustering (McConville et al. 2019, "N2D: (Not Too) Deep Clustering via Clustering the
 * Local Manifold of an Autoencoded Embedding"): embed the points (usually an autoencoder's codes)
 * with UMAP (McInnes et al. 2018), then run K-Means in that low-dimensional embedding. K-Means
 * assumes round clusters; UMAP pulls each class's curved manifold into a compact blob first.
 */
import { UMAP } from 'umap-js';
import { createRng } from '../../random';
import { fitKMeans, type KMeansModel } from './model';

export interface UmapOptions {
	seed: number;
	/** Dimensions of the UMAP embedding (the N2D paper uses the number of clusters; default 10). */
	nComponents?: number;
	/** UMAP neighbourhood size (default 20, as in N2D). */
	nNeighbors?: number;
	/** UMAP minimum distance; 0 packs clusters tightly, which suits clustering (default 0). */
	minDist?: number;
	signal?: AbortSignal;
	/** Called every few UMAP epochs with the epochs done and their total. */
	onProgress?: (done: number, total: number) => void;
}

export interface ManifoldClusterOptions extends UmapOptions {
	k: number;
	/** K-Means restarts in the embedding (default 10). */
	nInit?: number;
}

export interface ManifoldClustering {
	/** Cluster of every input row. */
	labels: Int32Array;
	/** n×nComponents row-major UMAP embedding. */
	embedding: Float32Array;
	nComponents: number;
	kmeans: KMeansModel;
}

/** Epochs between progress reports and abort checks (each also yields to the event loop). */
const EPOCHS_PER_YIELD = 10;

/** Checks that `points` holds at least 2 rows of `dims` values; returns the row count. */
function rowCount(points: Float32Array, dims: number): number {
	const n = points.length / dims;
	if (!Number.isInteger(n) || n < 2) {
		throw new RangeError(`expected at least 2 rows of ${dims} values, got ${points.length} values`);
	}
	return n;
}

/** UMAP embedding (n×nComponents, row-major) of n×dims row-major `points`, seeded. */
export async function embedWithUmap(
	points: Float32Array,
	dims: number,
	opts: UmapOptions
): Promise<Float32Array> {
	const n = rowCount(points, dims);
	const nComponents = opts.nComponents ?? 10;
	const nNeighbors = Math.min(opts.nNeighbors ?? 20, n - 1);
	// umap-js draws every random number (neighbour search, layout, negative samples) from
	// `random`, so a seeded stream makes the whole embedding reproducible.
	const rng = createRng(opts.seed);
	const umap = new UMAP({ nComponents, nNeighbors, minDist: opts.minDist ?? 0, random: rng.next });
	const rows = Array.from({ length: n }, (_, i) =>
		Array.from(points.subarray(i * dims, (i + 1) * dims))
	);
	opts.signal?.throwIfAborted();
	const epochs = umap.initializeFit(rows);
	for (let e = 0; e < epochs; e++) {
		umap.step();
		if ((e + 1) % EPOCHS_PER_YIELD === 0 || e + 1 === epochs) {
			opts.onProgress?.(e + 1, epochs);
			await new Promise((r) => setTimeout(r, 0));
			opts.signal?.throwIfAborted();
		}
	}
	return Float32Array.from(umap.getEmbedding().flat());
}

/** UMAP-embeds n×dims row-major `points`, then clusters the embedding with K-Means (N2D). */
export async function clusterOnManifold(
	points: Float32Array,
	dims: number,
	opts: ManifoldClusterOptions
): Promise<ManifoldClustering> {
	const n = rowCount(points, dims);
	if (opts.k > n) throw new RangeError(`k = ${opts.k} is more than the ${n} rows`);
	const nComponents = opts.nComponents ?? 10;
	const embedding = await embedWithUmap(points, dims, opts);
	const kmeans = fitKMeans(embedding, nComponents, {
		k: opts.k,
		seed: opts.seed,
		nInit: opts.nInit ?? 10,
		signal: opts.signal
	});
	return { labels: kmeans.labels, embedding, nComponents, kmeans };
}

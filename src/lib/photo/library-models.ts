/**
 * The person's own models the photo studio can use, as the model library keeps them: stylizers
 * trained in the studio (kind, config) and denoising autoencoders trained in the lab, and how they
 * join the published ones in the studio's lists. No tfjs: the page uses it.
 */
import type { JsonValue, ModelRecord } from '$lib/store/db';
import type { DenoiserSource, StylizerEntry } from '$lib/photo-worker/protocol';

/** Photos one stylizer may learn from (each kept at 384 px, about 0.4 MB). */
export const MAX_TRAIN_PHOTOS = 8;

/** The model kind of stylizers trained in the app. */
export const STYLIZER_KIND = 'stylizer';

/** What a stylizer model record keeps as its config (small: it travels with shared models). */
export interface StylizerConfig {
	/** A built-in style's id, or 'own'. */
	styleId: string;
	styleName: string;
	network: 'vgg19' | 'random';
	steps: number;
	seed: number;
	crop: number;
	batchSize: number;
	[key: string]: JsonValue;
}

/** True for a config a stylizer run wrote (checked before trusting a stored or shared record). */
export function isStylizerConfig(v: unknown): v is StylizerConfig {
	const c = v as StylizerConfig | null;
	return (
		!!c &&
		typeof c.styleId === 'string' &&
		typeof c.styleName === 'string' &&
		(c.network === 'random' || c.network === 'vgg19') &&
		Number.isInteger(c.steps) &&
		Number.isInteger(c.seed) &&
		Number.isInteger(c.crop) &&
		Number.isInteger(c.batchSize)
	);
}

/**
 * The library's stylizers that have weights, as fast-stylizer entries: the version is the
 * checkpoint id, so a stylizer trained further is loaded afresh.
 */
export function libraryStylizers(records: readonly ModelRecord[]): StylizerEntry[] {
	return records.flatMap((m) =>
		m.kind === STYLIZER_KIND &&
		m.deletedAt === undefined &&
		m.latestCheckpointId &&
		isStylizerConfig(m.config)
			? [
					{
						name: m.name,
						version: m.latestCheckpointId,
						style: m.config.styleId,
						lossNetwork: m.config.network,
						metrics: m.metrics,
						modelId: m.id
					}
				]
			: []
	);
}

/** Library kinds that denoise: the lab's convolutional denoising autoencoder. */
export const DENOISER_KINDS: readonly string[] = ['conv-dae'];

/** A denoiser from the library, as the photo worker loads it. */
export type LibraryDenoiser = Extract<DenoiserSource, { type: 'library' }>;

/** The library's denoising autoencoders that have weights (version: the checkpoint id). */
export function libraryDenoisers(records: readonly ModelRecord[]): LibraryDenoiser[] {
	return records.flatMap((m) =>
		DENOISER_KINDS.includes(m.kind) && m.deletedAt === undefined && m.latestCheckpointId
			? [{ type: 'library', name: m.name, modelId: m.id, version: m.latestCheckpointId } as const]
			: []
	);
}

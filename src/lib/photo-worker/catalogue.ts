/** Reads the weights catalogue and picks out what the photo tools can use. */
import type { CatalogueModel } from '$lib/share/schema';
import type { CatalogueStatus, DenoiserEntry, StylizerEntry } from './protocol';

/** A published model is a denoiser when its kind or name says so (denoiser-gray, denoiser-color…). */
export function isDenoiser(m: Pick<CatalogueModel, 'name' | 'kind'>): boolean {
	return /denois/i.test(m.kind) || /denois/i.test(m.name);
}

/** Style transfer needs ImageNet VGG19 features. */
export function isVgg19(m: Pick<CatalogueModel, 'name' | 'kind'>): boolean {
	return /vgg-?19/i.test(m.kind) || /vgg-?19/i.test(m.name);
}

/** A fast feed-forward stylizer (stylizer-<style id>). */
export function isStylizer(m: Pick<CatalogueModel, 'name' | 'kind'>): boolean {
	return m.kind === 'stylizer';
}

/** The URL of a published model's model.json. */
export function modelUrl(name: string, version: string): string {
	return `/api/weights/${encodeURIComponent(name)}/${encodeURIComponent(version)}/model.json`;
}

/** A tfjs model the app can load (it lists a model.json), not e.g. a raw .h5 upload. */
export function hasModelJson(m: Pick<CatalogueModel, 'files'>): boolean {
	// Paths are relative to weights/ ("denoiser-gray/1/model.json") or to the version folder.
	return m.files.some((f) => /(^|\/)model\.json$/.test(f.path));
}

/** Sorts the catalogue into the photo tools' view; models without a model.json are skipped. */
export function summarise(models: readonly CatalogueModel[]): CatalogueStatus {
	const usable = models.filter(hasModelJson);
	// Best first by held-out PSNR at σ = 25, so the page's default is the best published one
	// (a grey model cleans colour photos too, in opponent colour planes).
	const psnr = (d: DenoiserEntry) => d.metrics?.val_psnr_sigma25 ?? -Infinity;
	const denoisers: DenoiserEntry[] = usable
		.filter(isDenoiser)
		.map((m) => ({
			name: m.name,
			version: m.version,
			kind: m.kind,
			params: m.params,
			metrics: m.metrics
		}))
		.sort((a, b) => psnr(b) - psnr(a));
	const stylizers: StylizerEntry[] = usable.filter(isStylizer).map((m) => ({
		name: m.name,
		version: m.version,
		style: m.name.replace(/^stylizer-/, ''),
		lossNetwork: /random multi-scale/i.test(m.training?.data ?? '') ? 'random' : 'vgg19',
		metrics: m.metrics
	}));
	const vgg = usable.find(isVgg19);
	return {
		denoisers,
		stylizers,
		vgg: vgg ? { name: vgg.name, version: vgg.version } : undefined
	};
}

/** Fetches GET /api/weights; never throws — an unreadable catalogue is reported in `error`. */
export async function fetchCatalogue(
	base: string,
	doFetch: typeof fetch = fetch
): Promise<CatalogueStatus> {
	try {
		const res = await doFetch(new URL('/api/weights', base));
		if (!res.ok) {
			return {
				denoisers: [],
				stylizers: [],
				error: `the weights catalogue answered ${res.status}`
			};
		}
		const body = (await res.json()) as { models?: CatalogueModel[] };
		return summarise(Array.isArray(body.models) ? body.models : []);
	} catch {
		return {
			denoisers: [],
			stylizers: [],
			error: 'the weights catalogue could not be reached (offline?)'
		};
	}
}

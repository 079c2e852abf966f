import { describe, expect, it } from 'vitest';
import type { CatalogueModel } from '$lib/share/schema';
import { fetchCatalogue, modelUrl, summarise } from './catalogue';

const file = (path: string) => ({ path, bytes: 1, sha256: '0'.repeat(64) });
const model = (
	name: string,
	kind: string,
	files = ['model.json', 'weights.bin']
): CatalogueModel => ({
	name,
	kind,
	version: '1',
	files: files.map(file)
});

describe('photo catalogue', () => {
	it('finds denoisers and VGG19, skipping models without a model.json', () => {
		const s = summarise([
			model('denoiser-gray', 'denoiser'),
			model('denoiser-color', 'denoiser', [
				'denoiser-color/1/model.json',
				'denoiser-color/1/group1-shard1of1.bin'
			]),
			model('conv-ae-fmnist', 'conv-ae'),
			model('vgg19', 'vgg19', ['weights.h5'])
		]);
		expect(s.denoisers.map((d) => d.name)).toEqual(['denoiser-gray', 'denoiser-color']);
		// Best first by held-out PSNR at σ = 25; models without the metric come last.
		const ranked = summarise([
			{ ...model('denoiser-a', 'denoiser'), metrics: { val_psnr_sigma25: 24.7 } },
			model('denoiser-b', 'denoiser'),
			{ ...model('denoiser-c', 'denoiser'), metrics: { val_psnr_sigma25: 27.6 } }
		]);
		expect(ranked.denoisers.map((d) => d.name)).toEqual(['denoiser-c', 'denoiser-a', 'denoiser-b']);
		expect(s.vgg).toBeUndefined();
		expect(summarise([model('vgg19-imagenet', 'feature-extractor')]).vgg?.name).toBe(
			'vgg19-imagenet'
		);
	});

	it('an empty catalogue and an unreachable server are answers, not crashes', async () => {
		const ok = (body: unknown) =>
			(async () => new Response(JSON.stringify(body))) as unknown as typeof fetch;
		expect(await fetchCatalogue('http://x/', ok({ models: [] }))).toEqual({
			denoisers: [],
			stylizers: [],
			vgg: undefined
		});
		const down = (async () => {
			throw new TypeError('offline');
		}) as unknown as typeof fetch;
		expect((await fetchCatalogue('http://x/', down)).error).toMatch(/offline/);
		const err = (async () => new Response('no', { status: 503 })) as unknown as typeof fetch;
		expect((await fetchCatalogue('http://x/', err)).error).toMatch(/503/);
	});

	it('lists fast stylizers with their style and the loss network they were trained with', () => {
		const s = summarise([
			{
				...model('stylizer-starry-night', 'stylizer'),
				training: {
					data: 'Loss network: random multi-scale features',
					licence: 'x',
					command: 'c',
					seed: 1,
					seconds: 1
				}
			},
			{ ...model('stylizer-udnie', 'stylizer'), training: undefined },
			model('denoiser-gray', 'denoiser')
		]);
		expect(s.stylizers).toEqual([
			{
				name: 'stylizer-starry-night',
				version: '1',
				style: 'starry-night',
				lossNetwork: 'random',
				metrics: undefined
			},
			{
				name: 'stylizer-udnie',
				version: '1',
				style: 'udnie',
				lossNetwork: 'vgg19',
				metrics: undefined
			}
		]);
	});

	it('builds weight URLs the Worker serves', () => {
		expect(modelUrl('denoiser-gray', '2')).toBe('/api/weights/denoiser-gray/2/model.json');
	});
});

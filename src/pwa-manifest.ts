import type { ManifestOptions } from 'vite-plugin-pwa';

/** The web app manifest: what the phone shows when the app is installed. */
export const manifest: Partial<ManifestOptions> = {
	id: '/',
	name: 'Latent Lab',
	short_name: 'Latent Lab',
	description:
		'Train K-Means, PCA, autoencoders, VAEs and GANs on your own device; denoise and stylize your photos.',
	start_url: '/',
	scope: '/',
	display: 'standalone',
	orientation: 'any',
	theme_color: '#4338ca',
	background_color: '#0f172a',
	categories: ['education', 'productivity', 'photo'],
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	],
	screenshots: [
		{
			src: '/screenshots/home-narrow.png',
			sizes: '375x812',
			type: 'image/png',
			form_factor: 'narrow',
			label: 'Latent Lab on a phone'
		},
		{
			src: '/screenshots/home-wide.png',
			sizes: '1280x800',
			type: 'image/png',
			form_factor: 'wide',
			label: 'Latent Lab on a laptop'
		}
	]
};

import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig, type Plugin } from 'vite';
import { manifest } from './src/pwa-manifest.ts';

/** Under `vite dev` the page must be cross-origin isolated too, or tfjs-wasm runs single-threaded. */
const isolationHeaders: Plugin = {
	name: 'latent-lab:isolation-headers',
	configureServer(server) {
		server.middlewares.use((_req, res, next) => {
			res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
			res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
			res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
			next();
		});
	}
};

export default defineConfig({
	plugins: [
		isolationHeaders,
		sveltekit(),
		SvelteKitPWA({
			strategies: 'generateSW',
			registerType: 'prompt',
			injectRegister: false,
			// SvelteKit's relative asset paths would make the register call './sw.js' with scope './',
			// which a first visit to a deep link (/m/<id>, /train/vae) resolves under that path: 404,
			// and no offline app for someone who arrives by a shared link.
			base: '/',
			scope: '/',
			manifest,
			kit: { adapterFallback: '200.html', spa: { fallbackMapping: '/200.html' } },
			workbox: {
				cacheId: 'latent-lab',
				// The shell, fonts, styles and the tfjs wasm builds: enough to open and train offline.
				globPatterns: ['client/**/*.{js,css,ico,png,jpg,svg,webp,woff,woff2,wasm,webmanifest}'],
				maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
				navigateFallback: '/200.html',
				navigateFallbackDenylist: [/^\/api\//],
				// A navigation with ?query must still reach its own route offline.
				ignoreURLParametersMatching: [/.*/],
				cleanupOutdatedCaches: true,
				runtimeCaching: [
					{
						// The catalogues: fresh when online, the last copy offline (the app verifies
						// weights against the sha256 they list, so it needs them offline too).
						urlPattern: ({ url }) =>
							url.pathname === '/api/weights' || url.pathname === '/api/datasets',
						handler: 'NetworkFirst',
						options: {
							cacheName: 'latent-lab-catalogue-v1',
							networkTimeoutSeconds: 10,
							cacheableResponse: { statuses: [200] }
						}
					},
					{
						// Weights: served from the cache the app fills with files it has verified against
						// the catalogue's sha256 (src/lib/net/verified-weights.ts). Network answers are
						// never stored here: only responses with the app's own header are cacheable.
						urlPattern: ({ url }) => url.pathname.startsWith('/api/weights/'),
						handler: 'CacheFirst',
						options: {
							cacheName: 'latent-lab-heavy-v1',
							cacheableResponse: { statuses: [200], headers: { 'x-latent-lab-verified': '1' } },
							rangeRequests: true
						}
					},
					{
						urlPattern: ({ url }) => url.pathname.startsWith('/api/datasets/'),
						handler: 'CacheFirst',
						options: {
							cacheName: 'latent-lab-heavy-v1',
							expiration: { maxEntries: 64, maxAgeSeconds: 60 * 60 * 24 * 365 },
							cacheableResponse: { statuses: [200] },
							rangeRequests: true
						}
					}
				]
			}
		})
	],
	worker: {
		format: 'es',
		// tfjs-backend-wasm builds its pthread workers from a stringified function; minifying the
		// worker bundle renames identifiers inside it and threads die with "e is not defined".
		rolldownOptions: { output: { minify: false } }
	},
	build: { target: 'es2022' },
	optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] }
});

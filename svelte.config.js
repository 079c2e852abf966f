import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// The app is a client-rendered SPA: every route is the same shell, so the Worker and the
		// service worker can answer any navigation (including /m/<id>) with one precached page.
		adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: false }),
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};

export default config;

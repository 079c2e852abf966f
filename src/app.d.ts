// See https://svelte.dev/docs/kit/types#app.d.ts
/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/svelte" />
declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};

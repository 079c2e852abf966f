// A client-rendered SPA: one shell answers every route, online and offline (see svelte.config.js).
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

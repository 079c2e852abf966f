/**
 * Content-Security-Policy for the app. SvelteKit's shell boots with one inline <script>; instead
 * of allowing every inline script we allow exactly the ones in the HTML we serve, by hash.
 */

const BASE_DIRECTIVES = [
	"default-src 'self'",
	// WebAssembly compilation (tfjs-wasm) needs wasm-unsafe-eval, never unsafe-eval.
	"worker-src 'self' blob:",
	"connect-src 'self'",
	"img-src 'self' data: blob:",
	"font-src 'self' data:",
	// Svelte transitions and inline style attributes need this; styles cannot run code.
	"style-src 'self' 'unsafe-inline'",
	"manifest-src 'self'",
	"media-src 'self' blob:",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'"
];

/** The CSP for a response: `scriptHashes` are the base64 sha256 of the page's inline scripts. */
export function buildCsp(scriptHashes: readonly string[] = []): string {
	const hashes = scriptHashes.map((h) => ` 'sha256-${h}'`).join('');
	return [...BASE_DIRECTIVES, `script-src 'self' 'wasm-unsafe-eval' blob:${hashes}`].join('; ');
}

/** The CSP for API responses: they are data, never documents. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** Extracts the inline scripts of an HTML document and returns their sha256 digests (base64). */
export async function inlineScriptHashes(html: string): Promise<string[]> {
	const out: string[] = [];
	for (const m of html.matchAll(INLINE_SCRIPT)) {
		const body = m[1] ?? '';
		if (!body.trim()) continue;
		const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
		out.push(bytesToBase64(new Uint8Array(digest)));
	}
	return out;
}

function bytesToBase64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}

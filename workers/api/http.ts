/** Shared HTTP helpers for the Worker: JSON errors and the security headers every response carries. */

/** The one error body shape every /api route answers with. */
export interface ApiErrorBody {
	error: { code: string; message: string };
}

/** A JSON response with the API's error shape; the message is for people, the code for programs. */
export function jsonError(
	status: number,
	code: string,
	message: string,
	headers?: HeadersInit
): Response {
	const body: ApiErrorBody = { error: { code, message } };
	const res = json(body, status);
	if (headers) new Headers(headers).forEach((v, k) => res.headers.set(k, v));
	return res;
}

/** A JSON response that is never cached by accident. */
export function json(body: unknown, status = 200): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/** Thrown by handlers to answer with a 4xx without building the response by hand. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers?: HeadersInit
	) {
		super(message);
	}
}

/**
 * Cross-origin isolation (COOP + COEP) lets the page use SharedArrayBuffer, which tfjs-wasm needs
 * for threads; CORP lets our own documents embed every asset under COEP.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-embedder-policy': 'require-corp',
	'cross-origin-resource-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy': 'camera=(self), microphone=(), geolocation=()'
};

/** Returns a copy of `res` whose headers carry isolation and, for HTML, the page's CSP. */
export function withSecurityHeaders(res: Response, csp: string): Response {
	// Responses from fetch() (assets, R2) can have immutable headers: copy before editing.
	const out = new Response(res.status === 304 || res.status === 204 ? null : res.body, res);
	for (const [k, v] of Object.entries(ISOLATION_HEADERS)) out.headers.set(k, v);
	out.headers.set('content-security-policy', csp);
	return out;
}

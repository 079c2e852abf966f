/** Serves the built PWA from the static assets binding, with the SPA shell for client routes. */
import { buildCsp, inlineScriptHashes } from './csp';
import { withSecurityHeaders } from './http';
import type { Env } from './env';

/** Client-side routes; anything else that is not a file is a 404 page (rendered by the app). */
const APP_ROUTES: readonly RegExp[] = [
	/^\/$/,
	/^\/train\/?$/,
	/^\/train\/[a-z0-9-]+\/?$/,
	/^\/photos\/?$/,
	/^\/generate\/?$/,
	/^\/models\/?$/,
	/^\/settings\/?$/,
	/^\/explore\/?$/,
	/^\/uses\/?$/,
	/^\/m\/[A-Za-z0-9_-]{1,64}\/?$/
];

const SHELL_PATH = '/200.html';

/** True when `pathname` is a page of the app (so the shell answers 200, not 404). */
export function isAppRoute(pathname: string): boolean {
	return APP_ROUTES.some((r) => r.test(pathname));
}

function isDocumentRequest(request: Request, url: URL): boolean {
	const last = url.pathname.split('/').pop() ?? '';
	return (
		(request.headers.get('accept') ?? '').includes('text/html') ||
		last.endsWith('.html') ||
		!last.includes('.')
	);
}

/**
 * The request without its validators, and a HEAD as a GET: the CSP is built from the body (an
 * empty HEAD body would hash no scripts); serveApp drops the body again when answering a HEAD.
 */
function unconditional(request: Request): Request {
	const headers = new Headers(request.headers);
	headers.delete('if-none-match');
	headers.delete('if-modified-since');
	const method = request.method === 'HEAD' ? 'GET' : request.method;
	return new Request(request, { headers, method });
}

// The shell changes only on deploy, so one isolate hashes it once per version (keyed by ETag).
const cspCache = new Map<string, string>();

async function htmlCsp(res: Response): Promise<{ body: string; csp: string }> {
	const body = await res.text();
	const key = res.headers.get('etag') ?? body.length + ':' + body.slice(-64);
	let csp = cspCache.get(key);
	if (!csp) {
		csp = buildCsp(await inlineScriptHashes(body));
		// An empty body (a HEAD answer) has no scripts to hash; its CSP must not stand for the page.
		if (body.length > 0) {
			if (cspCache.size > 16) cspCache.clear();
			cspCache.set(key, csp);
		}
	}
	return { body, csp };
}

/** Answers a non-API request from the assets, falling back to the shell for app routes. */
export async function serveApp(request: Request, env: Env): Promise<Response> {
	const url = new URL(request.url);
	// Documents are always answered in full: a 304 would carry a CSP without the page's script
	// hashes, and browsers merge 304 headers into the cached response (a blank page next visit).
	let res = await env.ASSETS.fetch(
		isDocumentRequest(request, url) ? unconditional(request) : request
	);
	let status = res.status;
	if (res.status === 404) {
		const wantsHtml =
			request.method === 'GET' || request.method === 'HEAD'
				? (request.headers.get('accept') ?? '').includes('text/html') || !url.pathname.includes('.')
				: false;
		if (!wantsHtml) return withSecurityHeaders(res, buildCsp());
		res = await env.ASSETS.fetch(
			new Request(new URL(SHELL_PATH, url), { headers: unconditional(request).headers })
		);
		// The same shell renders the app's own friendly 404 page for unknown paths.
		status = isAppRoute(url.pathname) ? 200 : 404;
	}
	const type = res.headers.get('content-type') ?? '';
	if (!type.includes('text/html') || res.status !== 200) {
		return withSecurityHeaders(res, buildCsp());
	}
	const { body, csp } = await htmlCsp(res);
	const headers = new Headers(res.headers);
	headers.set('cache-control', 'no-cache');
	const out = new Response(request.method === 'HEAD' ? null : body, { status, headers });
	return withSecurityHeaders(out, csp);
}

import { createExecutionContext, env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '../../workers/api/csp';
import worker from '../../workers/api/index';

const ORIGIN = 'http://localhost';

function get(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

function expectIsolation(res: Response): void {
	expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
	expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('content-security-policy')).toBeTruthy();
}

describe('security headers', () => {
	it('are on the app shell, with the inline boot script allowed by hash only', async () => {
		const res = await get('/', { headers: { accept: 'text/html' } });
		expect(res.status).toBe(200);
		expectIsolation(res);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob: 'sha256-[A-Za-z0-9+/=]+'/);
		expect(csp).not.toContain("'unsafe-eval'");
		expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
		expect(csp).toContain("frame-ancestors 'none'");
		const html = await res.text();
		expect(html).toContain('<title>Latent Lab</title>');
	});

	it('are on static assets', async () => {
		const res = await get('/manifest.webmanifest');
		expect(res.status).toBe(200);
		expectIsolation(res);
		expect(res.headers.get('content-type')).toContain('manifest');
		const manifest = (await res.json()) as { name: string; display: string };
		expect(manifest.name).toBe('Latent Lab');
		expect(manifest.display).toBe('standalone');
	});

	it('are on API responses', async () => {
		const res = await get('/api/health');
		expect(res.status).toBe(200);
		expectIsolation(res);
		expect(res.headers.get('content-security-policy')).toBe(
			"default-src 'none'; frame-ancestors 'none'"
		);
	});
});

describe('not found', () => {
	it('answers unknown API routes with a JSON 404 in the error shape', async () => {
		const res = await get('/api/does-not-exist');
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toContain('application/json');
		const body = (await res.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('not_found');
		expect(typeof body.error.message).toBe('string');
		expectIsolation(res);
	});

	it('answers a wrong method on a known route with 405 JSON', async () => {
		const res = await get('/api/health', { method: 'DELETE' });
		expect(res.status).toBe(405);
		const body = (await res.json()) as { error: { code: string } };
		expect(body.error.code).toBe('method_not_allowed');
	});

	it('serves unknown pages as the app shell with status 404, so the app renders its 404 page', async () => {
		const res = await get('/no/such/page', { headers: { accept: 'text/html' } });
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toContain('text/html');
		expectIsolation(res);
	});

	it('serves known client routes (including share links) as the shell with 200', async () => {
		for (const path of ['/train', '/settings', '/m/AAAAAAAAAAAAAAAAAAAAAA']) {
			const res = await get(path, { headers: { accept: 'text/html' } });
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type'), path).toContain('text/html');
		}
	});

	it('serves every page under src/routes (/uses too) as the shell with 200', async () => {
		for (const path of ['/', '/uses', '/uses/', '/photos', '/generate', '/models', '/explore']) {
			const res = await get(path, { headers: { accept: 'text/html' } });
			expect(res.status, path).toBe(200);
			expect(res.headers.get('content-type'), path).toContain('text/html');
			expect(await res.text(), path).toContain('<title>Latent Lab</title>');
		}
		const unknown = await get('/uses/nope', { headers: { accept: 'text/html' } });
		expect(unknown.status).toBe(404);
	});

	it('answers a missing asset file with a plain 404, not the shell', async () => {
		const res = await get('/_app/immutable/missing.js');
		expect(res.status).toBe(404);
		expectIsolation(res);
	});
});

describe('documents and revalidation', () => {
	it('answers a conditional request for a page in full, with the script hashes in its CSP', async () => {
		const first = await get('/', { headers: { accept: 'text/html' } });
		const etag = first.headers.get('etag');
		const csp = first.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("'sha256-");
		for (const path of ['/', '/200.html', '/settings']) {
			const again = await get(path, {
				headers: { accept: 'text/html', 'if-none-match': etag ?? '"x"' }
			});
			expect(again.status, path).toBe(200);
			expect(again.headers.get('content-security-policy'), path).toBe(csp);
		}
	});
});

describe('HEAD of a document', () => {
	it('does not leave a CSP without the script hashes for later GETs of the same version', async () => {
		// The real assets, but under an ETag no earlier request in this isolate has seen, so the
		// HEAD is the first request of this "version" (as right after a deploy).
		const etag = `"head-first-${crypto.randomUUID()}"`;
		const assets = {
			fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
				const res = await env.ASSETS.fetch(new Request(input, init));
				const headers = new Headers(res.headers);
				headers.set('etag', etag);
				return new Response(res.body, { status: res.status, headers });
			},
			connect: env.ASSETS.connect.bind(env.ASSETS)
		} satisfies Fetcher;
		// The shell served as itself (not as the fallback of an unknown path, which is a GET).
		const send = (method: string) =>
			worker.fetch(
				new Request(ORIGIN + '/200.html', { method, headers: { accept: 'text/html' } }),
				{ ...env, ASSETS: assets },
				createExecutionContext()
			);
		const head = await send('HEAD');
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
		const res = await send('GET');
		const html = await res.text();
		const hashes = await inlineScriptHashes(html);
		expect(hashes.length).toBeGreaterThan(0);
		const csp = res.headers.get('content-security-policy') ?? '';
		for (const h of hashes) expect(csp).toContain(`'sha256-${h}'`);
		// The HEAD itself carries the same policy as the GET.
		expect(head.headers.get('content-security-policy')).toBe(csp);
	});
});

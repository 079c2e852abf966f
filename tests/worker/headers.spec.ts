import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

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

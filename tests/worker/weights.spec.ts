import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/share/sha256';

const ORIGIN = 'http://localhost';

function call(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

async function putWithSha(key: string, bytes: Uint8Array, contentType: string): Promise<string> {
	const sha256 = await sha256Hex(bytes);
	await env.BUCKET.put(key, bytes, { httpMetadata: { contentType }, customMetadata: { sha256 } });
	return sha256;
}

async function expectError(res: Response, status: number, code?: string): Promise<void> {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	expect(res.headers.get('content-type')).toContain('application/json');
	const body = JSON.parse(text) as { error: { code: string; message: string } };
	if (code) expect(body.error.code).toBe(code);
}

const shard = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff);

const catalogueModel = {
	name: 'conv-ae-fmnist',
	kind: 'conv-autoencoder',
	version: '1',
	files: [{ path: 'conv-ae-fmnist/1/model.json', bytes: 10, sha256: 'a'.repeat(64) }],
	params: 12345,
	inputShape: [28, 28, 1],
	outputShape: [28, 28, 1],
	training: {
		data: 'fashion-mnist',
		licence: 'MIT',
		command: 'npm run pretrain',
		seed: 1,
		seconds: 290
	},
	metrics: { mse: 0.0099 }
};

describe('GET /api/weights', () => {
	it('answers an empty catalogue when R2 has no manifest', async () => {
		const res = await call('/api/weights');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ models: [] });
	});

	it('serves the manifest, drops invalid entries, and revalidates with 304', async () => {
		const manifest = {
			models: [catalogueModel, { name: '../evil', kind: 'x', version: '1', files: [] }]
		};
		await putWithSha(
			'weights/manifest.json',
			new TextEncoder().encode(JSON.stringify(manifest)),
			'application/json'
		);
		const res = await call('/api/weights');
		expect(res.status).toBe(200);
		const body = (await res.json()) as { models: unknown[] };
		expect(body.models).toEqual([catalogueModel]);
		const etag = res.headers.get('etag');
		expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
		const again = await call('/api/weights', { headers: { 'if-none-match': etag! } });
		expect(again.status).toBe(304);
		await env.BUCKET.delete('weights/manifest.json');
	});
});

describe('GET|HEAD /api/weights/:name/:version/:file', () => {
	const path = '/api/weights/conv-ae/1/group1-shard1of1.bin';

	it('streams the file with a strong sha256 ETag and immutable caching', async () => {
		const sha = await putWithSha(
			'weights/conv-ae/1/group1-shard1of1.bin',
			shard,
			'application/octet-stream'
		);
		const res = await call(path);
		expect(res.status).toBe(200);
		expect(res.headers.get('etag')).toBe(`"${sha}"`);
		expect(res.headers.get('x-content-sha256')).toBe(sha);
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(res.headers.get('accept-ranges')).toBe('bytes');
		expect(res.headers.get('content-type')).toBe('application/octet-stream');
		expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(shard);
	});

	it('answers If-None-Match with 304 and no body', async () => {
		const sha = await putWithSha(
			'weights/conv-ae/1/group1-shard1of1.bin',
			shard,
			'application/octet-stream'
		);
		for (const inm of [`"${sha}"`, `W/"${sha}"`, `"other", "${sha}"`, '*']) {
			const res = await call(path, { headers: { 'if-none-match': inm } });
			expect(res.status, inm).toBe(304);
			expect(res.headers.get('etag')).toBe(`"${sha}"`);
			expect(await res.text()).toBe('');
		}
		const miss = await call(path, { headers: { 'if-none-match': '"nope"' } });
		expect(miss.status).toBe(200);
		await miss.arrayBuffer();
	});

	it('serves byte ranges with 206 and refuses unsatisfiable ones with 416', async () => {
		await putWithSha('weights/conv-ae/1/group1-shard1of1.bin', shard, 'application/octet-stream');
		const cases: [string, number, number][] = [
			['bytes=0-9', 0, 10],
			['bytes=990-', 990, 10],
			['bytes=-5', 995, 5],
			['bytes=500-99999', 500, 500]
		];
		for (const [range, start, length] of cases) {
			const res = await call(path, { headers: { range } });
			expect(res.status, range).toBe(206);
			expect(res.headers.get('content-range')).toBe(`bytes ${start}-${start + length - 1}/1000`);
			expect(new Uint8Array(await res.arrayBuffer())).toEqual(
				shard.subarray(start, start + length)
			);
		}
		const bad = await call(path, { headers: { range: 'bytes=1000-' } });
		expect(bad.headers.get('content-range')).toBe('bytes */1000');
		await expectError(bad, 416, 'range_not_satisfiable');
		// Unsupported syntax (several ranges) is ignored: the whole file.
		const multi = await call(path, { headers: { range: 'bytes=0-1,5-6' } });
		expect(multi.status).toBe(200);
		expect((await multi.arrayBuffer()).byteLength).toBe(1000);
		// If-Range with another ETag means "the file changed": send it whole.
		const stale = await call(path, { headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
		expect(stale.status).toBe(200);
		await stale.arrayBuffer();
	});

	it('answers HEAD with the headers and no body', async () => {
		await putWithSha('weights/conv-ae/1/group1-shard1of1.bin', shard, 'application/octet-stream');
		const res = await call(path, { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe('1000');
		expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
		expect(await res.text()).toBe('');
	});

	it('falls back to the R2 etag when an object has no sha256 metadata', async () => {
		await env.BUCKET.put('weights/plain/2/w.bin', shard);
		const res = await call('/api/weights/plain/2/w.bin');
		expect(res.status).toBe(200);
		expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);
		expect(res.headers.get('x-content-sha256')).toBeNull();
		await res.arrayBuffer();
	});

	it('answers unknown files with a JSON 404 and odd names with 400', async () => {
		await expectError(await call('/api/weights/conv-ae/1/missing.bin'), 404, 'not_found');
		for (const p of [
			'/api/weights/%2e%2e/1/x.bin',
			'/api/weights/conv-ae/..%2f..%2fx/w.bin',
			'/api/weights/conv-ae/1/.hidden',
			'/api/weights/conv-ae/1/a%00b',
			'/api/weights/conv-ae/1/' + 'a'.repeat(200),
			'/api/weights/a%20b/1/x.bin'
		]) {
			const res = await call(p);
			expect([400, 404], p).toContain(res.status);
			if (res.status === 400) await expectError(res, 400, 'bad_name');
			else await expectError(res, 404);
		}
		await expectError(await call('/api/weights/conv-ae/1/.hidden'), 400, 'bad_name');
		await expectError(await call('/api/weights/conv-ae/1/a..b'), 400, 'bad_name');
	});

	it('answers a wrong method with 405', async () => {
		await expectError(await call(path, { method: 'PUT', body: 'x' }), 405, 'method_not_allowed');
		await expectError(await call('/api/weights', { method: 'POST', body: 'x' }), 405);
	});
});

import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { gzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/share/sha256';

const ORIGIN = 'http://localhost';

function call(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

const labels = gzipSync(Uint8Array.from({ length: 5000 }, (_, i) => i % 10));
const images = gzipSync(Uint8Array.from({ length: 20000 }, (_, i) => (i * 13) & 0xff));
let labelsSha = '';

beforeAll(async () => {
	labelsSha = await sha256Hex(labels);
	await env.BUCKET.put('datasets/toy/labels.gz', labels, {
		httpMetadata: { contentType: 'application/gzip' },
		customMetadata: { sha256: labelsSha }
	});
	await env.BUCKET.put('datasets/toy/images.gz', images, {
		customMetadata: { sha256: await sha256Hex(images) }
	});
	await env.BUCKET.put('datasets/other/a.gz', labels, { customMetadata: { sha256: labelsSha } });
	// Not a dataset file: nested deeper than datasets/<name>/<file>.
	await env.BUCKET.put('datasets/toy/sub/x.gz', labels);
});

describe('GET /api/datasets', () => {
	it('lists every dataset with file sizes, sha256 and URLs', async () => {
		const res = await call('/api/datasets');
		expect(res.status).toBe(200);
		const body = (await res.json()) as {
			datasets: {
				name: string;
				files: { file: string; bytes: number; sha256: string; url: string }[];
			}[];
		};
		const toy = body.datasets.find((d) => d.name === 'toy');
		expect(body.datasets.map((d) => d.name).sort()).toEqual(['other', 'toy']);
		expect(toy?.files.map((f) => f.file).sort()).toEqual(['images.gz', 'labels.gz']);
		const l = toy?.files.find((f) => f.file === 'labels.gz');
		expect(l).toEqual({
			file: 'labels.gz',
			bytes: labels.length,
			sha256: labelsSha,
			url: '/api/datasets/toy/labels.gz'
		});
	});
});

describe('GET|HEAD /api/datasets/:name/:file', () => {
	it('streams a file with ETag, long caching, and a default gzip type', async () => {
		const res = await call('/api/datasets/toy/images.gz');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/gzip');
		expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d{7,}/);
		expect(res.headers.get('etag')).toBe(`"${await sha256Hex(images)}"`);
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(images);
	});

	it('answers 304, 206, 416 and HEAD', async () => {
		const etag = `"${labelsSha}"`;
		const cached = await call('/api/datasets/toy/labels.gz', {
			headers: { 'if-none-match': etag }
		});
		expect(cached.status).toBe(304);
		const part = await call('/api/datasets/toy/labels.gz', { headers: { range: 'bytes=2-5' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 2-5/${labels.length}`);
		expect(new Uint8Array(await part.arrayBuffer())).toEqual(labels.subarray(2, 6));
		const bad = await call('/api/datasets/toy/labels.gz', {
			headers: { range: `bytes=${labels.length + 10}-` }
		});
		expect(bad.status).toBe(416);
		await bad.text();
		const head = await call('/api/datasets/toy/labels.gz', { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe(String(labels.length));
		expect(head.headers.get('x-content-sha256')).toBe(labelsSha);
	});

	it('answers unknown files with 404 and odd names with 400', async () => {
		const missing = await call('/api/datasets/toy/nope.gz');
		expect(missing.status).toBe(404);
		expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
		for (const p of [
			'/api/datasets/toy/..%2F..%2Fweights',
			'/api/datasets/-x/a.gz',
			'/api/datasets/toy/a..gz'
		]) {
			const res = await call(p);
			expect(res.status, p).toBe(400);
			expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_name');
		}
		const wrong = await call('/api/datasets', { method: 'DELETE' });
		expect(wrong.status).toBe(405);
		await wrong.text();
	});
});

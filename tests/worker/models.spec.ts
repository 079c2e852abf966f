import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/share/sha256';
import worker from '../../workers/api/index';
import {
	makeExportStyleZip,
	makeMeta,
	makeModelJson,
	makePng,
	makeShareZip,
	makeWeights
} from './share-fixtures';

const ORIGIN = 'http://localhost';
let ipCounter = 0;

interface ErrorBody {
	error: { code: string; message: string };
}

function call(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

/** POSTs a zip from a fresh client address, so the hourly limit never interferes by accident. */
function upload(body: BodyInit | null, headers: Record<string, string> = {}): Promise<Response> {
	return call('/api/models', {
		method: 'POST',
		body,
		headers: {
			'content-type': 'application/zip',
			'cf-connecting-ip': `10.0.0.${++ipCounter}`,
			...headers
		}
	});
}

async function share(
	zip = makeShareZip()
): Promise<{ id: string; url: string; deleteToken: string }> {
	const res = await upload(zip);
	expect(res.status, await res.clone().text()).toBe(201);
	return res.json();
}

async function expectError(res: Response, status: number, code?: string): Promise<ErrorBody> {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	expect(res.headers.get('content-type')).toContain('application/json');
	const body = JSON.parse(text) as ErrorBody;
	expect(typeof body.error.message).toBe('string');
	if (code) expect(body.error.code).toBe(code);
	return body;
}

async function countRows(): Promise<number> {
	const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM shared_models').first<{
		n: number;
	}>();
	return row?.n ?? 0;
}

async function modelBlobs(): Promise<string[]> {
	return (await env.BUCKET.list({ prefix: 'models/' })).objects.map((o) => o.key);
}

describe('POST /api/models', () => {
	it('stores a valid share and answers 201 with an id, a link and a delete token', async () => {
		const zip = makeShareZip();
		const res = await upload(zip);
		expect(res.status).toBe(201);
		const body = (await res.json()) as { id: string; url: string; deleteToken: string };
		expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(body.url).toBe(`/m/${body.id}`);
		expect(body.deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(res.headers.get('location')).toBe(`/api/models/${body.id}`);

		const row = await env.DB.prepare('SELECT * FROM shared_models WHERE id = ?')
			.bind(body.id)
			.first<Record<string, unknown>>();
		expect(row?.name).toBe('Tiny dense');
		expect(row?.size).toBe(zip.length);
		// Only the hash of the token is stored.
		expect(JSON.stringify(row)).not.toContain(body.deleteToken);
		const blob = await env.BUCKET.get(`models/${row?.sha256 as string}.zip`);
		expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(zip);
	});

	it('serves metadata and every file of the share, byte-identical to the upload', async () => {
		const weights = makeWeights(5);
		const thumbnail = makePng(16, 12);
		const zip = makeShareZip({ weights, thumbnail });
		const { id } = await share(zip);

		const info = await call(`/api/models/${id}`);
		expect(info.status).toBe(200);
		const meta = (await info.json()) as Record<string, unknown> & {
			meta: Record<string, unknown>;
			files: { weights: string[] };
		};
		expect(meta).toMatchObject({
			id,
			name: 'Tiny dense',
			kind: 'autoencoder',
			dataset: 'fashion-mnist',
			size: zip.length,
			metrics: { mse: 0.0123, psnr: 19.5 },
			params: 15,
			layers: 1
		});
		expect(Date.parse(meta.created as string)).toBeGreaterThan(Date.parse('2026-01-01'));
		expect(meta.files.weights).toEqual([`/api/models/${id}/weights.bin`]);

		const mj = await call(`/api/models/${id}/model.json`);
		expect(mj.status).toBe(200);
		expect(mj.headers.get('content-type')).toBe('application/json');
		expect(await mj.json()).toEqual(makeModelJson());

		// Weights resolve next to model.json (as tfjs.loadLayersModel does) and by name.
		for (const url of [`/api/models/${id}/weights.bin`, `/api/models/${id}/weights/weights.bin`]) {
			const w = await call(url);
			expect(w.status, url).toBe(200);
			expect(new Uint8Array(await w.arrayBuffer())).toEqual(weights);
		}

		const t = await call(`/api/models/${id}/thumbnail.png`);
		expect(t.headers.get('content-type')).toBe('image/png');
		expect(new Uint8Array(await t.arrayBuffer())).toEqual(thumbnail);

		const a = await call(`/api/models/${id}/archive.zip`);
		expect(a.status).toBe(200);
		expect(a.headers.get('content-type')).toBe('application/zip');
		const unzipped = unzipSync(new Uint8Array(await a.arrayBuffer()));
		expect(unzipped['weights.bin']).toEqual(weights);

		// Conditional GET of a share file.
		const etag = mj.headers.get('etag')!;
		const again = await call(`/api/models/${id}/model.json`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
	});

	it('accepts the app export layout: role folders, stored binaries, float16, no thumbnail', async () => {
		const zip = await makeExportStyleZip();
		const { id } = await share(zip);
		const info = (await (await call(`/api/models/${id}`)).json()) as {
			dataset: string | null;
			params: number;
			models: { path: string; url: string; params: number }[];
			files: { weights: string[] };
			meta: { roles: string[]; createdAt: number; config: unknown };
		};
		expect(info.dataset).toBeNull();
		expect(info.models.map((m) => m.path)).toEqual([
			'model.json',
			'encoder/model.json',
			'decoder/model.json'
		]);
		expect(info.models.map((m) => m.params)).toEqual([10, 10, 12]);
		expect(info.files.weights).toEqual([
			`/api/models/${id}/encoder/weights.bin`,
			`/api/models/${id}/decoder/weights.bin`
		]);
		expect(info.meta.roles).toEqual(['encoder', 'decoder']);
		expect(info.meta.config).toEqual({
			latent: 2,
			layers: [{ units: 4 }, { units: 2 }],
			lr: 0.001
		});
		const decoder = await call(`/api/models/${id}/decoder/model.json`);
		expect(decoder.status).toBe(200);
		expect(((await decoder.json()) as { weightsManifest: unknown[] }).weightsManifest).toHaveLength(
			1
		);
		const w = await call(`/api/models/${id}/weights/decoder%2Fweights.bin`);
		expect(w.status).toBe(200);
		expect((await w.arrayBuffer()).byteLength).toBe(48);

		// Optimizer state is not part of a share.
		await expectError(
			await upload(await makeExportStyleZip({ checkpoint: true })),
			422,
			'unexpected_file'
		);

		// float16 (as tfjs quantization or as a plain dtype) takes 2 bytes per value.
		for (const spec of [
			{ dtype: 'float32', quantization: { dtype: 'float16' } },
			{ dtype: 'float16' }
		]) {
			const mj = makeModelJson() as { weightsManifest: { weights: Record<string, unknown>[] }[] };
			for (const w of mj.weightsManifest[0]!.weights) Object.assign(w, spec);
			const half = makeShareZip({
				modelJson: mj,
				weights: new Uint8Array(30),
				files: { 'thumbnail.png': null }
			});
			const res = await upload(half);
			expect(res.status, await res.clone().text()).toBe(201);
			const created = (await res.json()) as { id: string };
			const got = (await (await call(`/api/models/${created.id}`)).json()) as {
				files: { thumbnail: unknown };
			};
			expect(got.files.thumbnail).toBeNull();
			await expectError(await call(`/api/models/${created.id}/thumbnail.png`), 404);
			// ... and the float32 byte count is then wrong.
			await expectError(await upload(makeShareZip({ modelJson: mj })), 422, 'weights_size');
		}
		const quant8 = makeModelJson() as { weightsManifest: { weights: Record<string, unknown>[] }[] };
		quant8.weightsManifest[0]!.weights[0]!.quantization = { dtype: 'uint8', scale: 1, min: 0 };
		await expectError(await upload(makeShareZip({ modelJson: quant8 })), 422, 'schema');
	});

	it('checks the byte counts meta.json declares', async () => {
		const meta = { ...makeMeta(), files: { 'weights.bin': { bytes: 61, sha256: 'a'.repeat(64) } } };
		await expectError(await upload(makeShareZip({ meta })), 422, 'file_size');
		const ghost = { ...makeMeta(), files: { 'ghost.bin': { bytes: 1, sha256: 'a'.repeat(64) } } };
		await expectError(await upload(makeShareZip({ meta: ghost })), 422, 'missing_file');
	});

	it('stores identical uploads once (one R2 object, two rows)', async () => {
		const zip = makeShareZip({ meta: makeMeta('Dedup') });
		const before = await countRows();
		const a = await share(zip);
		const b = await share(zip);
		expect(a.id).not.toBe(b.id);
		expect(await countRows()).toBe(before + 2);
		const rows = await env.DB.prepare(
			"SELECT DISTINCT sha256 FROM shared_models WHERE name = 'Dedup'"
		).all();
		expect(rows.results).toHaveLength(1);
		const key = `models/${(rows.results[0] as { sha256: string }).sha256}.zip`;
		expect((await modelBlobs()).filter((k) => k === key)).toHaveLength(1);

		// Deleting one keeps the blob for the other; deleting both removes it.
		const del = await call(`/api/models/${a.id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${a.deleteToken}` }
		});
		expect(del.status).toBe(204);
		expect(await env.BUCKET.head(key)).not.toBeNull();
		const still = await call(`/api/models/${b.id}/archive.zip`);
		expect(still.status).toBe(200);
		await still.arrayBuffer();
		const del2 = await call(`/api/models/${b.id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${b.deleteToken}` }
		});
		expect(del2.status).toBe(204);
		expect(await env.BUCKET.head(key)).toBeNull();
	});

	it('keeps the files of an upload when the only other share of the same zip is deleted meanwhile', async () => {
		const zip = makeShareZip({ meta: makeMeta('Race') });
		const a = await share(zip);
		// B's first storage call lets A's delete run to completion before B goes on: the window
		// between B looking at (or writing) the blob and B's row being visible to A's count.
		let interleaved = false;
		const bucket = new Proxy(env.BUCKET, {
			get(target, prop) {
				const value: unknown = Reflect.get(target, prop);
				if (typeof value !== 'function') return value;
				return async (...args: unknown[]) => {
					const result: unknown = await Reflect.apply(value, target, args);
					if (!interleaved && (prop === 'head' || prop === 'put')) {
						interleaved = true;
						const del = await call(`/api/models/${a.id}`, {
							method: 'DELETE',
							headers: { authorization: `Bearer ${a.deleteToken}` }
						});
						expect(del.status).toBe(204);
					}
					return result;
				};
			}
		});
		const ctx = createExecutionContext();
		const res = await worker.fetch(
			new Request(ORIGIN + '/api/models', {
				method: 'POST',
				body: zip,
				headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '192.0.2.90' }
			}),
			{ ...env, BUCKET: bucket },
			ctx
		);
		await waitOnExecutionContext(ctx);
		expect(res.status, await res.clone().text()).toBe(201);
		expect(interleaved).toBe(true);
		const b = (await res.json()) as { id: string };
		for (const path of ['archive.zip', 'model.json', 'weights.bin']) {
			const file = await call(`/api/models/${b.id}/${path}`);
			expect(file.status, path).toBe(200);
			await file.arrayBuffer();
		}
	});

	it('removes the row again when storing the zip fails, leaving no share behind', async () => {
		const zip = makeShareZip({ meta: makeMeta('Unstored') });
		const before = await countRows();
		const bucket = new Proxy(env.BUCKET, {
			get(target, prop) {
				if (prop === 'put') return () => Promise.reject(new Error('R2 is down'));
				const value: unknown = Reflect.get(target, prop);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
		const ctx = createExecutionContext();
		const res = await worker.fetch(
			new Request(ORIGIN + '/api/models', {
				method: 'POST',
				body: zip,
				headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '192.0.2.91' }
			}),
			{ ...env, BUCKET: bucket },
			ctx
		);
		await waitOnExecutionContext(ctx);
		expect(res.status).toBe(500);
		await res.arrayBuffer();
		expect(await countRows()).toBe(before);
	});

	it('leaves no blob behind when the row cannot be written', async () => {
		const zip = makeShareZip({ meta: makeMeta('Rowless') });
		const before = await countRows();
		const db = new Proxy(env.DB, {
			get(target, prop) {
				if (prop === 'prepare') {
					// The share insert fails as D1 would (an unknown table); rate limiting still works.
					return (sql: string) => target.prepare(sql.replace('INTO shared_models', 'INTO gone'));
				}
				const value: unknown = Reflect.get(target, prop);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
		const ctx = createExecutionContext();
		const res = await worker.fetch(
			new Request(ORIGIN + '/api/models', {
				method: 'POST',
				body: zip,
				headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '192.0.2.92' }
			}),
			{ ...env, DB: db },
			ctx
		);
		await waitOnExecutionContext(ctx);
		expect(res.status).toBe(500);
		await res.arrayBuffer();
		expect(await countRows()).toBe(before);
		expect(await env.BUCKET.head(`models/${await sha256Hex(zip)}.zip`)).toBeNull();
	});

	it('refuses a wrong Content-Type with 415', async () => {
		const zip = makeShareZip();
		await expectError(
			await upload(zip, { 'content-type': 'application/octet-stream' }),
			415,
			'unsupported_media_type'
		);
		await expectError(await upload(zip, { 'content-type': 'text/plain' }), 415);
	});

	it('refuses an oversized body by Content-Length before reading it (413)', async () => {
		// A stream that would fail the test if it were read at all.
		let pulled = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(c) {
				pulled++;
				c.enqueue(new Uint8Array(1024));
			}
		});
		const res = await call('/api/models', {
			method: 'POST',
			body,
			duplex: 'half',
			headers: { 'content-type': 'application/zip', 'content-length': String(33 * 1024 * 1024) }
		} as RequestInit);
		await expectError(res, 413, 'too_large');
		expect(pulled).toBeLessThan(4);
	});

	it('refuses an oversized streamed body without Content-Length as soon as it passes 32 MiB', async () => {
		const chunk = new Uint8Array(1024 * 1024);
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(c) {
				if (sent >= 40) return c.close();
				sent++;
				c.enqueue(chunk);
			}
		});
		const res = await call('/api/models', {
			method: 'POST',
			body,
			duplex: 'half',
			headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '10.9.9.9' }
		} as RequestInit);
		await expectError(res, 413, 'too_large');
		expect(sent).toBeLessThan(40);
	});

	it('answers a body that breaks off mid-stream with a 4xx, not a 5xx', async () => {
		let n = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(c) {
				if (n++ < 3) c.enqueue(new Uint8Array(1024));
				else c.error(new Error('client went away'));
			}
		});
		const res = await call('/api/models', {
			method: 'POST',
			body,
			duplex: 'half',
			headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '10.8.8.8' }
		} as RequestInit);
		// Through the test's service pipe the error may arrive as an early end of the body instead:
		// either way the answer is a 400 of ours.
		const answer = await expectError(res, 400);
		expect(['body_read_failed', 'bad_zip']).toContain(answer.error.code);
	});

	it('refuses an empty body and a body that is not a zip with 400', async () => {
		await expectError(await upload(new Uint8Array(0)), 400, 'empty_body');
		await expectError(
			await upload(new TextEncoder().encode('not a zip at all, just text')),
			400,
			'bad_zip'
		);
	});

	it('refuses schema failures with 422 and the reason', async () => {
		const deep = makeModelJson();
		let node: Record<string, unknown> = deep.modelTopology as Record<string, unknown>;
		for (let i = 0; i < 40; i++) node = (node.nest = {}) as Record<string, unknown>;
		const lambda = makeModelJson();
		(
			lambda.modelTopology as { config: { layers: { class_name: string }[] } }
		).config.layers[0]!.class_name = 'Lambda';
		const wrongDtype = makeModelJson();
		(wrongDtype.weightsManifest as { weights: { dtype: string }[] }[])[0]!.weights[0]!.dtype =
			'string';
		const negShape = makeModelJson();
		(negShape.weightsManifest as { weights: { shape: number[] }[] }[])[0]!.weights[0]!.shape = [
			-4, 3
		];
		const cases: [string, Uint8Array, string][] = [
			['deep nesting', makeShareZip({ modelJson: deep }), 'json_too_deep'],
			['Lambda layer', makeShareZip({ modelJson: lambda }), 'layer_not_allowed'],
			['bad dtype', makeShareZip({ modelJson: wrongDtype }), 'schema'],
			['negative shape', makeShareZip({ modelJson: negShape }), 'schema'],
			['short weights', makeShareZip({ weights: makeWeights().subarray(0, 56) }), 'weights_size'],
			['long name', makeShareZip({ meta: { ...makeMeta(), name: 'x'.repeat(81) } }), 'schema'],
			[
				'control chars in name',
				makeShareZip({ meta: { ...makeMeta(), name: 'a\u0000b' } }),
				'schema'
			],
			[
				'non-PNG thumbnail',
				makeShareZip({ thumbnail: new TextEncoder().encode('GIF89a....') }),
				'bad_thumbnail'
			],
			['missing meta', makeShareZip({ files: { 'meta.json': null } }), 'missing_file'],
			['extra file', makeShareZip({ files: { 'evil.js': 'alert(1)' } }), 'unexpected_file'],
			['folder entry', makeShareZip({ files: { '../x': 'y' } }), 'bad_file_name']
		];
		for (const [what, zip, code] of cases) {
			const body = await expectError(await upload(zip), 422, code).catch((e: unknown) => {
				throw new Error(`${what}: ${String(e)}`);
			});
			expect(body.error.message.length, what).toBeGreaterThan(0);
		}
	});

	it('refuses a zip bomb from its central directory, before inflating (413)', async () => {
		// 20 MiB of zeros compresses to ~20 KiB: a 1000:1 ratio.
		const zip = makeShareZip({ files: { 'zeros.bin': new Uint8Array(20 * 1024 * 1024) } });
		expect(zip.length).toBeLessThan(200_000);
		await expectError(await upload(zip), 413, 'zip_limits');
	});

	it('limits uploads per client per hour with 429 and Retry-After', async () => {
		const limited = { ...env, UPLOADS_PER_HOUR: '2' };
		const send = async () => {
			const ctx = createExecutionContext();
			const req = new Request(ORIGIN + '/api/models', {
				method: 'POST',
				body: makeShareZip(),
				headers: { 'content-type': 'application/zip', 'cf-connecting-ip': '192.0.2.77' }
			});
			const res = await worker.fetch(req, limited, ctx);
			await waitOnExecutionContext(ctx);
			return res;
		};
		expect((await send()).status).toBe(201);
		expect((await send()).status).toBe(201);
		const third = await send();
		await expectError(third, 429, 'rate_limited');
		const retry = Number(third.headers.get('retry-after'));
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(3600);
		// Another client is not affected.
		expect((await upload(makeShareZip())).status).toBe(201);
		// The table never holds the address itself.
		const rows = await env.DB.prepare('SELECT client FROM rate_limits').all<{ client: string }>();
		expect(rows.results.some((r) => r.client.includes('192.0.2.77'))).toBe(false);
	});
});

describe('GET /api/models/:id', () => {
	it('answers unknown, malformed and deleted ids with the same 404', async () => {
		const { id, deleteToken } = await share(makeShareZip({ meta: makeMeta('Doomed') }));
		const del = await call(`/api/models/${id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${deleteToken}` }
		});
		expect(del.status).toBe(204);
		const bodies: string[] = [];
		for (const path of [
			`/api/models/${id}`,
			'/api/models/AAAAAAAAAAAAAAAAAAAAAA',
			'/api/models/short'
		]) {
			const res = await call(path);
			await expectError(res.clone(), 404, 'not_found');
			bodies.push(await res.text());
		}
		expect(new Set(bodies).size).toBe(1);
		await expectError(await call(`/api/models/${id}/model.json`), 404);
		await expectError(await call(`/api/models/${id}/archive.zip`), 404);
		// A second delete of the same id is a 404 too.
		const again = await call(`/api/models/${id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${deleteToken}` }
		});
		await expectError(again, 404, 'not_found');
	});

	it('answers a file the share does not have with 404 and a wrong method with 405', async () => {
		const { id } = await share(makeShareZip({ meta: makeMeta('Files') }));
		await expectError(await call(`/api/models/${id}/weights/nope.bin`), 404);
		await expectError(await call(`/api/models/${id}/weights/model.json`), 404);
		await expectError(
			await call(`/api/models/${id}`, { method: 'POST' }),
			405,
			'method_not_allowed'
		);
		await expectError(await call('/api/models', { method: 'GET' }), 405);
	});
});

describe('DELETE /api/models/:id', () => {
	it('needs the right token: none is 401, a wrong one 403, and the share survives', async () => {
		const { id, deleteToken } = await share(makeShareZip({ meta: makeMeta('Guarded') }));
		await expectError(await call(`/api/models/${id}`, { method: 'DELETE' }), 401, 'unauthorized');
		const wrong = deleteToken.slice(0, -1) + (deleteToken.endsWith('A') ? 'B' : 'A');
		await expectError(
			await call(`/api/models/${id}`, {
				method: 'DELETE',
				headers: { authorization: `Bearer ${wrong}` }
			}),
			403,
			'forbidden'
		);
		expect((await call(`/api/models/${id}`)).status).toBe(200);
		const ok = await call(`/api/models/${id}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${deleteToken}` }
		});
		expect(ok.status).toBe(204);
		await expectError(await call(`/api/models/${id}`), 404);
	});
});

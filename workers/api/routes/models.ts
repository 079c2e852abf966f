/**
 * Shared models: POST /api/models (upload a share zip), GET /api/models/:id (+ its files),
 * DELETE /api/models/:id (with the delete token). Zips live in R2 once per content hash;
 * D1 holds one row per share.
 */
import { ShareFormatError } from '../../../src/lib/share/errors';
import { MAX_UPLOAD_BYTES, MODEL_JSON, THUMBNAIL_PNG } from '../../../src/lib/share/limits';
import type { ShareCreated, SharedModelInfo } from '../../../src/lib/share/schema';
import { validateShareArchive, type ValidatedShare } from '../../../src/lib/share/validate';
import { extractEntry } from '../../../src/lib/share/zip';
import { HttpError, json } from '../http';
import { readBodyLimited } from '../lib/body';
import { constantTimeEqual, newDeleteToken, newShareId, SHARE_ID, sha256Hex } from '../lib/ids';
import { etagMatches, serveR2Object } from '../lib/r2-serve';
import { clientKey, pruneRateLimits, takeUploadSlot, uploadsPerHour } from '../lib/ratelimit';
import { deleteShare, findShare, insertShare, shareBlobKey, type Share } from '../lib/shares';
import { route, type Handler } from '../router';

/** A share's files never change while it exists; an hour bounds how long a deleted one lingers. */
const SHARE_FILE_CACHE = 'public, max-age=3600';

const notFound = () => new HttpError(404, 'not_found', 'No shared model with this id.');

/** Loads the share named by the URL; malformed, unknown and deleted ids all look the same. */
async function loadShare(env: { DB: D1Database }, id: string | undefined): Promise<Share> {
	if (!id || !SHARE_ID.test(id)) throw notFound();
	const share = await findShare(env.DB, id);
	if (!share) throw notFound();
	return share;
}

function requireZipType(request: Request): void {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/zip') {
		throw new HttpError(
			415,
			'unsupported_media_type',
			'Send the share as Content-Type: application/zip.'
		);
	}
}

function validate(zip: Uint8Array): ValidatedShare {
	try {
		return validateShareArchive(zip);
	} catch (err) {
		if (err instanceof ShareFormatError) throw new HttpError(err.status, err.code, err.message);
		// Anything else is still the upload's fault (a parser met bytes it did not expect).
		console.warn('share validation threw unexpectedly', err);
		throw new HttpError(400, 'bad_zip', 'The upload could not be read as a share zip.');
	}
}

const create: Handler = async (request, env, _params, ctx) => {
	requireZipType(request);
	const declared = request.headers.get('content-length');
	if (declared && Number(declared) > MAX_UPLOAD_BYTES) {
		throw new HttpError(413, 'too_large', `The upload is larger than ${MAX_UPLOAD_BYTES} bytes.`);
	}
	await takeUploadSlot(env.DB, clientKey(request), uploadsPerHour(env.UPLOADS_PER_HOUR));
	ctx.waitUntil(pruneRateLimits(env.DB).catch(() => undefined));

	const zip = await readBodyLimited(request, MAX_UPLOAD_BYTES);
	if (zip.length === 0) throw new HttpError(400, 'empty_body', 'The upload is empty.');
	const v = validate(zip);

	const sha256 = await sha256Hex(zip);
	const key = shareBlobKey(sha256);
	// Identical uploads share one blob; R2 verifies the bytes against the hash on write.
	if (!(await env.BUCKET.head(key))) {
		await env.BUCKET.put(key, zip, {
			sha256,
			httpMetadata: { contentType: 'application/zip' },
			customMetadata: { sha256 }
		});
	}
	const id = newShareId();
	const deleteToken = newDeleteToken();
	await insertShare(env.DB, {
		id,
		createdAt: Date.now(),
		name: v.meta.name,
		kind: v.meta.kind,
		dataset: v.meta.dataset,
		size: zip.length,
		sha256,
		metadata: { meta: v.meta, params: v.params, layers: v.layers, weightFiles: v.weightFiles },
		deleteTokenHash: await sha256Hex(deleteToken),
		entries: v.entries
	});
	const res = json({ id, url: `/m/${id}`, deleteToken } satisfies ShareCreated, 201);
	res.headers.set('location', `/api/models/${id}`);
	return res;
};

function info(s: Share): SharedModelInfo {
	const base = `/api/models/${s.id}`;
	const { meta, params, layers, weightFiles } = s.metadata;
	return {
		id: s.id,
		name: s.name,
		kind: s.kind,
		dataset: s.dataset,
		size: s.size,
		sha256: s.sha256,
		created: new Date(s.createdAt).toISOString(),
		metrics: meta.metrics,
		meta,
		params,
		layers,
		files: {
			modelJson: `${base}/model.json`,
			thumbnail: `${base}/thumbnail.png`,
			archive: `${base}/archive.zip`,
			weights: weightFiles.map((f) => `${base}/weights/${encodeURIComponent(f)}`)
		}
	};
}

const show: Handler = async (_request, env, params) => json(info(await loadShare(env, params.id)));

/** Serves one file of the stored zip with a single ranged R2 read. */
async function serveEntry(
	request: Request,
	env: { BUCKET: R2Bucket },
	s: Share,
	name: string,
	type: string
) {
	const entry = s.entries.find((e) => e.name === name);
	if (!entry) throw new HttpError(404, 'not_found', 'No such file in this shared model.');
	const etag = `"${s.sha256}:${name}"`;
	const headers = new Headers({ etag, 'cache-control': SHARE_FILE_CACHE, 'content-type': type });
	if (etagMatches(request.headers.get('if-none-match'), etag))
		return new Response(null, { status: 304, headers });
	let data: Uint8Array<ArrayBuffer> = new Uint8Array(0);
	if (entry.compressedSize > 0) {
		const object = await env.BUCKET.get(shareBlobKey(s.sha256), {
			range: { offset: entry.offset, length: entry.compressedSize }
		});
		if (!object) throw notFound();
		data = extractEntry(new Uint8Array(await object.arrayBuffer()), { ...entry, offset: 0 });
	}
	headers.set('content-length', String(data.length));
	return new Response(request.method === 'HEAD' ? null : data, { headers });
}

const modelJson: Handler = async (request, env, params) =>
	serveEntry(request, env, await loadShare(env, params.id), MODEL_JSON, 'application/json');

const thumbnail: Handler = async (request, env, params) =>
	serveEntry(request, env, await loadShare(env, params.id), THUMBNAIL_PNG, 'image/png');

const weightFile: Handler = async (request, env, params) => {
	const s = await loadShare(env, params.id);
	const file = decodeURIComponent(params.file ?? '');
	if (!s.metadata.weightFiles.includes(file))
		throw new HttpError(404, 'not_found', 'No such weight file.');
	return serveEntry(request, env, s, file, 'application/octet-stream');
};

const archive: Handler = async (request, env, params) => {
	const s = await loadShare(env, params.id);
	return serveR2Object(request, env.BUCKET, shareBlobKey(s.sha256), {
		cacheControl: SHARE_FILE_CACHE,
		contentType: 'application/zip',
		downloadName: `${s.id}.zip`
	});
};

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{1,128})\s*$/;

const remove: Handler = async (request, env, params) => {
	const s = await loadShare(env, params.id);
	const m = BEARER.exec(request.headers.get('authorization') ?? '');
	if (!m) {
		throw new HttpError(
			401,
			'unauthorized',
			'Send the delete token as Authorization: Bearer <token>.',
			{
				'www-authenticate': 'Bearer'
			}
		);
	}
	if (!constantTimeEqual(await sha256Hex(m[1]!), s.deleteTokenHash)) {
		throw new HttpError(403, 'forbidden', 'This delete token does not match.');
	}
	const { deleted, remaining } = await deleteShare(env.DB, s);
	if (!deleted) throw notFound();
	if (remaining === 0) await env.BUCKET.delete(shareBlobKey(s.sha256));
	return new Response(null, { status: 204 });
};

export const modelsRoutes = [
	route('POST', '/api/models', create),
	route('GET', '/api/models/:id', show),
	route('DELETE', '/api/models/:id', remove),
	route('GET', '/api/models/:id/model.json', modelJson),
	route('GET', '/api/models/:id/thumbnail.png', thumbnail),
	route('GET', '/api/models/:id/archive.zip', archive),
	route('GET', '/api/models/:id/weights/:file', weightFile)
];

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
import { sha256Hex } from '../../../src/lib/share/sha256';
import { constantTimeEqual, newDeleteToken, newShareId, SHARE_ID } from '../lib/ids';
import { etagMatches, serveR2Object } from '../lib/r2-serve';
import { clientKey, pruneRateLimits, takeUploadSlot, uploadsPerHour } from '../lib/ratelimit';
import {
	countShares,
	deleteShare,
	findShare,
	insertShare,
	shareBlobKey,
	type Share
} from '../lib/shares';
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
	const id = newShareId();
	const deleteToken = newDeleteToken();
	const deleteTokenHash = await sha256Hex(deleteToken);
	// Row first, then the blob, always: a delete of another share of the same zip counts this row
	// (and keeps the blob), or ran before it and this put brings the blob back. Skipping the put
	// when the blob exists let such a delete remove it after the check; a put before the row
	// left an orphaned blob when the insert failed.
	await insertShare(env.DB, {
		id,
		createdAt: Date.now(),
		name: v.meta.name,
		kind: v.meta.kind,
		// The column is NOT NULL; the null of "no dataset" lives in the metadata.
		dataset: v.meta.dataset ?? '',
		size: zip.length,
		sha256,
		metadata: {
			meta: v.meta,
			models: v.models,
			weightFiles: v.weightFiles,
			hasThumbnail: v.thumbnail !== null
		},
		deleteTokenHash,
		entries: v.entries
	});
	try {
		// Content-addressed, so writing it again is harmless; R2 verifies the bytes against the hash.
		await env.BUCKET.put(shareBlobKey(sha256), zip, {
			sha256,
			httpMetadata: { contentType: 'application/zip' },
			customMetadata: { sha256 }
		});
	} catch (err) {
		// Without its blob the share would answer 404 for every file: take the row back.
		await deleteShare(env.DB, { id, deleteTokenHash, sha256 }).catch(() => undefined);
		throw err;
	}
	const res = json({ id, url: `/m/${id}`, deleteToken } satisfies ShareCreated, 201);
	res.headers.set('location', `/api/models/${id}`);
	return res;
};

/** URL of a file of a share: paths are zip paths, so tfjs resolves weights next to model.json. */
function fileUrl(id: string, path: string): string {
	return `/api/models/${id}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function info(s: Share): SharedModelInfo {
	const { meta, models, weightFiles, hasThumbnail } = s.metadata;
	return {
		id: s.id,
		name: s.name,
		kind: s.kind,
		dataset: meta.dataset,
		size: s.size,
		sha256: s.sha256,
		created: new Date(s.createdAt).toISOString(),
		metrics: meta.metrics,
		meta,
		params: models.reduce((a, m) => a + m.params, 0),
		layers: models.reduce((a, m) => a + m.layers, 0),
		models: models.map((m) => ({
			path: m.path,
			url: fileUrl(s.id, m.path),
			layers: m.layers,
			params: m.params
		})),
		files: {
			modelJson: fileUrl(s.id, MODEL_JSON),
			thumbnail: hasThumbnail ? fileUrl(s.id, THUMBNAIL_PNG) : null,
			archive: `/api/models/${s.id}/archive.zip`,
			weights: weightFiles.map((f) => fileUrl(s.id, f))
		}
	};
}

const show: Handler = async (_request, env, params) => json(info(await loadShare(env, params.id)));

const TYPES: Record<string, string> = { json: 'application/json', png: 'image/png' };

/** Serves one file of the stored zip with a single ranged R2 read. */
async function serveEntry(request: Request, env: { BUCKET: R2Bucket }, s: Share, path: string) {
	const entry = s.entries.find((e) => e.name === path);
	if (!entry) throw new HttpError(404, 'not_found', 'No such file in this shared model.');
	const type = TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
	const etag = `"${s.sha256}:${path}"`;
	const headers = new Headers({ etag, 'cache-control': SHARE_FILE_CACHE, 'content-type': type });
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
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

/** GET /api/models/:id/<zip path>: model.json, thumbnail.png, weights.bin, <role>/model.json... */
const file: Handler = async (request, env, params) => {
	const s = await loadShare(env, params.id);
	return serveEntry(request, env, s, safeDecode(params.path));
};

/** GET /api/models/:id/weights/:file: a weight file by its zip path (`%2F` for role folders). */
const weightFile: Handler = async (request, env, params) => {
	const s = await loadShare(env, params.id);
	const name = safeDecode(params.file);
	if (s.metadata.weightFiles.includes(name)) return serveEntry(request, env, s, name);
	// A role could be called "weights": then this URL names a file in that folder.
	return serveEntry(request, env, s, `weights/${name}`);
};

function safeDecode(value: string | undefined): string {
	try {
		return decodeURIComponent(value ?? '');
	} catch {
		throw new HttpError(404, 'not_found', 'No such file in this shared model.');
	}
}

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
	// Count again right before deleting: an identical upload may have added its row meanwhile. One
	// that inserts after this count puts the blob after it too, so only an insert and a put that
	// both land between this count and the delete (one R2 call) can still lose the blob.
	if (remaining === 0 && (await countShares(env.DB, s.sha256)) === 0) {
		await env.BUCKET.delete(shareBlobKey(s.sha256));
	}
	return new Response(null, { status: 204 });
};

export const modelsRoutes = [
	route('POST', '/api/models', create),
	route('GET', '/api/models/:id', show),
	route('DELETE', '/api/models/:id', remove),
	route('GET', '/api/models/:id/archive.zip', archive),
	route('GET', '/api/models/:id/weights/:file', weightFile),
	route('GET', '/api/models/:id/:path+', file)
];

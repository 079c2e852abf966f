/**
 * Serves immutable R2 objects over HTTP: strong ETags from the stored sha256, conditional GETs
 * (304), single byte ranges (206/416) and HEAD without touching the body.
 */
import { HttpError, jsonError } from '../http';
import { parseRange } from './range';

export interface ServeOptions {
	/** Cache-Control for 200/206/304 answers. */
	cacheControl: string;
	/** Content-Type when the object carries none. */
	contentType?: string;
	/** Adds `Content-Disposition: attachment` with this file name. */
	downloadName?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Answers GET/HEAD for the R2 object at `key`; a missing object is a JSON 404. */
export async function serveR2Object(
	request: Request,
	bucket: R2Bucket,
	key: string,
	opts: ServeOptions
): Promise<Response> {
	const head = await bucket.head(key);
	if (!head) throw new HttpError(404, 'not_found', 'No such file.');
	const sha = head.customMetadata?.sha256;
	const hasSha = typeof sha === 'string' && SHA256_HEX.test(sha);
	const etag = hasSha ? `"${sha}"` : head.httpEtag;

	const headers = new Headers({
		etag,
		'cache-control': opts.cacheControl,
		'accept-ranges': 'bytes',
		'content-type':
			head.httpMetadata?.contentType ?? opts.contentType ?? 'application/octet-stream',
		'last-modified': head.uploaded.toUTCString()
	});
	if (hasSha) headers.set('x-content-sha256', sha);
	if (opts.downloadName)
		headers.set('content-disposition', `attachment; filename="${opts.downloadName}"`);

	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}

	const ifRange = request.headers.get('if-range');
	const range =
		ifRange && ifRange.trim() !== etag
			? { kind: 'none' as const }
			: parseRange(request.headers.get('range'), head.size);
	if (range.kind === 'unsatisfiable') {
		return jsonError(416, 'range_not_satisfiable', 'The requested range is outside the file.', {
			'content-range': `bytes */${head.size}`,
			'accept-ranges': 'bytes'
		});
	}

	const partial = range.kind === 'range';
	const status = partial ? 206 : 200;
	const length = partial ? range.length : head.size;
	headers.set('content-length', String(length));
	if (partial)
		headers.set(
			'content-range',
			`bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`
		);
	if (request.method === 'HEAD') return new Response(null, { status, headers });

	const object = await bucket.get(
		key,
		partial ? { range: { offset: range.offset, length: range.length } } : {}
	);
	if (!object) throw new HttpError(404, 'not_found', 'No such file.');
	return new Response(object.body, { status, headers });
}

/** If-None-Match uses weak comparison: `W/` prefixes are ignored; `*` matches anything. */
export function etagMatches(header: string | null, etag: string): boolean {
	if (!header) return false;
	const strip = (t: string) => t.trim().replace(/^W\//, '');
	const want = strip(etag);
	return header.split(',').some((t) => t.trim() === '*' || strip(t) === want);
}

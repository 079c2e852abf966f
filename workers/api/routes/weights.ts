/** GET /api/weights (the pretrained catalogue) and GET|HEAD /api/weights/:name/:version/:file. */
import {
	CatalogueModelSchema,
	type CatalogueModel,
	type WeightsCatalogue
} from '../../../src/lib/share/schema';
import { json } from '../http';
import { safeSegment } from '../lib/names';
import { etagMatches, serveR2Object } from '../lib/r2-serve';
import { route, type Handler } from '../router';

const MANIFEST_KEY = 'weights/manifest.json';
/** Weight paths carry their version, so a URL's bytes never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const catalogue: Handler = async (request, env) => {
	// Head first, so a revalidation (304) never opens the body.
	const head = await env.BUCKET.head(MANIFEST_KEY);
	if (!head) return json({ models: [] } satisfies WeightsCatalogue);
	const etag = head.customMetadata?.sha256 ? `"${head.customMetadata.sha256}"` : head.httpEtag;
	const headers = { etag, 'cache-control': 'no-cache' };
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	const object = await env.BUCKET.get(MANIFEST_KEY);
	if (!object) return json({ models: [] } satisfies WeightsCatalogue);
	// The manifest is ours, not the client's: if it is not JSON that is a server fault (5xx).
	const raw = (await object.json()) as { models?: unknown };
	const models: CatalogueModel[] = [];
	for (const m of Array.isArray(raw.models) ? raw.models : []) {
		const parsed = CatalogueModelSchema.safeParse(m);
		if (parsed.success) models.push(parsed.data);
		else console.warn('weights/manifest.json: skipping an invalid entry', parsed.error.issues[0]);
	}
	const res = json({ models } satisfies WeightsCatalogue);
	for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
	return res;
};

const weightFile: Handler = (request, env, params) => {
	const name = safeSegment(params.name, 'model name');
	const version = safeSegment(params.version, 'version');
	const file = safeSegment(params.file, 'file name');
	return serveR2Object(request, env.BUCKET, `weights/${name}/${version}/${file}`, {
		cacheControl: IMMUTABLE
	});
};

export const weightsRoutes = [
	route('GET', '/api/weights', catalogue),
	route('GET', '/api/weights/:name/:version/:file', weightFile)
];

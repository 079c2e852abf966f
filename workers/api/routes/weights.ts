/** GET /api/weights (the pretrained catalogue) and GET|HEAD /api/weights/:name/:version/:file. */
import {
	CatalogueModelSchema,
	type CatalogueModel,
	type WeightsCatalogue
} from '../../../src/lib/share/schema';
import { json } from '../http';
import { safeSegment } from '../lib/names';
import { INSTALLED_KEY, installedModels } from '../lib/installed-weights';
import { etagMatches, serveR2Object } from '../lib/r2-serve';
import { route, type Handler } from '../router';

const MANIFEST_KEY = 'weights/manifest.json';
/** Weight paths carry their version, so a URL's bytes never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const catalogue: Handler = async (request, env) => {
	// Heads first, so a revalidation (304) never opens a body. The ETag covers both objects.
	const [head, installedHead] = await Promise.all([
		env.BUCKET.head(MANIFEST_KEY),
		env.BUCKET.head(INSTALLED_KEY)
	]);
	if (!head && !installedHead) return json({ models: [] } satisfies WeightsCatalogue);
	const tag = (h: R2Object | null) => h?.customMetadata?.sha256 ?? h?.etag ?? '-';
	const etag = installedHead
		? `"${tag(head)}+${tag(installedHead)}"`
		: head?.customMetadata?.sha256
			? `"${tag(head)}"`
			: (head?.httpEtag ?? '"-"');
	const headers = { etag, 'cache-control': 'no-cache' };
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	const object = head ? await env.BUCKET.get(MANIFEST_KEY) : null;
	// The manifest is ours, not the client's: if it is not JSON that is a server fault (5xx).
	const raw = object ? ((await object.json()) as { models?: unknown }) : {};
	const models: CatalogueModel[] = [];
	for (const m of Array.isArray(raw.models) ? raw.models : []) {
		const parsed = CatalogueModelSchema.safeParse(m);
		if (parsed.success) models.push(parsed.data);
		else console.warn('weights/manifest.json: skipping an invalid entry', parsed.error.issues[0]);
	}
	for (const m of await installedModels(env.BUCKET)) {
		if (!models.some((x) => x.name === m.name && x.version === m.version)) models.push(m);
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

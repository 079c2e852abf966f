/** GET /api/datasets (what R2 holds under datasets/) and GET|HEAD /api/datasets/:name/:file. */
import type { DatasetFileInfo, DatasetList } from '../../../src/lib/share/schema';
import { json } from '../http';
import { safeSegment } from '../lib/names';
import { serveR2Object } from '../lib/r2-serve';
import { route, type Handler } from '../router';

/** Dataset files are never rewritten in place, but their URLs carry no version: 30 days + ETag. */
const DATASET_CACHE = 'public, max-age=2592000';
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_PAGES = 10;

const list: Handler = async (_request, env) => {
	const byName = new Map<string, DatasetFileInfo[]>();
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		// `include` is honoured by the runtime but missing from the default workers-types entry.
		const opts = { prefix: 'datasets/', cursor, include: ['customMetadata'] } as R2ListOptions;
		const res = await env.BUCKET.list(opts);
		for (const o of res.objects) {
			const [, name, file, ...rest] = o.key.split('/');
			if (!name || !file || rest.length || !SEGMENT.test(name) || !SEGMENT.test(file)) continue;
			const files = byName.get(name) ?? [];
			files.push({
				file,
				bytes: o.size,
				sha256: o.customMetadata?.sha256 ?? null,
				url: `/api/datasets/${name}/${file}`
			});
			byName.set(name, files);
		}
		if (!res.truncated) break;
		cursor = res.cursor;
	}
	const datasets = [...byName].map(([name, files]) => ({ name, files }));
	return json({ datasets } satisfies DatasetList);
};

const datasetFile: Handler = (request, env, params) => {
	const name = safeSegment(params.name, 'dataset name');
	const file = safeSegment(params.file, 'file name');
	return serveR2Object(request, env.BUCKET, `datasets/${name}/${file}`, {
		cacheControl: DATASET_CACHE,
		contentType: 'application/gzip'
	});
};

export const datasetsRoutes = [
	route('GET', '/api/datasets', list),
	route('GET', '/api/datasets/:name/:file', datasetFile)
];

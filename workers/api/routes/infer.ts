/**
 * POST /api/infer/{denoise,stylize,generate}: light inference for devices too weak to run the
 * models themselves, on the same src/lib/ml models with tfjs-wasm inside the Worker.
 * Bad input is always a 4xx; a model that is not published is a 404 `model_not_found`.
 */
import { z } from 'zod';
import type { Env } from '../env';
import { HttpError } from '../http';
import { decodeImage, encodePng, type Raster } from '../infer/image-codec';
import { findModel, hasRole, loadModel, modelNotFound, readCatalogue } from '../infer/model-store';
import { denoise, generateGrid, stylize } from '../infer/pipelines';
import { ensureBackend } from '../infer/runtime';
import { readBodyLimited } from '../lib/body';
import { safeSegment } from '../lib/names';
import { route, type Handler } from '../router';
import { GENERATIVE_KINDS } from '../../../src/lib/ml/models/specs';

/** Largest upload, in bytes (checked while the body streams in). */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Largest decoded width and height. */
export const MAX_SIDE = 1024;
export const DEFAULT_DENOISER = 'denoiser-gray';
/** Catalogue kind of the models /api/infer/denoise runs. */
const DENOISER_KIND = 'denoiser';
export const DEFAULT_SIGMA = 25;
const MAX_JSON_BYTES = 4096;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/jpg', 'application/octet-stream'];

function mediaType(request: Request): string | undefined {
	return request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** Reads an uploaded PNG/JPEG: 415 for another declared type, 413/422 as decodeImage says. */
async function readImage(request: Request): Promise<Raster> {
	const type = mediaType(request);
	if (type !== undefined && !IMAGE_TYPES.includes(type)) {
		throw new HttpError(
			415,
			'unsupported_media_type',
			'Send the image as image/png or image/jpeg.'
		);
	}
	const bytes = await readBodyLimited(request, MAX_IMAGE_BYTES);
	if (bytes.length === 0) throw new HttpError(400, 'empty_body', 'The request has no image.');
	return decodeImage(bytes, { maxSide: MAX_SIDE });
}

/** Model-shape problems found while running are the model's fault for this input: a 422. */
function asUnprocessable(err: unknown): never {
	if (err instanceof HttpError) throw err;
	const detail = err instanceof Error ? err.message : String(err);
	console.warn('inference refused', detail);
	throw new HttpError(
		422,
		'unsupported_model',
		`This model cannot process this request: ${detail}`
	);
}

function pngResponse(png: Uint8Array, model: string, started: number, backend: string): Response {
	return new Response(png, {
		headers: {
			'content-type': 'image/png',
			'cache-control': 'no-store',
			'x-model': model,
			'x-backend': backend,
			'x-inference-ms': String(Date.now() - started)
		}
	});
}

function numberParam(url: URL, name: string, fallback: number, min: number, max: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	const v = Number(raw);
	if (!Number.isFinite(v) || v < min || v > max) {
		throw new HttpError(400, 'bad_parameter', `${name} must be a number from ${min} to ${max}.`);
	}
	return v;
}

const denoiseHandler: Handler = async (request, env) => {
	const url = new URL(request.url);
	const name = safeSegment(url.searchParams.get('model') ?? DEFAULT_DENOISER, 'model name');
	const sigma = numberParam(url, 'sigma', DEFAULT_SIGMA, 0, 100);
	const img = await readImage(request);
	const entry = await findModel(env.BUCKET, name);
	if (!entry) {
		throw modelNotFound(
			`No denoiser called '${name}' is published. Publish its weights under weights/${name}/<version>/ and list them in weights/manifest.json.`
		);
	}
	// Another kind of image model may even run on some sizes, but its output is no denoised photo.
	if (entry.kind !== DENOISER_KIND) {
		throw modelNotFound(`'${name}' is a ${entry.kind} model, not a denoiser.`);
	}
	const started = Date.now();
	const backend = await ensureBackend();
	const { model, metadata } = await loadModel(env.BUCKET, entry);
	const residual = metadata.residual === true || metadata.output === 'residual';
	let out: Raster;
	try {
		out = denoise(model, img, { sigma, residual });
	} catch (err) {
		asUnprocessable(err);
	}
	return pngResponse(encodePng(out), `${entry.name}@${entry.version}`, started, backend.name);
};

const GenerateBody = z.strictObject({
	model: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
	seed: z
		.number()
		.int()
		.min(0)
		.max(2 ** 32 - 1),
	n: z.number().int().min(1).max(64)
});

async function readJson(request: Request): Promise<unknown> {
	const type = mediaType(request);
	if (type !== undefined && type !== 'application/json') {
		throw new HttpError(415, 'unsupported_media_type', 'Send the request as application/json.');
	}
	const bytes = await readBodyLimited(request, MAX_JSON_BYTES);
	try {
		return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
	} catch {
		throw new HttpError(400, 'bad_json', 'The body is not valid JSON.');
	}
}

const generateHandler: Handler = async (request, env) => {
	const parsed = GenerateBody.safeParse(await readJson(request));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.join('.') || 'body';
		throw new HttpError(
			422,
			'invalid_request',
			`${where}: ${issue?.message ?? 'invalid'} (expected { model, seed: integer ≥ 0, n: 1..64 }).`
		);
	}
	const { model: name, seed, n } = parsed.data;
	const entry = await findModel(env.BUCKET, name);
	if (!entry) throw modelNotFound(`No generator called '${name}' is published.`);
	// A decoder-shaped model of another kind would answer with noise, or fail its shape check.
	if (!GENERATIVE_KINDS.has(entry.kind)) {
		throw modelNotFound(`'${name}' is a ${entry.kind} model, not a generator.`);
	}
	const started = Date.now();
	const backend = await ensureBackend();
	// Multi-model families publish each role in its folder; a lone generator sits at the top.
	const role = (await hasRole(env.BUCKET, entry, 'generator')) ? 'generator' : '';
	const { model } = await loadModel(env.BUCKET, entry, role);
	let out: Raster;
	try {
		out = generateGrid(model, { seed, n });
	} catch (err) {
		asUnprocessable(err);
	}
	return pngResponse(encodePng(out), `${entry.name}@${entry.version}`, started, backend.name);
};

const STYLIZER_KINDS = new Set(['stylizer', 'fast-stylizer', 'style-transfer']);

async function findStylizer(env: Env, style: string) {
	const all = await readCatalogue(env.BUCKET);
	const fits = all.filter(
		(m) => STYLIZER_KINDS.has(m.kind) && (m.name === `stylizer-${style}` || m.name === style)
	);
	return fits.at(-1);
}

const stylizeHandler: Handler = async (request, env) => {
	const url = new URL(request.url);
	const styleParam = url.searchParams.get('style');
	if (!styleParam) throw new HttpError(400, 'bad_parameter', 'Name a style with ?style=<id>.');
	const style = safeSegment(styleParam, 'style');
	const img = await readImage(request);
	const entry = await findStylizer(env, style);
	if (!entry) {
		throw modelNotFound(
			`No fast stylizer for the style '${style}' is published. Train one with ` +
				`'npm run pretrain -- stylizer-${style}' (it publishes to weights/stylizer-${style}/ and ` +
				`weights/manifest.json), or stylize on the device instead.`
		);
	}
	const started = Date.now();
	const backend = await ensureBackend();
	const { model } = await loadModel(env.BUCKET, entry);
	let out: Raster;
	try {
		out = stylize(model, img);
	} catch (err) {
		asUnprocessable(err);
	}
	return pngResponse(encodePng(out), `${entry.name}@${entry.version}`, started, backend.name);
};

export const inferRoutes = [
	route('POST', '/api/infer/denoise', denoiseHandler),
	route('POST', '/api/infer/generate', generateHandler),
	route('POST', '/api/infer/stylize', stylizeHandler)
];

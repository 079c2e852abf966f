/**
 * POST /api/weights/vgg19/install: the app's "Install VGG19" action. With an empty body the Worker
 * downloads Keras' official .h5 itself; with a body, the body is that file (for people whose
 * server cannot reach Google's storage). Either way the md5 must be the one Keras publishes, and
 * the import is the same code as `npm run weights:vgg` (src/lib/ml/models/vgg/import.ts).
 * The answer streams NDJSON progress events (InstallEvent), so the app can show a progress bar.
 */
import {
	importKerasVgg19,
	vgg19CatalogueEntry,
	VGG19_NAME,
	VGG19_NOTOP_BYTES,
	VGG19_NOTOP_FILE,
	VGG19_NOTOP_MD5,
	VGG19_NOTOP_URL
} from '../../../src/lib/ml/models/vgg/import';
import type { CatalogueModel, VggInstallEvent } from '../../../src/lib/share/schema';
import { HttpError } from '../http';
import { ensureBackend } from '../infer/runtime';
import { readBodyLimited } from '../lib/body';
import { installedModels, putInstalledModel } from '../lib/installed-weights';
import { route, type Handler } from '../router';
import { IMMUTABLE } from './weights';

/** The official file is 80 MB; anything much larger is not it. */
export const MAX_H5_BYTES = 96 * 1024 * 1024;
const VERSION = '1';
/** How long the download may take before the app is told to offer the file picker instead. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

function hex(buf: ArrayBuffer): string {
	return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Downloads the .h5, reporting bytes as they arrive. */
async function download(
	url: string,
	emit: (e: VggInstallEvent) => Promise<void>
): Promise<ArrayBuffer> {
	const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
	if (!res.ok || !res.body) throw new Error(`the official file answered HTTP ${res.status}`);
	const total = Number(res.headers.get('content-length')) || VGG19_NOTOP_BYTES;
	if (total > MAX_H5_BYTES) throw new Error(`the file is ${total} bytes, larger than VGG19's`);
	const out = new Uint8Array(total);
	let got = 0;
	let reported = 0;
	const reader = res.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		if (got + value.byteLength > out.byteLength)
			throw new Error('the file is larger than announced');
		out.set(value, got);
		got += value.byteLength;
		if (got - reported > total / 50) {
			reported = got;
			await emit({ type: 'progress', phase: 'download', done: got, total });
		}
	}
	return out.buffer.slice(0, got);
}

const install: Handler = async (request, env, _params, ctx) => {
	const already = (await installedModels(env.BUCKET)).find((m) => m.name === VGG19_NAME);
	// An upload is read (and size-checked) before the stream starts, so a 413 stays a 413.
	const declared = request.headers.get('content-length');
	const hasBody = request.body !== null && declared !== '0';
	const uploaded = hasBody ? await readBodyLimited(request, MAX_H5_BYTES) : undefined;
	if (uploaded && uploaded.byteLength === 0) {
		throw new HttpError(400, 'empty_upload', `The upload is empty; choose ${VGG19_NOTOP_FILE}.`);
	}
	const expectedMd5 = env.VGG19_SOURCE_MD5 ?? VGG19_NOTOP_MD5;
	const official = expectedMd5 === VGG19_NOTOP_MD5;

	const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
	const writer = writable.getWriter();
	const enc = new TextEncoder();
	// If the page goes away the stream errors; the install still finishes and is catalogued, so
	// the next visit finds VGG19 installed. Progress lines are then simply dropped.
	const emit = (e: VggInstallEvent): Promise<void> =>
		writer.write(enc.encode(JSON.stringify(e) + '\n')).catch(() => undefined);

	const work = async () => {
		try {
			if (already) {
				await emit({ type: 'done', model: already });
				return;
			}
			let bytes: ArrayBuffer;
			if (uploaded) {
				bytes = uploaded.buffer.slice(
					uploaded.byteOffset,
					uploaded.byteOffset + uploaded.byteLength
				) as ArrayBuffer;
			} else {
				const url = env.VGG19_SOURCE_URL ?? VGG19_NOTOP_URL;
				await emit({ type: 'progress', phase: 'download', done: 0, total: VGG19_NOTOP_BYTES });
				try {
					bytes = await download(url, emit);
				} catch (err) {
					await emit({
						type: 'error',
						code: 'source_unreachable',
						message: `The server could not download ${VGG19_NOTOP_FILE} (${err instanceof Error ? err.message : String(err)}). Choose the file on this device instead.`
					});
					return;
				}
			}
			await emit({ type: 'progress', phase: 'check', done: 0, total: 1 });
			const md5 = hex(await crypto.subtle.digest('MD5', bytes));
			if (md5 !== expectedMd5) {
				await emit({
					type: 'error',
					code: 'not_official',
					message: `This file's md5 is ${md5}, not the ${expectedMd5} Keras publishes for ${VGG19_NOTOP_FILE}: it is not the official VGG19 file.`
				});
				return;
			}
			await ensureBackend();
			const imported = await importKerasVgg19(bytes, {
				label: VGG19_NOTOP_FILE,
				requireOfficialWidths: official,
				onLayer: (_name, done, total) =>
					void emit({ type: 'progress', phase: 'convert', done, total })
			});
			const json = enc.encode(JSON.stringify(imported.modelJson));
			const files: CatalogueModel['files'] = [];
			const stored: [string, Uint8Array, string][] = [
				['model.json', json, 'application/json'],
				[imported.shardName, imported.shard, 'application/octet-stream']
			];
			for (const [i, [name, data, type]] of stored.entries()) {
				await emit({ type: 'progress', phase: 'store', done: i, total: stored.length });
				const sha256 = hex(await crypto.subtle.digest('SHA-256', data));
				const path = `${VGG19_NAME}/${VERSION}/${name}`;
				await env.BUCKET.put(`weights/${path}`, data, {
					httpMetadata: { contentType: type, cacheControl: IMMUTABLE },
					customMetadata: { sha256 }
				});
				files.push({ path, bytes: data.byteLength, sha256 });
			}
			const entry = vgg19CatalogueEntry(
				VERSION,
				files,
				imported,
				uploaded
					? 'Install VGG19 in the app (file chosen on the device)'
					: 'Install VGG19 in the app'
			);
			await putInstalledModel(env.BUCKET, entry);
			await emit({ type: 'done', model: entry });
		} catch (err) {
			await emit({
				type: 'error',
				code: 'import_failed',
				message: err instanceof Error ? err.message : String(err)
			});
		} finally {
			await writer.close().catch(() => undefined);
		}
	};
	// The import outlives the handler's return: the response streams while it runs.
	ctx.waitUntil(work());
	return new Response(readable, {
		headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' }
	});
};

export const vggInstallRoutes = [route('POST', '/api/weights/vgg19/install', install)];

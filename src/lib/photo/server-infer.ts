/**
 * "Process on server": sends one photo to the Worker's POST /api/infer/denoise and reads back the
 * PNG. Only called when the user chose it; the Worker processes the photo and keeps nothing.
 */

/** The Worker's caps (workers/api/routes/infer.ts): larger photos get a 413. */
export const SERVER_MAX_SIDE = 1024;
export const SERVER_MAX_BYTES = 8 * 1024 * 1024;

export type ServerErrorCode =
	'too-large' | 'busy' | 'unreadable' | 'no-model' | 'offline' | 'server' | 'aborted';

/** A failure a person can act on; `retryAfter` (seconds) comes with 'busy'. */
export class ServerInferError extends Error {
	override name = 'ServerInferError';
	constructor(
		readonly code: ServerErrorCode,
		message: string,
		readonly status?: number,
		readonly retryAfter?: number
	) {
		super(message);
	}
}

export interface ServerProgress {
	phase: 'uploading' | 'processing' | 'downloading';
	/** 0–1 when known. */
	fraction?: number;
}

export interface ServerResult {
	png: Blob;
	/** "name@version" of the model the Worker used. */
	model: string;
	/** The Worker's own inference time. */
	inferenceMs: number;
}

/** Why a photo cannot go to the server, before sending anything (undefined: it can). */
export function serverRefusal(width: number, height: number, bytes: number): string | undefined {
	if (width > SERVER_MAX_SIDE || height > SERVER_MAX_SIDE)
		return `${width} × ${height} is larger than the server's ${SERVER_MAX_SIDE} × ${SERVER_MAX_SIDE}`;
	if (bytes > SERVER_MAX_BYTES)
		return `${(bytes / 1048576).toFixed(1)} MiB is more than the server's 8 MiB`;
	return undefined;
}

/** Maps an error answer of /api/infer/* to a typed error; the API's own message is kept. */
export function serverError(
	status: number,
	body: string,
	retryAfter: string | null
): ServerInferError {
	let message = `the server answered ${status}`;
	try {
		const parsed = JSON.parse(body) as { error?: { message?: unknown } };
		if (typeof parsed.error?.message === 'string') message = parsed.error.message;
	} catch {
		// Not the API's JSON (a proxy page, say): the status says enough.
	}
	if (status === 413) return new ServerInferError('too-large', message, status);
	if (status === 429) {
		const secs = Number(retryAfter);
		return new ServerInferError(
			'busy',
			message,
			status,
			Number.isFinite(secs) && secs >= 0 ? secs : undefined
		);
	}
	if (status === 404) return new ServerInferError('no-model', message, status);
	if (status === 400 || status === 415 || status === 422)
		return new ServerInferError('unreadable', message, status);
	return new ServerInferError('server', message, status);
}

interface ServerCallOptions {
	signal?: AbortSignal;
	onProgress?: (p: ServerProgress) => void;
	/** Tests inject a fake; the page uses XMLHttpRequest for upload progress. */
	xhr?: () => XMLHttpRequest;
}

export interface DenoiseOnServerOptions extends ServerCallOptions {
	model: string;
	sigma: number;
}

export interface StylizeOnServerOptions extends ServerCallOptions {
	/** The built-in style whose fast stylizer the Worker runs. */
	style: string;
}

/**
 * Long side the photo is brought to before the Worker stylizes it: the phone stylizer costs ~29k
 * multiply-adds per pixel and the Worker takes about 425² of them per request.
 */
export const SERVER_STYLIZE_SIDE = 400;

/** Uploads a PNG to /api/infer/denoise with upload and download progress. */
export function denoiseOnServer(png: Blob, opts: DenoiseOnServerOptions): Promise<ServerResult> {
	const sigma = Math.min(100, Math.max(0, Math.round(opts.sigma * 10) / 10));
	const url = `/api/infer/denoise?model=${encodeURIComponent(opts.model)}&sigma=${sigma}`;
	return postImage(url, png, opts.model, opts);
}

/** Uploads a PNG to /api/infer/stylize (a published fast stylizer) with progress. */
export function stylizeOnServer(png: Blob, opts: StylizeOnServerOptions): Promise<ServerResult> {
	const url = `/api/infer/stylize?style=${encodeURIComponent(opts.style)}`;
	return postImage(url, png, `stylizer-${opts.style}`, opts);
}

/** POSTs an image and resolves with the Worker's PNG answer; errors become ServerInferErrors. */
function postImage(
	url: string,
	png: Blob,
	model: string,
	opts: ServerCallOptions
): Promise<ServerResult> {
	return new Promise((resolveRun, rejectRun) => {
		if (opts.signal?.aborted) {
			rejectRun(new ServerInferError('aborted', 'Cancelled.'));
			return;
		}
		const xhr = opts.xhr ? opts.xhr() : new XMLHttpRequest();
		const onAbort = () => xhr.abort();
		// Settling stops listening to the caller's signal, which may outlive this request.
		const resolve = (r: ServerResult) => {
			opts.signal?.removeEventListener('abort', onAbort);
			resolveRun(r);
		};
		const reject = (e: unknown) => {
			opts.signal?.removeEventListener('abort', onAbort);
			rejectRun(e);
		};
		xhr.open('POST', url);
		xhr.responseType = 'blob';
		xhr.setRequestHeader('content-type', 'image/png');
		xhr.upload.onprogress = (e) =>
			opts.onProgress?.({
				phase: 'uploading',
				fraction: e.lengthComputable ? e.loaded / e.total : undefined
			});
		// Everything sent: the Worker is working until the answer starts.
		xhr.upload.onload = () => opts.onProgress?.({ phase: 'processing' });
		xhr.onprogress = (e) =>
			opts.onProgress?.({
				phase: 'downloading',
				fraction: e.lengthComputable ? e.loaded / e.total : undefined
			});
		xhr.onerror = () =>
			reject(new ServerInferError('offline', 'The server could not be reached (offline?).'));
		xhr.onabort = () => reject(new ServerInferError('aborted', 'Cancelled.'));
		xhr.onload = async () => {
			const body = xhr.response as Blob;
			if (xhr.status !== 200) {
				reject(serverError(xhr.status, await body.text(), xhr.getResponseHeader('retry-after')));
				return;
			}
			resolve({
				png: body,
				model: xhr.getResponseHeader('x-model') ?? model,
				inferenceMs: Number(xhr.getResponseHeader('x-inference-ms')) || 0
			});
		};
		opts.signal?.addEventListener('abort', onAbort, { once: true });
		xhr.send(png);
	});
}

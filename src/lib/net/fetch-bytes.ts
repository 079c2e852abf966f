/** Downloads with progress and cancellation; errors are typed and readable by people. */

export interface DownloadProgress {
	loaded: number;
	/** From Content-Length; undefined when the server does not say. */
	total?: number;
}

export class DownloadError extends Error {
	override name = 'DownloadError';
	constructor(
		message: string,
		readonly status?: number
	) {
		super(message);
	}
}

export interface FetchBytesOptions {
	signal?: AbortSignal;
	onProgress?: (p: DownloadProgress) => void;
	fetch?: typeof fetch;
}

/** Fetches `url` into memory, reporting progress as bytes arrive. */
export async function fetchBytes(url: string, opts: FetchBytesOptions = {}): Promise<Uint8Array> {
	const doFetch = opts.fetch ?? fetch;
	let res: Response;
	try {
		res = await doFetch(url, { signal: opts.signal });
	} catch (err) {
		if (opts.signal?.aborted) throw err;
		throw new DownloadError(`Could not download ${url}: you may be offline.`);
	}
	if (!res.ok) {
		throw new DownloadError(
			`Could not download ${url}: the server answered ${res.status}.`,
			res.status
		);
	}
	const total = Number(res.headers.get('content-length')) || undefined;
	if (!res.body) {
		const bytes = new Uint8Array(await res.arrayBuffer());
		opts.onProgress?.({ loaded: bytes.byteLength, total });
		return bytes;
	}
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let loaded = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
		loaded += value.byteLength;
		opts.onProgress?.({ loaded, total });
	}
	const out = new Uint8Array(loaded);
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.byteLength;
	}
	return out;
}

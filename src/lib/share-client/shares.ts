/**
 * The page side of share-by-link: upload a model zip with progress, remember the delete token on
 * this device so the owner can unshare, and fetch a shared model back for import.
 */

export interface ShareResult {
	id: string;
	url: string;
	deleteToken: string;
}

export interface ShareRecord extends ShareResult {
	modelId: string;
	sharedAt: number;
}

const KEY = 'latent-lab:shares';

/** Tokens this device holds, by local model id; reading never throws. */
export function myShares(): Record<string, ShareRecord> {
	try {
		return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, ShareRecord>;
	} catch {
		return {};
	}
}

function saveShares(all: Record<string, ShareRecord>): void {
	try {
		localStorage.setItem(KEY, JSON.stringify(all));
	} catch {
		// Without storage the link still works; only unsharing from this device is lost.
	}
}

/** Error answers of the API, as people should read them. */
export class ShareError extends Error {
	override name = 'ShareError';
	constructor(
		message: string,
		readonly status: number,
		readonly code?: string
	) {
		super(message);
	}
}

function parseError(status: number, text: string): ShareError {
	try {
		const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
		return new ShareError(
			body.error?.message ?? `The server answered ${status}.`,
			status,
			body.error?.code
		);
	} catch {
		return new ShareError(`The server answered ${status}.`, status);
	}
}

/** Uploads a model zip; resolves with the link once the server has validated and stored it. */
export function uploadShare(
	modelId: string,
	zip: Uint8Array,
	opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}
): Promise<ShareRecord> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', '/api/models');
		xhr.setRequestHeader('content-type', 'application/zip');
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
		};
		xhr.onerror = () => reject(new ShareError('Upload failed: you may be offline.', 0));
		xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
		xhr.onload = () => {
			if (xhr.status !== 201) return reject(parseError(xhr.status, xhr.responseText));
			const r = JSON.parse(xhr.responseText) as ShareResult;
			const record: ShareRecord = { ...r, modelId, sharedAt: Date.now() };
			saveShares({ ...myShares(), [modelId]: record });
			resolve(record);
		};
		opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
		xhr.send(zip as Uint8Array<ArrayBuffer>);
	});
}

/** Removes a share from the server with its delete token, and forgets it here. */
export async function unshare(modelId: string): Promise<void> {
	const rec = myShares()[modelId];
	if (!rec) return;
	const res = await fetch(`/api/models/${encodeURIComponent(rec.id)}`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${rec.deleteToken}` }
	});
	if (res.status !== 204 && res.status !== 404) throw parseError(res.status, await res.text());
	const all = myShares();
	delete all[modelId];
	saveShares(all);
}

export interface SharedModelInfo {
	id: string;
	name: string;
	kind: string;
	dataset: string;
	size: number;
	created: number | string;
	metrics?: Record<string, number>;
}

/** Metadata of a shared model, or undefined when the link is unknown or was deleted. */
export async function fetchSharedInfo(id: string): Promise<SharedModelInfo | undefined> {
	let res: Response;
	try {
		res = await fetch(`/api/models/${encodeURIComponent(id)}`);
	} catch {
		// fetch rejects only when no answer came at all: offline, or the server unreachable.
		throw new ShareError('The server could not be reached: you may be offline.', 0, 'offline');
	}
	if (res.status === 404) return undefined;
	if (!res.ok) throw parseError(res.status, await res.text());
	return (await res.json()) as SharedModelInfo;
}

/**
 * "Install VGG19": asks the Worker to import Keras' official ImageNet VGG19 weights
 * (POST /api/weights/vgg19/install), either by downloading the file itself or from a copy the
 * person chooses on the device, and follows its NDJSON progress. XMLHttpRequest rather than
 * fetch: it reports upload progress, and its partial responseText carries the streamed events.
 */
import type { CatalogueModel, VggInstallEvent } from '$lib/share/schema';

export const VGG_INSTALL_URL = '/api/weights/vgg19/install';

export type VggInstallPhase = 'upload' | Extract<VggInstallEvent, { type: 'progress' }>['phase'];

export interface VggInstallProgress {
	phase: VggInstallPhase;
	/** 0–1 within the phase. */
	fraction: number;
}

export type VggInstallErrorCode =
	| Extract<VggInstallEvent, { type: 'error' }>['code']
	| 'too_large'
	| 'offline'
	| 'server'
	| 'aborted';

/** Why the install stopped, with the server's own message when it gave one. */
export class VggInstallError extends Error {
	override name = 'VggInstallError';
	constructor(
		readonly code: VggInstallErrorCode,
		message: string
	) {
		super(message);
	}

	/** Whether choosing the file on the device is the way forward. */
	get wantsFile(): boolean {
		return this.code === 'source_unreachable';
	}
}

/** Splits complete NDJSON lines off `buffer`; the unfinished tail comes back as `rest`. */
export function takeEvents(buffer: string): { events: VggInstallEvent[]; rest: string } {
	const lines = buffer.split('\n');
	const rest = lines.pop() ?? '';
	const events = lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as VggInstallEvent);
	return { events, rest };
}

/** Runs the install; resolves with the catalogue entry of the installed model. */
export function installVgg19(opts: {
	file?: File;
	signal?: AbortSignal;
	onProgress?: (p: VggInstallProgress) => void;
}): Promise<CatalogueModel> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		let seen = 0;
		let pending = '';
		let settled = false;
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			opts.signal?.removeEventListener('abort', onAbort);
			fn();
		};
		const onAbort = () => {
			xhr.abort();
			finish(() => reject(new VggInstallError('aborted', 'The install was cancelled.')));
		};
		const read = () => {
			if (xhr.status !== 200) return;
			pending += xhr.responseText.slice(seen);
			seen = xhr.responseText.length;
			let parsed: ReturnType<typeof takeEvents>;
			try {
				parsed = takeEvents(pending);
			} catch {
				finish(() =>
					reject(new VggInstallError('server', 'The server sent an unreadable answer.'))
				);
				return;
			}
			pending = parsed.rest;
			for (const e of parsed.events) {
				if (e.type === 'progress') {
					opts.onProgress?.({ phase: e.phase, fraction: e.total > 0 ? e.done / e.total : 0 });
				} else if (e.type === 'done') {
					finish(() => resolve(e.model));
				} else {
					finish(() => reject(new VggInstallError(e.code, e.message)));
				}
			}
		};
		xhr.open('POST', VGG_INSTALL_URL);
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) opts.onProgress?.({ phase: 'upload', fraction: e.loaded / e.total });
		};
		xhr.onprogress = read;
		xhr.onload = () => {
			read();
			if (xhr.status === 413) {
				finish(() =>
					reject(
						new VggInstallError('too_large', 'The file is larger than any VGG19 weights file.')
					)
				);
			} else if (xhr.status !== 200) {
				let message = `the server answered ${xhr.status}`;
				try {
					const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
					message = body.error?.message ?? message;
				} catch {
					// Not the API's JSON: the status says enough.
				}
				finish(() => reject(new VggInstallError('server', message)));
			}
			finish(() =>
				reject(new VggInstallError('server', 'The server stopped before the install finished.'))
			);
		};
		xhr.onerror = () =>
			finish(() =>
				reject(new VggInstallError('offline', 'The server could not be reached. Are you online?'))
			);
		opts.signal?.addEventListener('abort', onAbort, { once: true });
		if (opts.file) xhr.setRequestHeader('content-type', 'application/x-hdf5');
		xhr.send(opts.file ?? null);
	});
}

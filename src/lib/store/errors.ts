/** Typed errors of the store, so the UI can say what happened in words a user understands. */
import { formatBytes } from '$lib/format/bytes';

/** The browser refused to store more (quota). `bytesAttempted` is what the write needed. */
export class StorageFullError extends Error {
	override name = 'StorageFullError';
	constructor(
		readonly bytesAttempted: number,
		options?: { cause?: unknown }
	) {
		super(
			`Storage is full: could not save ${formatBytes(bytesAttempted)}. Delete old models or free space.`,
			options
		);
	}
}

/** An imported file was rejected; nothing was written. `message` is meant for the user. */
export class ImportError extends Error {
	override name = 'ImportError';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
	}
}

/** Quota errors: the standard DOMException name, and Firefox's legacy one. */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/**
 * A full disk reached before the quota: measured in Chromium 150 with its profile on a full
 * tmpfs, IndexedDB failed with "Failed to write blobs (IOError)", not QuotaExceededError. The
 * others are the wording of SQLite-backed stores (Safari) and the OS (ENOSPC).
 */
const DISK_FULL = /failed to write blobs|no space left|disk (is )?full|database or disk is full/i;

/**
 * True when an error (or the error it wraps) means storage is full: the quota was exceeded, or
 * the device's disk filled up first.
 */
export function isQuotaError(err: unknown): boolean {
	for (let e = err, depth = 0; e && depth < 4; depth++) {
		if (typeof e !== 'object') return false;
		const { name, code, cause, message } = e as {
			name?: unknown;
			code?: unknown;
			cause?: unknown;
			message?: unknown;
		};
		if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
		if (typeof message === 'string' && DISK_FULL.test(message)) return true;
		// Legacy DOMException code 22 is QUOTA_EXCEEDED_ERR.
		if (name === 'DOMException' && code === 22) return true;
		e = cause;
	}
	return false;
}

/**
 * What a failed write transaction should throw: the transaction is aborted (if still open), and a
 * quota failure — in the error itself, in the transaction's error or in how it ended — becomes a
 * StorageFullError for the `bytes` the write needed.
 */
export async function writeFailure(
	err: unknown,
	tx: { abort(): void; error: DOMException | null },
	done: Promise<unknown>,
	bytes: number
): Promise<unknown> {
	try {
		tx.abort();
	} catch {
		// Already finished or aborted by the browser.
	}
	const ended = await done.then(
		() => undefined,
		(e: unknown) => e
	);
	if (isQuotaError(err) || isQuotaError(ended) || isQuotaError(tx.error))
		return new StorageFullError(bytes, { cause: err });
	return err;
}

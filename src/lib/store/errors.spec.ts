import { describe, expect, it } from 'vitest';
import { StorageFullError, writeFailure } from './errors';

/** A stand-in transaction: counts aborts; `abort` throws once it has finished, as IDB's does. */
function fakeTx(opts: { finished?: boolean; error?: DOMException | null } = {}) {
	return {
		aborts: 0,
		error: opts.error ?? null,
		abort() {
			this.aborts++;
			if (opts.finished) throw new DOMException('finished', 'InvalidStateError');
		}
	};
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('writeFailure', () => {
	it('aborts the transaction and names a quota error as storage full, with the bytes and cause', async () => {
		const tx = fakeTx();
		const err = quota();
		const out = await writeFailure(err, tx, Promise.resolve(), 1234);
		expect(tx.aborts).toBe(1);
		expect(out).toBeInstanceOf(StorageFullError);
		expect((out as StorageFullError).bytesAttempted).toBe(1234);
		expect((out as StorageFullError).cause).toBe(err);
	});

	it('sees a quota failure that only the transaction reports (how it ended, or its error)', async () => {
		const plain = new Error('request failed');
		expect(await writeFailure(plain, fakeTx(), Promise.reject(quota()), 5)).toBeInstanceOf(
			StorageFullError
		);
		const tx = fakeTx({ finished: true, error: quota() });
		expect(await writeFailure(plain, tx, Promise.resolve(), 5)).toBeInstanceOf(StorageFullError);
	});

	it('passes any other error through unchanged, even when the transaction had already finished', async () => {
		const err = new TypeError('bad record');
		const tx = fakeTx({ finished: true });
		expect(await writeFailure(err, tx, Promise.reject(new Error('aborted')), 5)).toBe(err);
		expect(tx.aborts).toBe(1);
	});
});

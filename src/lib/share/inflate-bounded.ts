/**
 * Raw DEFLATE decompression that can never produce more than it was promised: output beyond
 * `size` stops the work at once, so a lying header cannot turn a small input into gigabytes.
 */
import { Inflate } from 'fflate';
import { ShareFormatError } from './errors';

// Each push can expand at most ~1032× (DEFLATE's ceiling): 2 KiB in bounds one step to ~2 MiB.
const CHUNK = 2 * 1024;

class Overflow extends Error {}

/** Inflates `data` into exactly `size` bytes, or throws a ShareFormatError (never anything else). */
export function inflateExactly(
	data: Uint8Array,
	size: number,
	what: string
): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(size);
	let written = 0;
	const inflater = new Inflate((chunk) => {
		if (written + chunk.length > size) throw new Overflow();
		out.set(chunk, written);
		written += chunk.length;
	});
	try {
		if (data.length === 0) throw new Error('empty deflate stream');
		for (let i = 0; i < data.length; i += CHUNK) {
			const end = Math.min(i + CHUNK, data.length);
			inflater.push(data.subarray(i, end), end === data.length);
		}
	} catch (err) {
		if (err instanceof Overflow) {
			throw new ShareFormatError(
				400,
				'bad_zip',
				`${what} inflates to more than its declared size.`
			);
		}
		throw new ShareFormatError(400, 'bad_zip', `${what} is not valid DEFLATE data.`);
	}
	if (written !== size) {
		throw new ShareFormatError(400, 'bad_zip', `${what} inflates to fewer bytes than declared.`);
	}
	return out;
}

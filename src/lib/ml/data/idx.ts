/**
 * IDX file parser (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/):
 * bytes 0–1 are zero, byte 2 the element type (0x08 = unsigned byte), byte 3 the number of
 * dimensions; then one big-endian uint32 per dimension, then the data in row-major order.
 */

/** Why a file is not a usable IDX file; `reason` lets callers branch without parsing text. */
export type IdxErrorReason =
	| 'too-short'
	| 'bad-magic'
	| 'unsupported-dtype'
	| 'bad-dims'
	| 'truncated'
	| 'trailing-bytes'
	| 'bad-labels';

/** A file that is not a valid IDX file; the message is meant for the user. */
export class IdxFormatError extends Error {
	override readonly name = 'IdxFormatError';
	constructor(
		readonly reason: IdxErrorReason,
		message: string
	) {
		super(message);
	}
}

/** A parsed IDX file: its dimensions and a view of its unsigned-byte data. */
export interface IdxData {
	dims: number[];
	/** A view into the input bytes (no copy), `product(dims)` long. */
	data: Uint8Array;
}

const DTYPE_NAMES: Record<number, string> = {
	0x08: 'unsigned byte',
	0x09: 'signed byte',
	0x0b: 'short',
	0x0c: 'int',
	0x0d: 'float',
	0x0e: 'double'
};

/** Parses an uncompressed IDX file of unsigned bytes; throws IdxFormatError when it is not one. */
export function parseIdx(bytes: Uint8Array, what = 'file'): IdxData {
	if (bytes.length < 4) {
		throw new IdxFormatError(
			'too-short',
			`The ${what} is too short to be an IDX file (${bytes.length} bytes).`
		);
	}
	const [z0, z1, dtype, ndims] = [bytes[0], bytes[1], bytes[2] ?? 0, bytes[3] ?? 0];
	if (z0 !== 0 || z1 !== 0) {
		throw new IdxFormatError(
			'bad-magic',
			`The ${what} is not an IDX file (it should start with two zero bytes). If it is gzipped, decompress it first.`
		);
	}
	if (dtype !== 0x08) {
		const name = DTYPE_NAMES[dtype];
		throw new IdxFormatError(
			'unsupported-dtype',
			name
				? `The ${what} holds ${name} values; only unsigned-byte IDX files are supported.`
				: `The ${what} has an unknown IDX element type (0x${dtype.toString(16).padStart(2, '0')}).`
		);
	}
	if (ndims < 1) {
		throw new IdxFormatError('bad-dims', `The ${what} declares no dimensions.`);
	}
	const headerLength = 4 + 4 * ndims;
	if (bytes.length < headerLength) {
		throw new IdxFormatError(
			'truncated',
			`The ${what} is cut short inside its header (${bytes.length} of ${headerLength} bytes).`
		);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const dims: number[] = [];
	let count = 1;
	for (let i = 0; i < ndims; i++) {
		const d = view.getUint32(4 + 4 * i, false);
		dims.push(d);
		count *= d;
	}
	if (!Number.isSafeInteger(count) || count > 2 ** 31) {
		throw new IdxFormatError(
			'bad-dims',
			`The ${what} declares an impossible size (${dims.join('×')}).`
		);
	}
	const expected = headerLength + count;
	if (bytes.length < expected) {
		throw new IdxFormatError(
			'truncated',
			`The ${what} is truncated: ${dims.join('×')} values need ${expected} bytes, but it has ${bytes.length}.`
		);
	}
	if (bytes.length > expected) {
		throw new IdxFormatError(
			'trailing-bytes',
			`The ${what} has ${bytes.length - expected} unexpected bytes after its data; it may be corrupt.`
		);
	}
	return { dims, data: bytes.subarray(headerLength, expected) };
}

/** Serialises unsigned-byte data as an IDX file (for tests, fixtures and user exports). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
	const count = dims.reduce((a, b) => a * b, 1);
	if (count !== data.length) {
		throw new RangeError(
			`encodeIdx: dims ${dims.join('×')} need ${count} values, got ${data.length}`
		);
	}
	const out = new Uint8Array(4 + 4 * dims.length + count);
	out[2] = 0x08;
	out[3] = dims.length;
	const view = new DataView(out.buffer);
	dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
	out.set(data, 4 + 4 * dims.length);
	return out;
}

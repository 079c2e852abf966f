/**
 * Weights are stored as many small records: one record of hundreds of MB makes browsers run out
 * of memory while cloning it.
 */
import type { ChunkRecord } from './db';

/** Largest chunk record, in bytes. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** Copies `data` into records of at most `chunkBytes`, keyed `<prefix>/<index>`. */
export function splitIntoChunks(
	prefix: string,
	data: ArrayBuffer,
	chunkBytes: number = CHUNK_BYTES
): ChunkRecord[] {
	if (!(chunkBytes >= 1)) throw new RangeError(`chunkBytes must be >= 1, got ${chunkBytes}`);
	const out: ChunkRecord[] = [];
	for (let start = 0, i = 0; start < data.byteLength; start += chunkBytes, i++) {
		// slice, not a view: IndexedDB would clone a view's whole underlying buffer.
		const key = `${prefix}/${String(i).padStart(6, '0')}`;
		out.push({ key, data: data.slice(start, Math.min(start + chunkBytes, data.byteLength)) });
	}
	return out;
}

/** Concatenates buffers into one (a single buffer is returned as is). */
export function joinBuffers(buffers: readonly ArrayBuffer[]): ArrayBuffer {
	if (buffers.length === 1 && buffers[0]) return buffers[0];
	const total = buffers.reduce((n, b) => n + b.byteLength, 0);
	const out = new Uint8Array(total);
	let offset = 0;
	for (const b of buffers) {
		out.set(new Uint8Array(b), offset);
		offset += b.byteLength;
	}
	return out.buffer;
}

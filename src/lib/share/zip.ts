/**
 * A strict reader for the share zip: the central directory is parsed and every limit checked
 * (entry count, declared sizes, compression ratios, overlapping data) before one byte is inflated.
 * No zip64, no encryption, no folders; methods "stored" and "deflate" only.
 */
import { crc32 } from './crc32';
import { ShareFormatError } from './errors';
import { inflateExactly } from './inflate-bounded';
import {
	MAX_COMPRESSION_RATIO,
	MAX_UNCOMPRESSED_BYTES,
	MAX_ZIP_ENTRIES,
	RATIO_FLOOR_BYTES,
	SAFE_PATH
} from './limits';

/** Where one entry's data lies in the zip and what it must inflate to. */
export interface ZipEntry {
	name: string;
	/** 0 = stored, 8 = deflate. */
	method: 0 | 8;
	/** Byte offset of the entry's (compressed) data in the zip. */
	offset: number;
	compressedSize: number;
	size: number;
	crc32: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const EOCD_LEN = 22;

function bad(message: string): ShareFormatError {
	return new ShareFormatError(400, 'bad_zip', message);
}

function tooBig(message: string): ShareFormatError {
	return new ShareFormatError(413, 'zip_limits', message);
}

/** Reads and checks the central directory; throws ShareFormatError on anything unexpected. */
export function readZipDirectory(zip: Uint8Array): ZipEntry[] {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	if (zip.length < EOCD_LEN) throw bad('The upload is too short to be a zip file.');
	let eocd = -1;
	const stop = Math.max(0, zip.length - EOCD_LEN - 0xffff);
	for (let i = zip.length - EOCD_LEN; i >= stop; i--) {
		if (view.getUint32(i, true) === EOCD_SIG) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw bad('No zip end-of-directory record was found.');
	const disk = view.getUint16(eocd + 4, true);
	const cdDisk = view.getUint16(eocd + 6, true);
	const countHere = view.getUint16(eocd + 8, true);
	const count = view.getUint16(eocd + 10, true);
	const cdSize = view.getUint32(eocd + 12, true);
	const cdOffset = view.getUint32(eocd + 16, true);
	const commentLen = view.getUint16(eocd + 20, true);
	if (disk !== 0 || cdDisk !== 0 || countHere !== count)
		throw bad('Multi-part zips are not supported.');
	if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
		throw bad('Zip64 archives are not supported.');
	}
	if (eocd + EOCD_LEN + commentLen !== zip.length) throw bad('The zip has trailing bytes.');
	if (count === 0) throw bad('The zip is empty.');
	if (count > MAX_ZIP_ENTRIES) throw tooBig(`The zip holds more than ${MAX_ZIP_ENTRIES} files.`);
	if (cdOffset + cdSize !== eocd) throw bad('The zip central directory is misplaced.');

	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	let declared = 0;
	let p = cdOffset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > eocd || view.getUint32(p, true) !== CDH_SIG) {
			throw bad('The zip central directory is damaged.');
		}
		const flags = view.getUint16(p + 8, true);
		const method = view.getUint16(p + 10, true);
		const crc = view.getUint32(p + 16, true);
		const compressedSize = view.getUint32(p + 20, true);
		const size = view.getUint32(p + 24, true);
		const nameLen = view.getUint16(p + 28, true);
		const extraLen = view.getUint16(p + 30, true);
		const commentLength = view.getUint16(p + 32, true);
		const localOffset = view.getUint32(p + 42, true);
		const next = p + 46 + nameLen + extraLen + commentLength;
		if (next > eocd) throw bad('The zip central directory is damaged.');
		const name = latin1(zip.subarray(p + 46, p + 46 + nameLen));
		p = next;

		if (flags & 0x1) throw bad('Encrypted zip entries are not supported.');
		if (method !== 0 && method !== 8)
			throw bad(`Entry ${quote(name)} uses an unsupported compression method.`);
		if (!SAFE_PATH.test(name)) {
			throw new ShareFormatError(
				422,
				'bad_file_name',
				`Entry ${quote(name)} is not a plain file name.`
			);
		}
		if (names.has(name)) throw bad(`Entry ${quote(name)} appears twice.`);
		names.add(name);
		if (compressedSize === 0xffffffff || size === 0xffffffff)
			throw bad('Zip64 entries are not supported.');
		if (method === 0 && compressedSize !== size)
			throw bad(`Stored entry ${quote(name)} has inconsistent sizes.`);
		declared += size;
		if (declared > MAX_UNCOMPRESSED_BYTES) {
			throw tooBig(`The zip declares more than ${MAX_UNCOMPRESSED_BYTES} uncompressed bytes.`);
		}
		if (size > RATIO_FLOOR_BYTES && size > compressedSize * MAX_COMPRESSION_RATIO) {
			throw tooBig(`Entry ${quote(name)} claims an implausible compression ratio.`);
		}

		if (localOffset + 30 > cdOffset || view.getUint32(localOffset, true) !== LFH_SIG) {
			throw bad(`Entry ${quote(name)} has no local header.`);
		}
		const localNameLen = view.getUint16(localOffset + 26, true);
		const localExtraLen = view.getUint16(localOffset + 28, true);
		const offset = localOffset + 30 + localNameLen + localExtraLen;
		if (offset + compressedSize > cdOffset) throw bad(`Entry ${quote(name)} runs past its data.`);
		if (latin1(zip.subarray(localOffset + 30, localOffset + 30 + localNameLen)) !== name) {
			throw bad(`Entry ${quote(name)} has mismatched local and central names.`);
		}
		entries.push({ name, method, offset, compressedSize, size, crc32: crc });
	}
	if (p !== eocd) throw bad('The zip central directory has extra bytes.');

	// Overlapping entries are how the densest zip bombs reuse one compressed stream many times.
	const byStart = [...entries].sort((a, b) => a.offset - b.offset);
	for (let i = 1; i < byStart.length; i++) {
		const prev = byStart[i - 1]!;
		if (prev.offset + prev.compressedSize > byStart[i]!.offset - 30) {
			throw bad('Zip entries overlap.');
		}
	}
	return entries;
}

/** Extracts one entry (bounded to its declared size) and verifies its CRC-32. */
export function extractEntry(zip: Uint8Array, entry: ZipEntry): Uint8Array<ArrayBuffer> {
	const raw = zip.subarray(entry.offset, entry.offset + entry.compressedSize);
	const data =
		entry.method === 0 ? new Uint8Array(raw) : inflateExactly(raw, entry.size, quote(entry.name));
	if (crc32(data) !== entry.crc32) throw bad(`Entry ${quote(entry.name)} fails its CRC check.`);
	return data;
}

function latin1(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return s;
}

/** Quotes a name for an error message, shortened and stripped of control characters. */
function quote(name: string): string {
	// eslint-disable-next-line no-control-regex
	const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	return `"${clean.length > 60 ? clean.slice(0, 57) + '...' : clean}"`;
}

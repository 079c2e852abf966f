import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ShareFormatError } from './errors';
import { MAX_ZIP_ENTRIES } from './limits';
import { extractEntry, readZipDirectory } from './zip';

const enc = new TextEncoder();

function codeOf(fn: () => unknown): string {
	try {
		fn();
	} catch (err) {
		if (err instanceof ShareFormatError) return `${err.status} ${err.code}`;
		throw err;
	}
	return 'ok';
}

/** Offset of the central header of entry `i` (zip without a comment). */
function centralHeader(zip: Uint8Array, i: number): number {
	const v = new DataView(zip.buffer, zip.byteOffset);
	let p = v.getUint32(zip.length - 22 + 16, true);
	for (let n = 0; n < i; n++) {
		p += 46 + v.getUint16(p + 28, true) + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
	}
	return p;
}

describe('readZipDirectory / extractEntry', () => {
	it('lists stored and deflated entries and extracts them byte-identically', () => {
		const text = enc.encode('{"hello":"world"}'.repeat(50));
		const bin = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) & 0xff);
		const zip = zipSync({ 'a.json': text, 'role/b.bin': [bin, { level: 0 }] });
		const entries = readZipDirectory(zip);
		expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
			['a.json', 8, text.length],
			['role/b.bin', 0, bin.length]
		]);
		expect(extractEntry(zip, entries[0]!)).toEqual(text);
		expect(extractEntry(zip, entries[1]!)).toEqual(bin);
	});

	it('refuses what is not a single, plain, complete zip', () => {
		const zip = zipSync({ 'a.txt': enc.encode('abc') });
		expect(codeOf(() => readZipDirectory(zip))).toBe('ok');
		expect(codeOf(() => readZipDirectory(zip.subarray(0, zip.length - 1)))).toBe('400 bad_zip');
		expect(codeOf(() => readZipDirectory(new Uint8Array([...zip, 0])))).toBe('400 bad_zip');
		expect(codeOf(() => readZipDirectory(enc.encode('PK not really')))).toBe('400 bad_zip');
		expect(codeOf(() => readZipDirectory(zipSync({ '../up.txt': enc.encode('x') })))).toBe(
			'422 bad_file_name'
		);
		expect(codeOf(() => readZipDirectory(zipSync({ 'a/b/c.txt': enc.encode('x') })))).toBe(
			'422 bad_file_name'
		);
		const encrypted = zip.slice();
		encrypted[centralHeader(encrypted, 0) + 8]! |= 1;
		expect(codeOf(() => readZipDirectory(encrypted))).toBe('400 bad_zip');
	});

	it(`refuses more than ${MAX_ZIP_ENTRIES} entries before reading them`, () => {
		const files = Object.fromEntries(
			Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => [`f${i}.bin`, new Uint8Array(1)])
		);
		expect(codeOf(() => readZipDirectory(zipSync(files)))).toBe('413 zip_limits');
	});

	it('refuses huge declared sizes and implausible ratios from the directory alone', () => {
		const zip = zipSync({ 'a.bin': new Uint8Array(100), 'b.bin': new Uint8Array(100) });
		const huge = zip.slice();
		new DataView(huge.buffer).setUint32(centralHeader(huge, 1) + 24, 65 * 1024 * 1024, true);
		expect(codeOf(() => readZipDirectory(huge))).toBe('413 zip_limits');
		// 1 MiB declared over a few bytes of data: over the 200:1 ratio allowed above 64 KiB.
		const ratio = zip.slice();
		new DataView(ratio.buffer).setUint32(centralHeader(ratio, 0) + 24, 1024 * 1024, true);
		expect(codeOf(() => readZipDirectory(ratio))).toBe('413 zip_limits');
	});

	it('stops inflating at the declared size and checks the CRC', () => {
		const zeros = new Uint8Array(4 * 1024 * 1024);
		const zip = zipSync({ 'z.bin': zeros });
		const lying = zip.slice();
		new DataView(lying.buffer).setUint32(centralHeader(lying, 0) + 24, 1000, true);
		const [entry] = readZipDirectory(lying);
		expect(codeOf(() => extractEntry(lying, entry!))).toBe('400 bad_zip');

		const small = zipSync({ 's.txt': [enc.encode('hello world'), { level: 0 }] });
		const [e] = readZipDirectory(small);
		const flipped = small.slice();
		flipped[e!.offset]! ^= 0xff;
		expect(codeOf(() => extractEntry(flipped, e!))).toBe('400 bad_zip');
	});
});

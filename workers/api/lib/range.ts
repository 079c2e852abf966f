/** Parses a single-range `Range: bytes=…` header (RFC 9110 §14.1.2). */

export type RangeRequest =
	{ kind: 'none' } | { kind: 'unsatisfiable' } | { kind: 'range'; offset: number; length: number };

const BYTES = /^bytes=(\d*)-(\d*)$/;

/**
 * Resolves `header` against an object of `size` bytes. Syntax the server does not support
 * (multiple ranges, other units, garbage) is ignored, as RFC 9110 allows: the whole body is sent.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
	if (!header) return { kind: 'none' };
	const m = BYTES.exec(header.trim());
	if (!m) return { kind: 'none' };
	const [, first, last] = m;
	if (!first && !last) return { kind: 'none' };
	if (!first) {
		// Suffix range: the last N bytes.
		const n = Number(last);
		if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
		const length = Math.min(n, size);
		return { kind: 'range', offset: size - length, length };
	}
	const start = Number(first);
	const end = last ? Number(last) : size - 1;
	if (last && end < start) return { kind: 'none' };
	if (start >= size) return { kind: 'unsatisfiable' };
	return { kind: 'range', offset: start, length: Math.min(end, size - 1) - start + 1 };
}

/** Strict path-segment names for R2 keys built from URLs: no traversal, no encoding tricks. */
import { HttpError } from '../http';

/** A plain name: starts with a letter or digit, then letters, digits, `.`, `_`, `-`; no `..`. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Returns `value` when it is a safe path segment, else throws a 400. */
export function safeSegment(value: string | undefined, what: string): string {
	if (value === undefined || !SEGMENT.test(value) || value.includes('..')) {
		throw new HttpError(400, 'bad_name', `The ${what} in the URL is not a valid name.`);
	}
	return value;
}

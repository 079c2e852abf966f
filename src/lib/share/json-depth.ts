/** Nesting checks on raw JSON text, so deep input is refused before any parser walks it. */

/** True when no array/object in `text` nests deeper than `limit` (strings are skipped). */
export function jsonDepthWithin(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) {
			if (++depth > limit) return false;
		} else if (c === 0x5d || c === 0x7d) depth--;
	}
	return true;
}

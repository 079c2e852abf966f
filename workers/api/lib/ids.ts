/** Random identifiers, tokens and digests for shared models. */

/** Base64url without padding (RFC 4648 §5). */
export function base64url(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBase64url(bytes: number): string {
	return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A share id: 128 random bits, 22 base64url characters. */
export function newShareId(): string {
	return randomBase64url(16);
}

/** A delete token: 256 random bits, 43 base64url characters. */
export function newDeleteToken(): string {
	return randomBase64url(32);
}

/** Matches what newShareId produces, so other strings never reach the database. */
export const SHARE_ID = /^[A-Za-z0-9_-]{22}$/;

/** Compares two strings in time that depends only on their lengths, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
	let diff = a.length ^ b.length;
	const n = Math.max(a.length, b.length);
	for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
	return diff === 0;
}

/** The one error type the share-format checks throw: an HTTP status, a stable code, a message. */
export class ShareFormatError extends Error {
	constructor(
		readonly status: 400 | 413 | 415 | 422,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'ShareFormatError';
	}
}

/** Shorthand for a 422: the upload is well-formed but breaks the format's rules. */
export function invalid(code: string, message: string): ShareFormatError {
	return new ShareFormatError(422, code, message);
}

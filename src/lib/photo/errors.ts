/** Errors a person can act on: every photo failure carries a code the UI translates. */
export type PhotoErrorCode =
	| 'empty'
	| 'unsupported'
	| 'heic'
	| 'corrupt'
	| 'too-large'
	| 'too-small'
	| 'no-weights'
	| 'no-vgg';

export class PhotoError extends Error {
	override name = 'PhotoError';
	constructor(
		readonly code: PhotoErrorCode,
		message: string
	) {
		super(message);
	}
}

/** True for a PhotoError, also after it crossed a worker boundary as { name, code }. */
export function isPhotoError(
	err: unknown
): err is { name: 'PhotoError'; code: PhotoErrorCode; message: string } {
	return (
		typeof err === 'object' &&
		err !== null &&
		(err as { name?: unknown }).name === 'PhotoError' &&
		typeof (err as { code?: unknown }).code === 'string'
	);
}

/** Reads request bodies without ever holding more than a fixed number of bytes. */
import { HttpError } from '../http';

/**
 * Returns the whole body, or throws 413 as soon as more than `max` bytes have arrived (or when
 * Content-Length already says so). The stream is cancelled on refusal.
 */
export async function readBodyLimited(request: Request, max: number): Promise<Uint8Array> {
	const tooLarge = () => new HttpError(413, 'too_large', `The upload is larger than ${max} bytes.`);
	const declared = request.headers.get('content-length');
	if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max)
		throw tooLarge();
	if (!request.body) return new Uint8Array(0);

	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		let step: ReadableStreamReadResult<Uint8Array>;
		try {
			step = await reader.read();
		} catch {
			// The client went away or sent a broken chunked body: its fault, not ours.
			throw new HttpError(400, 'body_read_failed', 'The upload ended before it was complete.');
		}
		const { done, value } = step;
		if (done) break;
		total += value.byteLength;
		if (total > max) {
			await reader.cancel().catch(() => undefined);
			throw tooLarge();
		}
		chunks.push(value);
	}
	if (chunks.length === 1) return chunks[0]!;
	const out = new Uint8Array(total);
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.byteLength;
	}
	return out;
}

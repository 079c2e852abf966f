import { describe, expect, it } from 'vitest';
import { denoiseOnServer, serverError, serverRefusal, ServerInferError } from './server-infer';

const apiError = (code: string, message: string) => JSON.stringify({ error: { code, message } });

describe('server inference errors', () => {
	it('refuses photos over the Worker caps before sending anything', () => {
		expect(serverRefusal(1024, 1024, 5_000_000)).toBeUndefined();
		expect(serverRefusal(1025, 10, 100)).toMatch(/1025 × 10 is larger than the server's 1024/);
		expect(serverRefusal(800, 600, 9 * 1024 * 1024)).toMatch(/9\.0 MiB is more than/);
	});

	it('maps API answers to codes a person can act on, keeping the API message', () => {
		const big = serverError(413, apiError('image_too_large', 'Images up to 1024 px.'), null);
		expect([big.code, big.message, big.status]).toEqual([
			'too-large',
			'Images up to 1024 px.',
			413
		]);
		const busy = serverError(429, apiError('rate_limited', 'Slow down.'), '42');
		expect([busy.code, busy.retryAfter]).toEqual(['busy', 42]);
		expect(serverError(429, '', 'soon').retryAfter).toBeUndefined();
		expect(serverError(422, apiError('corrupt_image', 'Bad PNG.'), null).code).toBe('unreadable');
		expect(serverError(415, '', null).code).toBe('unreadable');
		expect(serverError(404, apiError('model_not_found', 'No such.'), null).code).toBe('no-model');
		// A proxy's HTML error page: the status is all there is.
		const proxy = serverError(502, '<html>Bad gateway</html>', null);
		expect([proxy.code, proxy.message]).toEqual(['server', 'the server answered 502']);
	});

	it('sends nothing when already cancelled', async () => {
		const ac = new AbortController();
		ac.abort();
		let created = 0;
		const err = await denoiseOnServer(new Blob([]), {
			model: 'denoiser-gray',
			sigma: 25,
			signal: ac.signal,
			xhr: () => {
				created++;
				throw new Error('must not be created');
			}
		}).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ServerInferError);
		expect((err as ServerInferError).code).toBe('aborted');
		expect(created).toBe(0);
	});
});

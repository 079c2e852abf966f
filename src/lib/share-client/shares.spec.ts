import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSharedInfo, ShareError } from './shares';

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('fetchSharedInfo', () => {
	it('tells "offline" (no answer at all) apart from a server error and from a missing model', async () => {
		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.reject(new TypeError('Failed to fetch')))
		);
		const offline = await fetchSharedInfo('abc').catch((e: unknown) => e);
		expect(offline).toBeInstanceOf(ShareError);
		expect(offline).toMatchObject({ status: 0, code: 'offline' });

		vi.stubGlobal(
			'fetch',
			vi.fn(() =>
				Promise.resolve(
					new Response(JSON.stringify({ error: { code: 'busy', message: 'Try later.' } }), {
						status: 503
					})
				)
			)
		);
		const failed = await fetchSharedInfo('abc').catch((e: unknown) => e);
		expect(failed).toMatchObject({ status: 503, code: 'busy', message: 'Try later.' });

		vi.stubGlobal(
			'fetch',
			vi.fn(() => Promise.resolve(new Response('{}', { status: 404 })))
		);
		expect(await fetchSharedInfo('abc')).toBeUndefined();
	});

	it('asks for the id it was given, escaped', async () => {
		const fetchMock = vi.fn((_url: string) =>
			Promise.resolve(new Response(JSON.stringify({ name: 'x' }), { status: 200 }))
		);
		vi.stubGlobal('fetch', fetchMock);
		expect(await fetchSharedInfo('a/b c')).toEqual({ name: 'x' });
		expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/models/a%2Fb%20c');
	});
});

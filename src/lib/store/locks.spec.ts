import { afterEach, describe, expect, it, vi } from 'vitest';
import { modelLockName, withModelLock } from './locks';

afterEach(() => vi.unstubAllGlobals());

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('withModelLock', () => {
	it('serialises writers of the same model and lets other models run at once', async () => {
		vi.stubGlobal('navigator', undefined);
		const log: string[] = [];
		const job = (id: string, tag: string) =>
			withModelLock(id, async () => {
				log.push(`${tag}+`);
				await tick();
				log.push(`${tag}-`);
				return tag;
			});
		const results = await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
		expect(results).toEqual(['a1', 'a2', 'b1']);
		expect(log.indexOf('a2+')).toBeGreaterThan(log.indexOf('a1-'));
		expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
	});

	it('a failing holder releases the lock', async () => {
		vi.stubGlobal('navigator', undefined);
		await expect(withModelLock('c', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
			'boom'
		);
		await expect(withModelLock('c', async () => 'next')).resolves.toBe('next');
	});

	it('uses the Web Locks API with the model lock name when present', async () => {
		const request = vi.fn(async (_name: string, cb: () => Promise<unknown>) => cb());
		vi.stubGlobal('navigator', { locks: { request } });
		await expect(withModelLock('m1', async () => 7)).resolves.toBe(7);
		expect(request).toHaveBeenCalledWith('latent-lab:model:m1', expect.any(Function));
		expect(modelLockName('m1')).toBe('latent-lab:model:m1');
	});
});

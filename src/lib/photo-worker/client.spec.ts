import { afterEach, describe, expect, it, vi } from 'vitest';
import { CANCEL_GRACE_MS, createPhotoClient } from './client';
import type { FromPhotoWorker, ToPhotoWorker } from './protocol';

/** A stand-in Worker: records what it is sent; the test answers for it. */
class FakeWorker {
	sent: ToPhotoWorker[] = [];
	terminated = false;
	onmessage: ((e: MessageEvent<FromPhotoWorker>) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	postMessage(msg: ToPhotoWorker) {
		this.sent.push(msg);
	}
	terminate() {
		this.terminated = true;
	}
	reply(msg: FromPhotoWorker) {
		this.onmessage?.({ data: msg } as MessageEvent<FromPhotoWorker>);
	}
}

function setup() {
	const workers: FakeWorker[] = [];
	const client = createPhotoClient(() => {
		const w = new FakeWorker();
		workers.push(w);
		return w as unknown as Worker;
	});
	return { client, workers };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('the photo client', () => {
	it('resolves results, streams events, keeps error codes', async () => {
		const { client, workers } = setup();
		const events: unknown[] = [];
		const p = client.call('catalogue', [], { onEvent: (e) => events.push(e) });
		const w = workers[0] as FakeWorker;
		const id = (w.sent[0] as { id: number }).id;
		w.reply({ type: 'event', id, event: { type: 'status', status: 'running' } });
		w.reply({ type: 'result', id, value: { denoisers: [] } });
		expect(await p).toEqual({ denoisers: [] });
		expect(events).toEqual([{ type: 'status', status: 'running' }]);

		const q = client.call('open', [new Blob(['x'])]);
		w.reply({
			type: 'error',
			id: id + 1,
			error: { name: 'PhotoError', message: 'bad', code: 'corrupt' }
		});
		await expect(q).rejects.toMatchObject({ name: 'PhotoError', code: 'corrupt' });
	});

	it('cancel rejects at once; a worker that answers in time is kept', async () => {
		vi.useFakeTimers();
		const { client, workers } = setup();
		const ctrl = new AbortController();
		const p = client.call('catalogue', [], { signal: ctrl.signal });
		ctrl.abort(new DOMException('stop', 'AbortError'));
		await expect(p).rejects.toThrow('stop');
		const w = workers[0] as FakeWorker;
		expect(w.sent.at(-1)).toEqual({ type: 'cancel', id: 1 });
		w.reply({ type: 'error', id: 1, error: { name: 'AbortError', message: 'aborted' } });
		vi.advanceTimersByTime(CANCEL_GRACE_MS * 2);
		expect(w.terminated).toBe(false);
	});

	it('kills a worker stuck on a cancelled job and replays other calls on a fresh one', async () => {
		vi.useFakeTimers();
		const { client, workers } = setup();
		const ctrl = new AbortController();
		const stuck = client.call('catalogue', [], { signal: ctrl.signal });
		const other = client.call('open', [new Blob(['y'])]);
		ctrl.abort();
		await expect(stuck).rejects.toBeDefined();
		vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
		expect((workers[0] as FakeWorker).terminated).toBe(true);
		const fresh = workers[1] as FakeWorker;
		expect(fresh.sent.map((m) => m.type === 'call' && m.method)).toEqual(['open']);
		fresh.reply({ type: 'result', id: 2, value: 'opened' });
		expect(await other).toBe('opened');
	});
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { RpcClient, WorkerFailure } from './client';
import type { FromWorkerMessage, ToWorkerMessage } from './messages';

interface Api {
	tile(n: number): string;
	train(name: string): string;
}
type Event = { type: 'note'; text: string };
type ToWorker = ToWorkerMessage<Api>;

const GRACE = 500;

/** A stand-in Worker: records what it is sent; the test answers for it. */
class FakeWorker {
	sent: ToWorker[] = [];
	terminated = false;
	onmessage: ((e: MessageEvent<FromWorkerMessage<Event>>) => void) | null = null;
	onerror: ((e: ErrorEvent) => void) | null = null;
	postMessage(msg: ToWorker) {
		this.sent.push(msg);
	}
	terminate() {
		this.terminated = true;
	}
	reply(msg: FromWorkerMessage<Event>) {
		this.onmessage?.({ data: msg } as MessageEvent<FromWorkerMessage<Event>>);
	}
	/** The methods of the calls this worker was sent, in order. */
	calls(): string[] {
		return this.sent.flatMap((m) => (m.type === 'call' ? [m.method] : []));
	}
}

function setup() {
	const workers: FakeWorker[] = [];
	const client = new RpcClient<Api, Event>(
		() => {
			const w = new FakeWorker();
			workers.push(w);
			return w as unknown as Worker;
		},
		{ name: 'test', cancelGraceMs: GRACE }
	);
	const worker = (i: number) => workers[i] as FakeWorker;
	return { client, workers, worker };
}

afterEach(() => {
	vi.useRealTimers();
});

describe('RpcClient restart after a stuck cancel', () => {
	it('rejects a call that must not be replayed, and still replays the others', async () => {
		vi.useFakeTimers();
		const { client, worker } = setup();
		const ctrl = new AbortController();
		const stuck = client.call('tile', [1], { signal: ctrl.signal });
		const training = client.call('train', ['m'], { replay: false });
		const other = client.call('tile', [2]);
		ctrl.abort();
		await expect(stuck).rejects.toBeDefined();
		vi.advanceTimersByTime(GRACE + 1);

		expect(worker(0).terminated).toBe(true);
		// Only the idempotent call reaches the fresh worker: training does not start over.
		expect(worker(1).calls()).toEqual(['tile']);
		await expect(training).rejects.toMatchObject({ name: 'WorkerRestarted' });
		await expect(training).rejects.toBeInstanceOf(WorkerFailure);
		worker(1).reply({ type: 'result', id: 3, value: 'tile 2' });
		expect(await other).toBe('tile 2');
	});

	it('sends a replayed call’s cancel to the fresh worker, and kills that one if it is stuck', async () => {
		vi.useFakeTimers();
		const { client, workers, worker } = setup();
		const ctrlA = new AbortController();
		const ctrlB = new AbortController();
		const a = client.call('tile', [1], { signal: ctrlA.signal });
		const b = client.call('tile', [2], { signal: ctrlB.signal });
		ctrlA.abort();
		await expect(a).rejects.toBeDefined();
		vi.advanceTimersByTime(GRACE + 1);
		expect(worker(1).calls()).toEqual(['tile']);

		ctrlB.abort();
		await expect(b).rejects.toBeDefined();
		expect(worker(1).sent.at(-1)).toEqual({ type: 'cancel', id: 2 });
		expect(worker(0).sent.filter((m) => m.type === 'cancel')).toEqual([{ type: 'cancel', id: 1 }]);
		vi.advanceTimersByTime(GRACE + 1);
		expect(worker(1).terminated).toBe(true);
		// Nothing was left in flight, so no third worker is started.
		expect(workers).toHaveLength(2);
	});
});

describe('RpcClient events of a cancelled call', () => {
	it('delivers them to a caller that asks, until the worker answers the call', async () => {
		const { client, worker } = setup();
		const events: Event[] = [];
		const ctrl = new AbortController();
		const run = client.call('train', ['m'], {
			signal: ctrl.signal,
			onEvent: (e) => events.push(e),
			lateEvents: true
		});
		ctrl.abort(new DOMException('stop', 'AbortError'));
		// The promise's contract is unchanged: it rejects at once.
		await expect(run).rejects.toThrow('stop');

		// The worker's last save after Stop hits a full disk: the page must still hear it.
		worker(0).reply({ type: 'event', id: 1, event: { type: 'note', text: 'storage-full' } });
		worker(0).reply({ type: 'error', id: 1, error: { name: 'AbortError', message: 'aborted' } });
		worker(0).reply({ type: 'event', id: 1, event: { type: 'note', text: 'late' } });
		expect(events).toEqual([{ type: 'note', text: 'storage-full' }]);
	});

	it('drops them for a caller that does not ask (its page has moved on)', async () => {
		const { client, worker } = setup();
		const events: Event[] = [];
		const ctrl = new AbortController();
		const run = client.call('train', ['m'], {
			signal: ctrl.signal,
			onEvent: (e) => events.push(e)
		});
		ctrl.abort();
		await expect(run).rejects.toBeDefined();
		worker(0).reply({ type: 'event', id: 1, event: { type: 'note', text: 'late' } });
		expect(events).toEqual([]);
	});

	it('drops them once the worker is terminated', async () => {
		const { client, worker } = setup();
		const events: Event[] = [];
		const ctrl = new AbortController();
		const run = client.call('train', ['m'], {
			signal: ctrl.signal,
			onEvent: (e) => events.push(e),
			lateEvents: true
		});
		ctrl.abort();
		await expect(run).rejects.toBeDefined();
		client.terminate();
		worker(0).reply({ type: 'event', id: 1, event: { type: 'note', text: 'late' } });
		expect(events).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import type { FromWorkerMessage, ToWorkerMessage } from './messages';
import { serveCalls } from './serve';

interface Api {
	add(a: number, b: number): number;
	wait(): string;
	fail(): never;
}
type Event = { type: 'tick'; n: number };

/** A stand-in worker global: records what it posts; the test sends it calls. */
function fakeScope() {
	const posted: { msg: FromWorkerMessage<Event>; transfer: Transferable[] }[] = [];
	const scope = {
		onmessage: null as ((e: MessageEvent) => unknown) | null,
		postMessage(msg: FromWorkerMessage<Event>, transfer: Transferable[]) {
			posted.push({ msg, transfer });
		}
	};
	const send = async (msg: ToWorkerMessage<Api>) => {
		await scope.onmessage?.({ data: msg } as MessageEvent);
	};
	return { scope, posted, send };
}

class CodedError extends Error {
	override name = 'CodedError';
	code = 'too-big';
}

describe('serveCalls', () => {
	it('streams events, then the result; an error crosses with its name, message and code', async () => {
		const { scope, posted, send } = fakeScope();
		const buffer = new ArrayBuffer(8);
		serveCalls<Api, Event>(
			scope as unknown as DedicatedWorkerGlobalScope,
			{
				add: async (_signal, emit, a, b) => {
					emit({ type: 'tick', n: 1 });
					return a + b;
				},
				wait: async () => 'never called here',
				fail: async () => {
					throw new CodedError('no');
				}
			},
			{
				transfer: (v) => (v === 5 ? [buffer] : []),
				errorCode: (err) => (err instanceof CodedError ? err.code : undefined)
			}
		);
		await send({ type: 'call', id: 1, method: 'add', args: [2, 3] });
		expect(posted.map((p) => p.msg)).toEqual([
			{ type: 'event', id: 1, event: { type: 'tick', n: 1 } },
			{ type: 'result', id: 1, value: 5 }
		]);
		expect(posted[1]!.transfer).toEqual([buffer]);
		await send({ type: 'call', id: 2, method: 'fail', args: [] });
		expect(posted[2]!.msg).toEqual({
			type: 'error',
			id: 2,
			error: { name: 'CodedError', message: 'no', code: 'too-big' }
		});
	});

	it('a cancel message aborts the signal of that call only', async () => {
		const { scope, posted, send } = fakeScope();
		const signals: AbortSignal[] = [];
		serveCalls<Api, Event>(scope as unknown as DedicatedWorkerGlobalScope, {
			add: async (_s, _e, a, b) => a + b,
			wait: (signal) =>
				new Promise((resolve, reject) => {
					signals.push(signal);
					signal.addEventListener('abort', () => reject(new DOMException('stop', 'AbortError')));
				}),
			fail: async () => {
				throw new Error('unused');
			}
		});
		const first = send({ type: 'call', id: 7, method: 'wait', args: [] });
		const second = send({ type: 'call', id: 8, method: 'wait', args: [] });
		await send({ type: 'cancel', id: 7 });
		await first;
		expect(signals.map((s) => s.aborted)).toEqual([true, false]);
		expect(posted).toEqual([
			{
				msg: { type: 'error', id: 7, error: { name: 'AbortError', message: 'stop' } },
				transfer: []
			}
		]);
		await send({ type: 'cancel', id: 8 });
		await second;
		expect(posted).toHaveLength(2);
	});
});

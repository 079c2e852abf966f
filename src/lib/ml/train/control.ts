/** Pause / resume / single-step / slow-motion control for a running training loop. */

export type LoopState = 'running' | 'paused';

/** Shared between the loop and whoever steers it (the worker's message handler). */
export class LoopControl {
	private paused = false;
	private pendingSteps = 0;
	private checkpointWanted = false;
	private wake: (() => void) | undefined;
	/** Extra delay between steps in ms (GAN Lab's slow motion); 0 = full speed. */
	delayMs = 0;

	get state(): LoopState {
		return this.paused ? 'paused' : 'running';
	}

	pause(): void {
		this.paused = true;
	}

	resume(): void {
		this.paused = false;
		this.pendingSteps = 0;
		this.wake?.();
	}

	/** Asks for a checkpoint at the next opportunity (e.g. the page is being hidden). */
	requestCheckpoint(): void {
		this.checkpointWanted = true;
		this.wake?.();
	}

	/** True once per request; the loop calls this to decide whether to checkpoint now. */
	takeCheckpointRequest(): boolean {
		const wanted = this.checkpointWanted;
		this.checkpointWanted = false;
		return wanted;
	}

	/** While paused, lets exactly one more step run. */
	stepOnce(): void {
		this.pendingSteps++;
		this.wake?.();
	}

	/** Resolves when the loop may take its next step; rejects when `signal` aborts. */
	async gate(signal?: AbortSignal): Promise<void> {
		while (this.paused && this.pendingSteps === 0) {
			signal?.throwIfAborted();
			await new Promise<void>((resolve) => {
				this.wake = resolve;
				signal?.addEventListener('abort', () => resolve(), { once: true });
			});
			this.wake = undefined;
		}
		signal?.throwIfAborted();
		if (this.paused && this.pendingSteps > 0) this.pendingSteps--;
		if (this.delayMs > 0) await sleep(this.delayMs, signal);
	}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const t = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(t);
				resolve();
			},
			{ once: true }
		);
	});
}

/**
 * Gives queued messages (pause, cancel) a chance to run between synchronous training steps.
 * MessageChannel avoids the 4 ms clamp nested setTimeouts get.
 */
export function yieldToEventLoop(): Promise<void> {
	const Channel = (globalThis as { MessageChannel?: new () => PortPair }).MessageChannel;
	if (!Channel) return new Promise((r) => setTimeout(r, 0));
	return new Promise((resolve) => {
		const ch = new Channel();
		ch.port1.onmessage = () => {
			ch.port1.close();
			resolve();
		};
		ch.port2.postMessage(null);
	});
}

/** The part of MessageChannel used here (not in every runtime's type library, e.g. workerd's). */
interface PortPair {
	port1: { onmessage: ((e: unknown) => void) | null; close(): void };
	port2: { postMessage(message: unknown): void };
}

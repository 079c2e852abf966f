/**
 * One writer per model at a time, across the page and the training worker: Web Locks when the
 * platform has them, else a queue inside this JavaScript realm (Node tests, old browsers).
 */

/** The lock name that guards every record of one model. */
export function modelLockName(modelId: string): string {
	return `latent-lab:model:${modelId}`;
}

interface LockRequester {
	request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

function webLocks(): LockRequester | undefined {
	const locks = (globalThis as { navigator?: { locks?: LockRequester } }).navigator?.locks;
	return typeof locks?.request === 'function' ? locks : undefined;
}

const tails = new Map<string, Promise<unknown>>();

/** Queues `fn` behind earlier holders of the same name in this realm. */
function localLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const prev = tails.get(name) ?? Promise.resolve();
	const run = prev.then(fn, fn);
	const tail = run.catch(() => undefined);
	tails.set(name, tail);
	void tail.then(() => {
		if (tails.get(name) === tail) tails.delete(name);
	});
	return run;
}

/**
 * Runs `fn` while holding the model's exclusive lock. Do not nest calls for the same model:
 * like Web Locks, the inner call would wait for the outer one forever.
 */
export function withModelLock<T>(modelId: string, fn: () => Promise<T>): Promise<T> {
	const name = modelLockName(modelId);
	const locks = webLocks();
	return locks ? locks.request(name, fn) : localLock(name, fn);
}

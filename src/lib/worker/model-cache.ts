/**
 * Versioned entries in a worker's cache of loaded models. A library model trained further gets a
 * new checkpoint id, so a new cache key: the versions it replaces are dropped and freed rather
 * than kept (and sampled from) for the worker's lifetime.
 */

/** Removes the entries whose key starts with `prefix` other than `current`, disposing each once loaded. */
export function dropSuperseded<T>(
	cache: Map<string, Promise<T>>,
	prefix: string,
	current: string,
	dispose: (value: T) => void
): void {
	for (const [key, value] of cache) {
		if (key !== current && key.startsWith(prefix)) {
			cache.delete(key);
			value.then(dispose, () => undefined);
		}
	}
}

/** A diagnostic matMul: times the backend and checks its answer against plain JS. */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './backend';

export interface SelfTestOptions {
	size: number;
	backend: BackendName;
	threads: number;
	signal?: AbortSignal;
}

/** Multiplies two size×size matrices of known values and reports time and max error. */
export async function runSelfTest(opts: SelfTestOptions) {
	const n = opts.size;
	if (!Number.isInteger(n) || n < 2 || n > 2048)
		throw new RangeError(`size must be 2..2048, got ${n}`);
	const a = new Float32Array(n * n).map((_, i) => ((i * 7) % 13) / 13 - 0.5);
	const b = new Float32Array(n * n).map((_, i) => ((i * 5) % 11) / 11 - 0.5);
	const ta = tf.tensor2d(a, [n, n]);
	const tb = tf.tensor2d(b, [n, n]);
	try {
		// Warm-up compiles shaders / spins up threads so the timing measures the product itself.
		tf.matMul(ta, tb).dispose();
		opts.signal?.throwIfAborted();
		const t0 = performance.now();
		const c = tf.matMul(ta, tb);
		const got = await c.data();
		const ms = performance.now() - t0;
		c.dispose();
		let maxError = 0;
		// Checking a handful of rows keeps the JS reference cheap for large n.
		for (const i of [0, n >> 1, n - 1]) {
			for (let j = 0; j < n; j++) {
				let s = 0;
				for (let k = 0; k < n; k++) s += (a[i * n + k] ?? 0) * (b[k * n + j] ?? 0);
				maxError = Math.max(maxError, Math.abs(s - (got[i * n + j] ?? NaN)));
			}
		}
		return { backend: opts.backend, threads: opts.threads, size: n, ms, maxError };
	} finally {
		ta.dispose();
		tb.dispose();
	}
}

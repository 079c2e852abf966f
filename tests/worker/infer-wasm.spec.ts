// The tfjs-in-workerd adapter: WASM really starts here from precompiled modules, computes what
// the CPU backend computes, and the adapter leaves no patch behind.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../../workers/api/infer/runtime';
import { withPrecompiledWasm } from '../../workers/api/infer/wasm-module-fetch';

describe('tfjs-backend-wasm inside workerd', () => {
	it('cannot compile wasm bytes at run time (why the adapter exists)', async () => {
		const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // an empty module
		await expect(WebAssembly.instantiate(bytes)).rejects.toThrow();
	});

	it('answers pseudo paths with the module, instantiates it, and restores both patches', async () => {
		const platform = tf.env().platform as unknown as { fetch: unknown };
		const fetchBefore = platform.fetch;
		const instantiateBefore = WebAssembly.instantiate;
		const g = globalThis as { process?: unknown };
		const processBefore = g.process;
		expect(typeof processBefore).toBe('object'); // nodejs_compat
		const seen = await withPrecompiledWasm(
			{ 'tfjs-backend-wasm-simd.wasm': simdWasm },
			async (paths) => {
				const hiddenAtStart = typeof g.process;
				const res = await tf.env().platform.fetch(paths['tfjs-backend-wasm-simd.wasm']);
				const missing = await tf.env().platform.fetch(paths['tfjs-backend-wasm.wasm']);
				const source = (await res.arrayBuffer()) as unknown as WebAssembly.Module;
				// The imports are the backend's; a stub is enough to see the answer's shape fail
				// at linking, not at compiling, and with `instance`/`module` fields when it links.
				const shape = await WebAssembly.instantiate(source, {}).catch((e: Error) => e.message);
				const shownAfterFetch = g.process === processBefore;
				return {
					ok: res.ok,
					missingOk: missing.ok,
					same: source === simdWasm,
					shape,
					hiddenAtStart,
					shownAfterFetch
				};
			}
		);
		expect(seen).toMatchObject({
			ok: true,
			missingOk: false,
			same: true,
			hiddenAtStart: 'undefined',
			shownAfterFetch: true
		});
		expect(String(seen.shape)).toMatch(/import/i); // reached instantiation (linking), not compiling
		expect(platform.fetch).toBe(fetchBefore);
		expect(WebAssembly.instantiate).toBe(instantiateBefore);
		expect(g.process).toBe(processBefore);
	});

	it('starts the wasm backend (SIMD) and a conv gives the CPU backend numbers', async () => {
		const info = await ensureBackend();
		expect(info.name).toBe('wasm');
		expect(info.simd).toBe(true);
		expect(info.threads).toBe(1);
		expect(tf.getBackend()).toBe('wasm');
		const conv = () =>
			tf.tidy(() => {
				const x = tf.tensor4d(
					Float32Array.from({ length: 1 * 32 * 32 * 3 }, (_, i) => Math.sin(i * 0.37)),
					[1, 32, 32, 3]
				);
				const w = tf.tensor4d(
					Float32Array.from({ length: 3 * 3 * 3 * 8 }, (_, i) => Math.cos(i * 0.11) * 0.2),
					[3, 3, 3, 8]
				);
				return tf.relu(tf.conv2d(tf.conv2d(x, w, 1, 'same'), tf.ones([3, 3, 8, 2]), 2, 'same'));
			});
		const before = tf.memory().numTensors;
		const onWasm = conv();
		const wasmData = await onWasm.data();
		onWasm.dispose();
		expect(tf.memory().numTensors).toBe(before);
		await tf.setBackend('cpu');
		try {
			const onCpu = conv();
			const cpuData = await onCpu.data();
			onCpu.dispose();
			expect(wasmData.length).toBe(16 * 16 * 2);
			let maxDiff = 0;
			for (let i = 0; i < cpuData.length; i++) {
				maxDiff = Math.max(maxDiff, Math.abs((cpuData[i] ?? 0) - (wasmData[i] ?? 0)));
			}
			expect(maxDiff).toBeLessThan(1e-4);
			expect(Math.max(...cpuData)).toBeGreaterThan(0.1); // not a trivial all-zero answer
		} finally {
			await tf.setBackend('wasm');
		}
	});
});

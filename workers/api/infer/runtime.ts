/**
 * The tfjs backend of this isolate: WASM (SIMD when the runtime has it) from the precompiled
 * binaries bundled with the Worker, CPU if WASM fails. Started once, on the first inference.
 */
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { selectBackend, type BackendInfo } from '../../../src/lib/ml/backend';
import { registerWasmTrainingKernels } from '../../../src/lib/ml/kernels';
import { withPrecompiledWasm } from './wasm-module-fetch';

let ready: Promise<BackendInfo> | undefined;

/** Starts (once per isolate) and returns the backend every inference runs on. */
export function ensureBackend(): Promise<BackendInfo> {
	ready ??= withPrecompiledWasm(
		{ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm },
		(paths) =>
			selectBackend({
				order: ['wasm', 'cpu'],
				wasmPaths: paths,
				wasmUsePlatformFetch: true,
				threads: 1,
				// The same conv kernels as the app: tfjs-wasm's own Conv2DBackpropInput (the forward
				// pass of every conv-transpose, e.g. the DCGAN generator) is several times slower.
				onBackendReady: (name) => {
					if (name === 'wasm') registerWasmTrainingKernels();
				}
			})
	).catch((err: unknown) => {
		// A failed start is not remembered: the next request tries again.
		ready = undefined;
		throw err;
	});
	return ready;
}

/**
 * Starts tfjs in a worker (compute, explore or photo): WebGPU → WASM → CPU as `selectBackend`
 * decides, with the WASM binaries at the URLs the bundler gave them and the training kernels
 * tfjs-wasm 4.22 lacks (conv nets and style transfer backpropagate through convolutions).
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { selectBackend, type BackendInfo, type BackendName } from '$lib/ml/backend';
import { registerWasmTrainingKernels } from '$lib/ml/kernels';

let backend: Promise<BackendInfo> | undefined;

function absolute(url: string): string {
	return new URL(url, self.location.href).href;
}

/** Starts the backend once per worker; later calls get the same choice, whatever they ask. */
export function startBackend(opts: {
	preferred?: BackendName;
	threads?: number;
}): Promise<BackendInfo> {
	backend ??= selectBackend({
		preferred: opts.preferred,
		threads: opts.threads,
		wasmPaths: {
			'tfjs-backend-wasm.wasm': absolute(wasmPlain),
			'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
			'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded)
		},
		onBackendReady: (name) => {
			if (name === 'wasm') registerWasmTrainingKernels();
		}
	});
	return backend;
}

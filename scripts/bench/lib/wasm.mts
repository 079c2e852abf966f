/** The benchmark runtime: tfjs on the WASM backend in Node, with the project's training kernels. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../src/lib/ml/kernels';

/** Selects the wasm backend (single-threaded in Node) and registers the conv training kernels. */
export async function initWasm(): Promise<{ simd: boolean; threads: boolean }> {
	await tf.setBackend('wasm');
	await tf.ready();
	registerWasmTrainingKernels();
	return {
		simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
		threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))
	};
}

/**
 * The worker-thread replica of data-parallel denoiser training (see parallel.mts): waits for a
 * request, loads the weights and its shard from the shared buffer, writes back the shard's loss
 * and gradients. It never updates weights itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../src/lib/ml/kernels';
import { DenoiserTrainer } from '../../src/lib/ml/models/denoiser/train';
import { CTRL, CTRL_WORDS, type ReplicaData } from './parallel.mts';

const { buffer, layout, trainer: options, backend } = workerData as ReplicaData;
const ctrl = new Int32Array(buffer, 0, CTRL_WORDS);
const floats = new Float32Array(buffer);

function serve(replica: DenoiserTrainer): void {
	const vars = replica.model.trainableWeights;
	const [h, w, c] = layout.rowShape;
	// A fresh buffer's counter is 0. Reading it here instead could miss the first request: the
	// main thread may post it as soon as it gets 'ready', before this line runs.
	let seen = 0;
	for (;;) {
		Atomics.wait(ctrl, CTRL.request, seen);
		const request = Atomics.load(ctrl, CTRL.request);
		if (request < 0) return;
		if (request === seen) continue;
		seen = request;
		const rows = Atomics.load(ctrl, CTRL.rows);
		let at = layout.weights;
		for (const v of vars) {
			const size = v.read().size;
			// write() shares the new tensor's data, so tidy may free the handle.
			tf.tidy(() => v.write(tf.tensor(floats.subarray(at, at + size), v.shape as number[])));
			at += size;
		}
		tf.tidy(() => {
			const shard = (offset: number, channels: number) =>
				tf.tensor4d(floats.slice(offset, offset + rows * h * w * channels), [rows, h, w, channels]);
			const x = shard(layout.x, c);
			const { loss, grads } = replica.gradients(
				x,
				shard(layout.noisy, c),
				shard(layout.sigmaMap, 1)
			);
			let g = layout.grads;
			for (const v of vars) {
				const values = grads[(v.read() as tf.Variable).name]!.dataSync();
				floats.set(values, g);
				g += values.length;
			}
			floats[layout.loss] = loss.dataSync()[0] ?? 0;
		});
		Atomics.store(ctrl, CTRL.done, request);
		Atomics.notify(ctrl, CTRL.done);
	}
}

try {
	await tf.setBackend(backend);
	await tf.ready();
	if (backend === 'wasm') registerWasmTrainingKernels();
	const replica = new DenoiserTrainer(options);
	parentPort?.postMessage({ ready: true });
	serve(replica);
	replica.dispose();
} catch (err) {
	Atomics.store(ctrl, CTRL.failed, 1);
	Atomics.notify(ctrl, CTRL.done);
	parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
}

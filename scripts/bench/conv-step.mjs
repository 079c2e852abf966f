#!/usr/bin/env node
/**
 * Times training steps of the conv autoencoder and the DCGAN on the tfjs WASM backend in Node
 * (single-threaded there):
 *   stock  the backend's own kernels plus only our Conv2DBackpropFilter (wasm has none, so
 *          nothing conv trains without it)
 *   ours   registerWasmTrainingKernels(): also our Conv2DBackpropInput, BatchMatMul and Tile
 *
 *   node scripts/bench/conv-step.mjs [--model ae|dcgan|both] [--batch 64] [--steps N]
 *                                    [--kernels stock|ours|both]
 *
 * Prints steps/s by wall clock and by this process's CPU time (the second is what a quiet
 * machine would give when other processes compete for the cores).
 * Data is random in [0, 1] (the step cost does not depend on the pixels). The TypeScript sources
 * are bundled on the fly with esbuild (installed with wrangler), tfjs itself stays external.
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
	options: {
		model: { type: 'string', default: 'both' },
		batch: { type: 'string', default: '64' },
		steps: { type: 'string' },
		kernels: { type: 'string', default: 'both' }
	}
});

const outDir = join(root, 'node_modules', '.cache', 'latent-lab-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'conv-step-lib.mjs');
await build({
	stdin: {
		contents: [
			"export * from './src/lib/ml/kernels/wasm-conv-grads.ts';",
			"export * from './src/lib/ml/models/conv-autoencoder/train.ts';",
			"export * from './src/lib/ml/models/dcgan/train.ts';"
		].join('\n'),
		resolveDir: root,
		loader: 'ts'
	},
	bundle: true,
	platform: 'node',
	format: 'esm',
	external: ['@tensorflow/*'],
	outfile,
	logLevel: 'warning'
});

const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
const lib = await import(pathToFileURL(outfile).href);
await tf.setBackend('wasm');
const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');

const stock = new Map(
	['Conv2DBackpropInput', 'BatchMatMul', 'Tile'].map((name) => [name, tf.getKernel(name, 'wasm')])
);
/** @type {import('@tensorflow/tfjs-core').KernelConfig[]} */
const oursAll = lib.WASM_TRAINING_KERNELS;
const oursFilter = oursAll.find((k) => k.kernelName === 'Conv2DBackpropFilter');

/**
 * Installs the stock kernels (plus our filter gradient) or all of ours.
 * @param {string} which 'stock' or 'ours'
 */
function useKernels(which) {
	if (which === 'ours') {
		lib.registerWasmTrainingKernels();
		return;
	}
	for (const [name, config] of stock) {
		tf.unregisterKernel(name, 'wasm');
		if (config) tf.registerKernel(config);
	}
	if (tf.getKernel('Conv2DBackpropFilter', 'wasm'))
		tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
	if (oursFilter) tf.registerKernel(oursFilter);
}

/** @param {number} n */
function randomBatch(n) {
	return /** @type {import('@tensorflow/tfjs-core').Tensor4D} */ (
		tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 1)
	);
}

/**
 * @param {import('../../src/lib/ml/train/trainer.ts').Trainer} trainer
 * @param {number} batch
 * @param {number} steps
 */
function time(trainer, batch, steps) {
	const x = randomBatch(batch);
	// Two warm-up steps: Adam creates its slots, XNNPACK builds its operators.
	for (let i = 0; i < 2; i++) tf.dispose(Object.values(trainer.step({ x })));
	const t0 = performance.now();
	const c0 = process.cpuUsage();
	for (let i = 0; i < steps; i++) {
		const losses = trainer.step({ x });
		// Reading a loss forces the step to finish, as a training loop does every few steps.
		if (i === steps - 1) Object.values(losses)[0]?.dataSync();
		tf.dispose(Object.values(losses));
	}
	const wall = (performance.now() - t0) / 1000;
	const used = process.cpuUsage(c0);
	x.dispose();
	return { wall: steps / wall, cpu: steps / ((used.user + used.system) / 1e6) };
}

const batch = Number(args.batch);
const models = args.model === 'both' ? ['ae', 'dcgan'] : [args.model];
const kernelSets = args.kernels === 'both' ? ['stock', 'ours'] : [args.kernels];
console.log(`tfjs wasm: simd=${simd} threads=${threads}, batch ${batch}`);
for (const model of models) {
	for (const which of kernelSets) {
		useKernels(which);
		const steps = Number(args.steps ?? (model === 'ae' ? 20 : 3));
		const trainer =
			model === 'ae'
				? lib.createConvAutoencoderTrainer({ latentSize: 32, seed: 1 })
				: lib.createDcganTrainer({ latentSize: 100, seed: 1 });
		const rate = time(trainer, batch, steps);
		trainer.dispose();
		console.log(
			`${model.padEnd(5)} kernels=${which.padEnd(5)} ${rate.wall.toFixed(2)} steps/s wall, ` +
				`${rate.cpu.toFixed(2)} steps/s by CPU time (${steps} steps)`
		);
	}
}

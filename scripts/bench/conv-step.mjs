#!/usr/bin/env node
/**
 * Times training steps of the conv autoencoder and the DCGAN on the tfjs WASM backend in Node
 * (single-threaded there), with our im2col conv-gradient kernels, and optionally with the
 * backend's built-in Conv2DBackpropInput for comparison.
 *
 *   node scripts/bench/conv-step.mjs [--model ae|dcgan|both] [--batch 64] [--steps N]
 *                                    [--input-kernel ours|builtin|both]
 *
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
		'input-kernel': { type: 'string', default: 'both' }
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

const builtinInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
const [oursFilter, oursInput] = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'].map((name) =>
	lib.WASM_TRAINING_KERNELS.find((k) => k.kernelName === name)
);

/** Installs our filter kernel (always needed: wasm has none) and the chosen input kernel. */
function useKernels(input) {
	for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
		if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
	}
	tf.registerKernel(oursFilter);
	tf.registerKernel(input === 'builtin' ? builtinInput : oursInput);
}

function randomBatch(n) {
	return tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 1);
}

function time(trainer, batch, steps) {
	const x = randomBatch(batch);
	// Two warm-up steps: Adam creates its slots, XNNPACK builds its operators.
	for (let i = 0; i < 2; i++) tf.dispose(Object.values(trainer.step({ x })));
	const t0 = performance.now();
	for (let i = 0; i < steps; i++) {
		const losses = trainer.step({ x });
		// Reading a loss forces the step to finish, as a training loop does every few steps.
		if (i === steps - 1) Object.values(losses)[0].dataSync();
		tf.dispose(Object.values(losses));
	}
	const s = (performance.now() - t0) / 1000;
	x.dispose();
	return steps / s;
}

const batch = Number(args.batch);
const models = args.model === 'both' ? ['ae', 'dcgan'] : [args.model];
const inputs = args['input-kernel'] === 'both' ? ['builtin', 'ours'] : [args['input-kernel']];
console.log(`tfjs wasm: simd=${simd} threads=${threads}, batch ${batch}`);
for (const model of models) {
	for (const input of inputs) {
		useKernels(input);
		const steps = Number(args.steps ?? (model === 'ae' ? 20 : 3));
		const trainer =
			model === 'ae'
				? lib.createConvAutoencoderTrainer({ latentSize: 32, seed: 1 })
				: lib.createDcganTrainer({ latentSize: 100, seed: 1 });
		const rate = time(trainer, batch, steps);
		trainer.dispose();
		console.log(
			`${model.padEnd(5)} Conv2DBackpropInput=${input.padEnd(7)} ${rate.toFixed(2)} steps/s (${steps} steps)`
		);
	}
}

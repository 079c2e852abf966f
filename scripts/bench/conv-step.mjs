#!/usr/bin/env node
/**
 * Times training steps of the conv autoencoder, the DCGAN, the grey denoiser and the in-app
 * stylizer recipe (phone size on the VGG-free features) on the tfjs WASM backend in Node
 * (single-threaded there):
 *   stock   the backend's own kernels plus only our Conv2DBackpropFilter (wasm has none, so
 *           nothing conv trains without it)
 *   im2col  ours, with every conv gradient through im2col/col2im (no stride-1 routes)
 *   ours    registerWasmTrainingKernels(): our Conv2DBackpropInput, BatchMatMul and Tile too,
 *           stride-1 convs by the flipped-filter convolution and the padded grid
 *
 *   node scripts/bench/conv-step.mjs [--model ae|dcgan|denoiser|stylizer|all] [--batch N]
 *                                    [--steps N] [--kernels stock|im2col|ours|all]
 * Each model trains on its own recipe's batch (64 of 28×28; denoiser 32 of 40×40; stylizer 4
 * of 96×96 RGB) unless --batch is given.
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
		model: { type: 'string', default: 'all' },
		batch: { type: 'string' },
		steps: { type: 'string' },
		kernels: { type: 'string', default: 'all' }
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
			"export * from './src/lib/ml/models/dcgan/train.ts';",
			"export * from './src/lib/ml/models/denoiser/train.ts';",
			"export * from './src/lib/ml/models/stylizer/train.ts';",
			"export * from './src/lib/ml/models/stylizer/recipe.ts';",
			"export * from './src/lib/ml/models/style/random-features.ts';"
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

/** Our conv gradients pinned to the im2col route. @type {import('@tensorflow/tfjs-core').KernelConfig[]} */
const im2colOnly = [
	{
		kernelName: 'Conv2DBackpropFilter',
		backendName: 'wasm',
		kernelFunc: (a) => lib.conv2dBackpropFilterWasm(a, lib.MAX_COLS_FLOATS, 'im2col')
	},
	{
		kernelName: 'Conv2DBackpropInput',
		backendName: 'wasm',
		kernelFunc: (a) => lib.conv2dBackpropInputWasm(a, lib.MAX_COLS_FLOATS, 'im2col')
	}
];

/**
 * Installs the stock kernels (plus our filter gradient), ours on the im2col route, or ours.
 * @param {string} which 'stock', 'im2col' or 'ours'
 */
function useKernels(which) {
	if (which === 'ours' || which === 'im2col') {
		lib.registerWasmTrainingKernels();
		if (which === 'im2col') {
			for (const config of im2colOnly) {
				tf.unregisterKernel(config.kernelName, 'wasm');
				tf.registerKernel(config);
			}
		}
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

/**
 * @param {number} n
 * @param {number} side
 * @param {number} channels
 */
function randomBatch(n, side, channels) {
	return /** @type {import('@tensorflow/tfjs-core').Tensor4D} */ (
		tf.randomUniform([n, side, side, channels], 0, 1, 'float32', 1)
	);
}

/** The app's "Train a stylizer" trainer on the VGG-free features, with a random style image. */
function stylizerTrainer() {
	const features = lib.buildRandomFeatures({ seed: 0 });
	const layers = lib.randomFeatureLayers();
	const style = tf.randomUniform([lib.STYLIZER_CROP, lib.STYLIZER_CROP, 3], 0, 1, 'float32', 2);
	const trainer = new lib.StylizerTrainer({
		size: 'phone',
		seed: 1,
		features,
		contentLayer: layers.content,
		styleLayers: layers.style,
		style,
		...lib.stylizerLossWeights(lib.RANDOM_FEATURES_DEFAULTS.weights, true)
	});
	style.dispose();
	return {
		step: (/** @type {{ x: import('@tensorflow/tfjs-core').Tensor4D }} */ b) => trainer.step(b),
		dispose: () => {
			trainer.dispose();
			features.dispose();
		}
	};
}

/**
 * @param {Pick<import('../../src/lib/ml/train/trainer.ts').Trainer, 'step'>} trainer
 * @param {number} batch
 * @param {number} steps
 * @param {number} side
 * @param {number} channels
 */
function time(trainer, batch, steps, side, channels) {
	const x = randomBatch(batch, side, channels);
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

const models = args.model === 'all' ? ['ae', 'dcgan', 'denoiser', 'stylizer'] : [args.model];
const kernelSets = args.kernels === 'all' ? ['stock', 'im2col', 'ours'] : [args.kernels];
console.log(`tfjs wasm: simd=${simd} threads=${threads}`);
/** @type {Record<string, { batch: number, side: number, channels: number, steps: number, make: () => Pick<import('../../src/lib/ml/train/trainer.ts').Trainer, 'step' | 'dispose'> }>} */
const setups = {
	ae: {
		batch: 64,
		side: 28,
		channels: 1,
		steps: 20,
		make: () => lib.createConvAutoencoderTrainer({ latentSize: 32, seed: 1 })
	},
	dcgan: {
		batch: 64,
		side: 28,
		channels: 1,
		steps: 3,
		make: () => lib.createDcganTrainer({ latentSize: 100, seed: 1 })
	},
	denoiser: {
		batch: 32,
		side: 40,
		channels: 1,
		steps: 4,
		make: () => new lib.DenoiserTrainer({ channels: 1, seed: 1, depth: 10, features: 32 })
	},
	stylizer: { batch: 4, side: 96, channels: 3, steps: 3, make: stylizerTrainer }
};
for (const model of models) {
	const setup = setups[model];
	if (!setup) throw new Error(`unknown --model ${model}`);
	const batch = Number(args.batch ?? setup.batch);
	const base = { wall: 0, cpu: 0 };
	for (const which of kernelSets) {
		useKernels(which);
		const steps = Number(args.steps ?? setup.steps);
		const trainer = setup.make();
		const rate = time(trainer, batch, steps, setup.side, setup.channels);
		trainer.dispose();
		if (!base.cpu) Object.assign(base, rate);
		console.log(
			`${model.padEnd(8)} kernels=${which.padEnd(6)} batch ${batch}: ${rate.wall.toFixed(2)} steps/s wall, ` +
				`${rate.cpu.toFixed(2)} steps/s by CPU time (×${(rate.cpu / base.cpu).toFixed(2)} of ${kernelSets[0]}; ${steps} steps)`
		);
	}
}

/**
 * CLI: npm run bench:profile [-- --model conv-ae|dcgan|… --steps 5]
 * Where a training step's time goes on tfjs WASM in Node: wall time per step and, from
 * tf.profile, each kernel's share (kernel time per step). The project's conv-gradient kernels
 * call the backend's matmul inside, so their time includes it and the shares overlap a little.
 * This is the profile the performance notes quote for why training is slower than PyTorch.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_BUILDERS } from '../../src/lib/ml/models/catalog';
import { FAMILY_SPECS, normaliseParams } from '../../src/lib/ml/models/specs';
import { initWasm } from './lib/wasm.mts';
import { fmt, markdownTable } from './lib/table.mts';

const { values } = parseArgs({
	options: {
		model: { type: 'string', multiple: true },
		steps: { type: 'string', default: '5' },
		batch: { type: 'string', default: '64' }
	}
});
const STEPS = Math.max(1, Number(values.steps));
const BATCH = Number(values.batch);
await initWasm();

for (const kind of values.model ?? ['conv-ae', 'dcgan']) {
	const builder = MODEL_BUILDERS[kind];
	const spec = FAMILY_SPECS[kind];
	if (!builder || !spec) throw new Error(`unknown model ${kind}`);
	const trainer = builder.create(normaliseParams(spec, {}), 1);
	const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
	const step = async () => {
		const losses = trainer.step({ x });
		await Object.values(losses)[0]?.data();
		tf.dispose(Object.values(losses));
	};
	await step(); // warm-up: XNNPACK operators and Adam's slots
	await step();
	const t0 = performance.now();
	for (let i = 0; i < STEPS; i++) await step();
	const wallMs = (performance.now() - t0) / STEPS;
	const perKernel = new Map<string, number>();
	const info = await tf.profile(async () => {
		for (let i = 0; i < STEPS; i++) await step();
		return [];
	});
	for (const k of info.kernels) {
		// `…__op` entries wrap the kernel they run (counted on its own): skip them.
		if (k.name.endsWith('__op')) continue;
		const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
		perKernel.set(k.name, (perKernel.get(k.name) ?? 0) + ms / STEPS);
	}
	const total = [...perKernel.values()].reduce((s, v) => s + v, 0);
	const rows = [...perKernel.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 10)
		.map(([name, ms]) => [name, fmt(ms, 1), `${fmt((100 * ms) / total, 1)} %`]);
	console.log(
		`\n## ${kind}, batch ${BATCH}: ${fmt(wallMs, 0)} ms per step (${fmt((BATCH * 1000) / wallMs, 0)} samples/s); kernels ${fmt(total, 0)} ms, the rest (JS, tape, allocation) ${fmt(wallMs - total, 0)} ms\n`
	);
	console.log(markdownTable(['kernel', 'ms per step', 'share of kernel time'], rows));
	trainer.dispose();
	x.dispose();
}

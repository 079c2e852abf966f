/**
 * CLI: npm run pretrain -- <name> [--budget <seconds>] [--seed N] [--resume] [--steps N] [--lr-drop N]
 *      [--parallel] [--backend wasm|cpu]
 * Trains one of the project's default models with its own code on the tfjs WASM backend, then
 * publishes float16 weights to weights/<name>/<version>/ and weights/manifest.json.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../src/lib/ml/kernels';
import { findJob, JOBS } from './jobs.mts';
import { runPretrain } from './run.mts';

const USAGE = `usage: npm run pretrain -- <name> [--budget <seconds>] [--seed N] [--resume] [--steps N]
       [--lr-drop N]   (denoisers: a tenth of the learning rate from step N on)
       [--parallel]    (denoisers: every batch split over two cores)
names: ${JOBS.map((j) => `${j.name} (default budget ${j.budget} s)`).join(', ')}`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		budget: { type: 'string' },
		seed: { type: 'string', default: '1' },
		steps: { type: 'string' },
		'lr-drop': { type: 'string' },
		resume: { type: 'boolean', default: false },
		parallel: { type: 'boolean', default: false },
		backend: { type: 'string', default: 'wasm' },
		help: { type: 'boolean', short: 'h', default: false }
	}
});

const name = positionals[0];
const job = name ? findJob(name) : undefined;
if (values.help || !job) {
	console.error(name && !job ? `unknown model "${name}"\n${USAGE}` : USAGE);
	process.exit(values.help ? 0 : 2);
}
const budget = values.budget !== undefined ? Number(values.budget) : job.budget;
const seed = Number(values.seed);
const maxSteps = values.steps !== undefined ? Number(values.steps) : undefined;
const lrDrop = values['lr-drop'] !== undefined ? Number(values['lr-drop']) : undefined;
if (
	!(budget > 0) ||
	!Number.isInteger(seed) ||
	(maxSteps !== undefined && !(maxSteps > 0)) ||
	(lrDrop !== undefined && !(Number.isInteger(lrDrop) && lrDrop >= 0))
) {
	console.error(
		`--budget must be > 0 seconds, --seed an integer, --steps > 0, --lr-drop a step ≥ 0\n${USAGE}`
	);
	process.exit(2);
}
if (values.backend !== 'wasm' && values.backend !== 'cpu') {
	console.error('--backend must be wasm or cpu');
	process.exit(2);
}

await tf.setBackend(values.backend);
await tf.ready();
if (values.backend === 'wasm') registerWasmTrainingKernels();

const stop = new AbortController();
process.on('SIGINT', () => {
	if (stop.signal.aborted) process.exit(130); // a second Ctrl-C quits at once
	console.error('\nstopping after this step (Ctrl-C again to quit without a checkpoint)…');
	stop.abort();
});

const result = await runPretrain({
	job,
	seed,
	budget,
	maxSteps,
	resume: values.resume,
	cacheDir: '.cache/pretrain',
	weightsDir: 'weights',
	signal: stop.signal,
	prepare: { lrDropStep: lrDrop, parallel: values.parallel },
	// A resumed run trained in several sessions: the budget is their total.
	command: `npm run pretrain -- ${job.name} --budget ${budget} --seed ${seed}${maxSteps ? ` --steps ${maxSteps}` : ''}${lrDrop !== undefined ? ` --lr-drop ${lrDrop}` : ''}${values.parallel ? ' --parallel' : ''}${values.resume ? ' --resume' : ''}`
});
process.exit(result.stopped === 'done' ? 0 : 130);

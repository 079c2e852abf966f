/**
 * CLI: npm run bench [-- --seconds <per model>] [--batch 64] [--warmup 3] [--models dense-ae,…]
 *      [--no-torch] [--out bench/results]
 * Training throughput of the default dense AE, conv AE, VAE and DCGAN in Node on the tfjs WASM
 * backend (single-threaded in Node) with the project's kernels; PyTorch CPU twins for comparison
 * when a python with torch is found. Also peak tf.memory().numBytes, process RSS and a leak check
 * (numTensors must not grow over the timed steps), then a longer leak check: tensors, tf bytes
 * and RSS over --leak-steps (1,000) steps of each --leak-models. Prints markdown tables and writes
 * bench/results/<date>-<hostname>.json. Rates are by wall clock and by this process's CPU time;
 * on a shared machine the CPU-time figures and the ratios are the comparable ones.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_BUILDERS } from '../../src/lib/ml/models/catalog';
import { FAMILY_SPECS, normaliseParams } from '../../src/lib/ml/models/specs';
import { fmt, markdownTable } from './lib/table.mts';
import { findTorchPython, runTorch, TORCH_MISSING, type TorchRate } from './lib/torch.mts';
import { initWasm } from './lib/wasm.mts';
import { writeResults } from './lib/results.mts';
import { measureThroughput } from '../../src/lib/ml/train/throughput';
import { log } from './lib/log.mts';
import { measureParallelSpeed, type ParallelSpeed } from './lib/parallel-speed.mts';

const { values } = parseArgs({
	options: {
		seconds: { type: 'string', default: '20' },
		batch: { type: 'string', default: '64' },
		warmup: { type: 'string', default: '3' },
		models: { type: 'string', default: 'dense-ae,conv-ae,vae,dcgan' },
		// DCGAN steps take ~1 s here, so its 1,000-step check is opt-in (--leak-models …,dcgan).
		'leak-steps': { type: 'string', default: '1000' },
		'leak-models': { type: 'string', default: 'dense-ae,conv-ae,vae' },
		'parallel-steps': { type: 'string', default: '6' },
		'no-torch': { type: 'boolean', default: false },
		seed: { type: 'string', default: '1' },
		out: { type: 'string', default: 'bench/results' }
	}
});
const seconds = Number(values.seconds);
const batch = Number(values.batch);
const warmup = Number(values.warmup);
const seed = Number(values.seed);
const models = (values.models ?? '').split(',').filter(Boolean);
for (const m of models) {
	if (!MODEL_BUILDERS[m]) {
		console.error(`unknown model ${m}; known: ${Object.keys(MODEL_BUILDERS).join(', ')}`);
		process.exit(2);
	}
}

interface TfjsResult {
	steps: number;
	seconds: number;
	cpuSeconds: number;
	samplesPerSec: number;
	samplesPerCpuSec: number;
	peakBytes: number;
	/** tf.profile's peak within one training step (transient tensors included). */
	peakStepBytes: number;
	peakRss: number;
	tensorsAfterWarmup: number;
	tensorsAfterSteps: number;
	leakFree: boolean;
}

const backend = await initWasm();
log(`tfjs ${tf.version_core} wasm simd=${backend.simd} threads=${backend.threads}`);

/** Warm-up, then timed steps on one fixed random batch (the shared browser/Node timing code). */
async function timeModel(kind: string): Promise<TfjsResult> {
	const trainer = MODEL_BUILDERS[kind]!.create(normaliseParams(FAMILY_SPECS[kind]!, {}), seed);
	let peakRss = 0;
	try {
		const c0 = process.cpuUsage();
		let cpuAfterWarmup: NodeJS.CpuUsage | undefined;
		const r = await measureThroughput({
			trainer,
			batch,
			warmup,
			seconds,
			seed,
			onStep: () => {
				cpuAfterWarmup ??= process.cpuUsage(c0);
				peakRss = Math.max(peakRss, process.memoryUsage().rss);
			}
		});
		// CPU time of the timed steps only: total minus what the warm-up (and first step) used.
		const cpu = process.cpuUsage(c0);
		const first = cpuAfterWarmup ?? { user: 0, system: 0 };
		const cpuSeconds = (cpu.user + cpu.system - first.user - first.system) / 1e6;
		const timedSteps = Math.max(1, r.steps - 1);
		// One more step under tf.profile: its peak includes the step's transient tensors, which the
		// per-step samples (taken once a step has finished) cannot see.
		const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
		const profile = await tf.profile(() => {
			tf.dispose(Object.values(trainer.step({ x })));
		});
		x.dispose();
		return {
			...r,
			peakStepBytes: profile.peakBytes,
			cpuSeconds,
			samplesPerCpuSec: (timedSteps * batch) / cpuSeconds,
			peakRss
		};
	} finally {
		trainer.dispose();
	}
}

const tfjs: Record<string, TfjsResult> = {};
for (const kind of models) {
	log(`${kind}: ${warmup} warm-up steps, then ${seconds} s…`);
	const r = await timeModel(kind);
	tfjs[kind] = r;
	log(
		`${kind}: ${r.steps} steps, ${fmt(r.samplesPerSec, 1)} samples/s wall, ${fmt(r.samplesPerCpuSec, 1)} per CPU-s, tensors ${r.tensorsAfterWarmup}→${r.tensorsAfterSteps}`
	);
}

let torch: { version: string; rates: Record<string, TorchRate> } | undefined;
let torchNote = TORCH_MISSING;
if (!values['no-torch']) {
	const py = findTorchPython();
	if (py) {
		log(`PyTorch via ${py}: same models, OPENBLAS_NUM_THREADS=1, ${seconds} s each…`);
		try {
			torch = runTorch(py, 'scripts/bench/torch_models.py', { models, batch, warmup, seconds });
			torchNote = `PyTorch ${torch.version} (${py}), 1 thread`;
		} catch (e) {
			torchNote = `skipped: ${(e as Error).message.split('\n')[0]}`;
		}
	}
} else torchNote = 'skipped: --no-torch';
log(torchNote);

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(3) : '–');
const table = markdownTable(
	[
		'Model',
		'tfjs samples/s (wall)',
		'tfjs samples/CPU-s',
		'PyTorch samples/s (wall)',
		'PyTorch samples/CPU-s',
		'tfjs ÷ PyTorch (wall)',
		'tfjs ÷ PyTorch (CPU)',
		'tf bytes after step (peak)',
		'tf bytes within a step (peak)',
		'peak RSS',
		'numTensors warm→end'
	],
	models.map((m) => {
		const r = tfjs[m]!;
		const t = torch?.rates[m];
		return [
			m,
			fmt(r.samplesPerSec, 1),
			fmt(r.samplesPerCpuSec, 1),
			t ? fmt(t.samples_per_sec, 1) : torchNote.startsWith('skipped') ? 'skipped' : '–',
			t ? fmt(t.samples_per_cpu_sec, 1) : '–',
			ratio(r.samplesPerSec, t?.samples_per_sec),
			ratio(r.samplesPerCpuSec, t?.samples_per_cpu_sec),
			mib(r.peakBytes),
			mib(r.peakStepBytes),
			mib(r.peakRss),
			`${r.tensorsAfterWarmup}→${r.tensorsAfterSteps} ${r.leakFree ? 'stable' : 'LEAK'}`
		];
	})
);
/** Runs `steps` training steps on fresh random batches; tensors and bytes must end where step 10 left them. */
async function leakCheck(kind: string, steps: number) {
	const trainer = MODEL_BUILDERS[kind]!.create(normaliseParams(FAMILY_SPECS[kind]!, {}), seed);
	let at10 = { tensors: 0, bytes: 0, rss: 0 };
	try {
		for (let i = 1; i <= steps; i++) {
			const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', seed + i) as tf.Tensor4D;
			const losses = trainer.step({ x });
			// Read the loss now and then, as the training loop does.
			if (i % 50 === 0) await Object.values(losses)[0]?.data();
			tf.dispose([x, ...Object.values(losses)]);
			if (i === 10) {
				at10 = {
					tensors: tf.memory().numTensors,
					bytes: tf.memory().numBytes,
					rss: process.memoryUsage().rss
				};
			}
		}
		const end = {
			tensors: tf.memory().numTensors,
			bytes: tf.memory().numBytes,
			rss: process.memoryUsage().rss
		};
		return { steps, at10, end, leakFree: end.tensors === at10.tensors && end.bytes === at10.bytes };
	} finally {
		trainer.dispose();
	}
}

const leakSteps = Number(values['leak-steps']);
const leaks: Record<string, Awaited<ReturnType<typeof leakCheck>>> = {};
if (leakSteps > 0) {
	for (const kind of (values['leak-models'] ?? '').split(',').filter(Boolean)) {
		if (!MODEL_BUILDERS[kind]) continue;
		log(`${kind}: leak check over ${leakSteps} steps…`);
		leaks[kind] = await leakCheck(kind, leakSteps);
	}
}

const parallelSteps = Number(values['parallel-steps']);
let parallel: ParallelSpeed | undefined;
if (parallelSteps > 0) {
	log(
		`denoiser-gray pretraining step: alone, then split over two threads (${parallelSteps} steps each)…`
	);
	parallel = await measureParallelSpeed(parallelSteps, seed);
}

const load = (await import('node:os')).loadavg()[0] ?? NaN;
console.log(
	`\nTraining throughput, batch ${batch}, ${warmup} warm-up steps then ${seconds} s per model; tfjs ${tf.version_core} WASM in Node (simd ${backend.simd}, threads ${backend.threads}); ${torchNote}; ${cpus().length} cores, load average ${load.toFixed(1)} at the end\n`
);
console.log(table);
if (torchNote.startsWith('skipped')) console.log(`\nPyTorch: ${torchNote}`);
if (Object.keys(leaks).length) {
	console.log(
		`\nLeak check: ${leakSteps} training steps on fresh batches, from step 10 to the end\n`
	);
	console.log(
		markdownTable(
			['Model', 'numTensors', 'tf bytes', 'RSS', 'verdict'],
			Object.entries(leaks).map(([m, l]) => [
				m,
				`${l.at10.tensors} → ${l.end.tensors}`,
				`${mib(l.at10.bytes)} → ${mib(l.end.bytes)}`,
				`${mib(l.at10.rss)} → ${mib(l.end.rss)}`,
				l.leakFree ? 'no growth' : 'LEAK'
			])
		)
	);
}
if (parallel) {
	console.log(
		`\nPretraining the grey denoiser (batch ${parallel.batch} of ${parallel.patch}×${parallel.patch}, ${parallel.steps} steps each): one thread against \`--parallel\` (a worker-thread replica computes half of each batch)\n`
	);
	console.log(
		markdownTable(
			['one thread (s/step)', 'two threads (s/step)', 'speed-up'],
			[
				[
					fmt(parallel.singleSecondsPerStep, 2),
					fmt(parallel.parallelSecondsPerStep, 2),
					`×${fmt(parallel.speedUp, 2)}`
				]
			]
		)
	);
}
writeResults(values.out ?? 'bench/results', '', {
	parallel: parallel ?? null,
	batch,
	warmup,
	seconds,
	backend: { name: 'wasm', ...backend, tfjs: tf.version_core },
	tfjs,
	torch: torch ?? null,
	torchNote,
	leaks
});

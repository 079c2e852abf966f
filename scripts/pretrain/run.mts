/**
 * One pretraining run: build the job, resume from its checkpoint if asked, train through the
 * shared trainLoop until the time budget is spent (or Ctrl-C: checkpoint and stop), evaluate on
 * held-out data, write float16 artifacts and the manifest entry.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { trainLoop } from '../../src/lib/ml/train/loop';
import { modelArtifacts, upsertManifest, writeFloat16Artifacts } from './artifacts.mts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.mts';
import type { Job, PrepareOptions } from './jobs.mts';
import { fileLoader } from './node-io.mts';
import { createProgressPrinter, formatDuration, renderBar } from './progress.mts';

export interface RunOptions {
	job: Job;
	seed: number;
	/** Training seconds in total, across resumes. */
	budget: number;
	/** Stop after this many steps in total, whichever comes first. */
	maxSteps?: number;
	resume: boolean;
	cacheDir: string;
	weightsDir: string;
	/** Stops the run (checkpointed, nothing published), like Ctrl-C. */
	signal?: AbortSignal;
	checkpointSeconds?: number;
	log?: (line: string) => void;
	progress?: (line: string, final?: boolean) => void;
	/** Test hooks (smaller models, fewer evaluation images). */
	prepare?: Partial<PrepareOptions>;
	/** The command recorded in the manifest. */
	command?: string;
}

export interface RunResult {
	stopped: 'done' | 'interrupted';
	step: number;
	seconds: number;
	metrics: Record<string, number>;
	files?: { path: string; bytes: number; sha256: string }[];
	params?: number;
}

/** Largest |a − b| over two equally long arrays. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let m = 0;
	for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
	return m;
}

/** Trains, evaluates and publishes one job (see the module comment). */
export async function runPretrain(opts: RunOptions): Promise<RunResult> {
	const { job, seed } = opts;
	const log = opts.log ?? ((l: string) => console.error(l));
	const progress = opts.progress ?? createProgressPrinter();
	const ckptDir = join(opts.cacheDir, job.name);
	if (!opts.resume && existsSync(ckptDir)) await rm(ckptDir, { recursive: true, force: true });

	const prepared = await job.prepare({ seed, weightsDir: opts.weightsDir, ...opts.prepare });
	const { trainer, data } = prepared;
	try {
		let step = 0;
		let secondsBefore = 0;
		if (opts.resume) {
			const state = await loadCheckpoint(ckptDir, trainer);
			if (state) {
				if (state.seed !== seed) {
					throw new Error(
						`the checkpoint in ${ckptDir} was trained with seed ${state.seed}, not ${seed}`
					);
				}
				step = state.step;
				secondsBefore = state.seconds;
				data.restore(state.data);
				if (state.extra) prepared.extra?.set(state.extra);
				log(`resumed ${job.name} at step ${step} (${formatDuration(secondsBefore)} trained)`);
			} else log(`no checkpoint in ${ckptDir}: starting from scratch`);
		}

		const stop = new AbortController();
		let interrupted = false;
		const onAbort = () => {
			interrupted = true;
			stop.abort();
		};
		if (opts.signal?.aborted) onAbort();
		else opts.signal?.addEventListener('abort', onAbort, { once: true });
		const started = performance.now();
		const elapsed = () => secondsBefore + (performance.now() - started) / 1000;
		const save = (at: number) =>
			saveCheckpoint(ckptDir, trainer, {
				name: job.name,
				seed,
				step: at,
				seconds: elapsed(),
				data: data.state(),
				extra: prepared.extra?.get()
			});

		let result = { step, stopped: 'done' as 'done' | 'aborted' };
		if (elapsed() < opts.budget && step < (opts.maxSteps ?? Infinity)) {
			result = await trainLoop({
				trainer,
				data,
				batchSize: job.batchSize,
				totalSteps: opts.maxSteps ?? Number.MAX_SAFE_INTEGER,
				startStep: step,
				signal: stop.signal,
				readEvery: 5,
				checkpointSeconds: opts.checkpointSeconds ?? 30,
				onCheckpoint: (at) => save(at),
				onProgress: (p) => {
					const t = elapsed();
					const loss = Object.entries(p.losses)
						.map(([k, v]) => `${k} ${v.toFixed(4)}`)
						.join(' ');
					progress(
						`${job.name} ${renderBar(t / opts.budget)} step ${p.step} ep ${p.epoch} ${loss} ` +
							`${(p.samplesPerSec / job.batchSize).toFixed(2)} step/s ` +
							`${formatDuration(t)} / ${formatDuration(opts.budget)} ETA ${formatDuration(opts.budget - t)}`
					);
					if (t >= opts.budget) stop.abort();
				}
			});
		}
		opts.signal?.removeEventListener('abort', onAbort);
		step = result.step;
		const seconds = elapsed();
		await save(step);
		progress(`${job.name}: ${step} steps in ${formatDuration(seconds)}`, true);
		if (interrupted) {
			log(`interrupted: checkpoint saved in ${ckptDir}; continue with --resume`);
			return { stopped: 'interrupted', step, seconds, metrics: {} };
		}

		log('evaluating on held-out data…');
		const metrics = await prepared.evaluate(log);
		const model = prepared.exportModel();
		const artifacts = await modelArtifacts(model);
		const written = await writeFloat16Artifacts(artifacts, opts.weightsDir, job.name, job.version);
		// Companion models (e.g. a VAE's encoder next to its decoder) go beside it as <role>.json.
		for (const [role, extra] of Object.entries(prepared.exportExtra?.() ?? {})) {
			const more = await writeFloat16Artifacts(
				await modelArtifacts(extra),
				opts.weightsDir,
				job.name,
				job.version,
				role
			);
			written.files.push(...more.files);
			written.params += more.params;
		}

		// The published files must load with stock tfjs and match the float32 model closely.
		const reloaded = await tfl.loadLayersModel(
			fileLoader(join(opts.weightsDir, job.name, job.version, 'model.json'))
		);
		const probeShapes = model.inputs.map((i) => i.shape.map((d) => d ?? 16));
		const probe = probeShapes.map((s, k) =>
			tf.randomUniform([2, ...s.slice(1)], 0, 1, 'float32', seed + k)
		);
		const a = tf.tidy(() => model.predict(probe.length === 1 ? probe[0]! : probe) as tf.Tensor);
		const b = tf.tidy(() => reloaded.predict(probe.length === 1 ? probe[0]! : probe) as tf.Tensor);
		metrics.float16_max_abs_diff = maxAbsDiff(await a.data(), await b.data());
		tf.dispose([...probe, a, b]);
		reloaded.dispose();

		const shape = (s: (number | null)[]) => s.slice(1);
		await upsertManifest(join(opts.weightsDir, 'manifest.json'), {
			name: job.name,
			kind: job.kind,
			version: job.version,
			files: written.files,
			params: written.params,
			inputShape: shape(model.inputs[0]?.shape ?? []),
			outputShape: shape(model.outputs[0]?.shape ?? []),
			training: {
				data: job.data,
				licence: job.licence,
				command:
					opts.command ?? `npm run pretrain -- ${job.name} --budget ${opts.budget} --seed ${seed}`,
				seed,
				seconds: Math.round(seconds)
			},
			metrics: { ...metrics, steps: step, batch_size: job.batchSize }
		});
		for (const [k, v] of Object.entries(metrics))
			log(`  ${k}: ${Number.isInteger(v) ? v : v.toFixed(5)}`);
		const bytes = written.files.reduce((s, f) => s + f.bytes, 0);
		log(
			`wrote ${written.files.map((f) => f.path).join(', ')} (${(bytes / 1024).toFixed(1)} KiB, ${written.params} params)`
		);
		return {
			stopped: 'done',
			step,
			seconds,
			metrics,
			files: written.files,
			params: written.params
		};
	} finally {
		prepared.dispose();
		data.dispose();
	}
}

/**
 * One training run inside the compute worker: data → trainer → loop, streaming progress and
 * sample grids to the page. Everything it allocates is released when the run ends or is cancelled.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createInMemoryProvider } from '$lib/ml/data/provider';
import { findBuilder, type ModelBuilder } from '$lib/ml/models/catalog';
import { findSpec, normaliseParams, type HyperParams } from '$lib/ml/models/specs';
import { LoopControl } from '$lib/ml/train/control';
import { trainLoop } from '$lib/ml/train/loop';
import type { Trainer } from '$lib/ml/train/trainer';
import { encode as encodePng } from 'fast-png';
import {
	createModel,
	getModel,
	StorageFullError,
	checkpointRun,
	resumeRun,
	type LossHistory
} from '$lib/store';
import type { GridImages } from '$lib/components/grid-images';
import { loadTrainingSet, type TrainingSet } from './datasets';
import {
	generatedClassHistogram,
	labOwns,
	latentSnapshot,
	noteLabStep,
	openLabSession,
	releaseLabSession
} from './lab';
import { rowsToGrid } from './images';
import type { ComputeEvent, ControlCommand, TrainRequest, TrainSummary } from './protocol';

const PREVIEW_COUNT = 8;

/** The run in progress: its controls, the signal that stops it, and its end. */
let current: { control: LoopControl; stopped: AbortSignal; done: Promise<unknown> } | undefined;

/** Applies a control command to the running training, if any. */
export function controlTraining(cmd: ControlCommand): void {
	const control = current?.control;
	if (!control) return;
	if (cmd.action === 'pause') control.pause();
	else if (cmd.action === 'resume') control.resume();
	else if (cmd.action === 'step') control.stepOnce();
	else if (cmd.action === 'checkpoint') control.requestCheckpoint();
	else control.delayMs = Math.max(0, Math.min(5000, cmd.delayMs));
}

/** A small PNG of the latest sample grid, kept as the model's thumbnail in the library. */
function thumbnailPng(grid: GridImages): Uint8Array {
	const { data, count, height: h, width: w, channels: c, columns } = grid;
	const rows = Math.ceil(count / columns);
	const W = columns * w;
	const H = rows * h;
	const out = new Uint8Array(W * H * c);
	for (let i = 0; i < count; i++) {
		const ox = (i % columns) * w;
		const oy = Math.floor(i / columns) * h;
		for (let y = 0; y < h; y++) {
			const src = (i * h + y) * w * c;
			out.set(data.subarray(src, src + w * c), ((oy + y) * W + ox) * c);
		}
	}
	return encodePng({ width: W, height: H, data: out, channels: c, depth: 8 });
}

function countParams(trainer: { models(): Record<string, { countParams(): number }> }): number {
	return Object.values(trainer.models()).reduce((n, m) => n + m.countParams(), 0);
}

/**
 * The run's data, its fixed preview batch and its trainer (in the lab session when the family
 * has one); whatever was allocated is freed if a later step throws.
 */
function build(set: TrainingSet, family: ModelBuilder, params: HyperParams, seed: number) {
	const side = set.side;
	const data = createInMemoryProvider({
		images: set.images,
		labels: set.labels,
		shape: [side, side, 1],
		seed
	});
	let fixed: tf.Tensor4D | undefined;
	let trainer: Trainer | undefined;
	try {
		const px = side * side;
		const previewCount = Math.min(PREVIEW_COUNT, set.test.count);
		fixed = tf.tidy(() =>
			tf.div(
				tf.tensor4d(Float32Array.from(set.test.images.subarray(0, previewCount * px)), [
					previewCount,
					side,
					side,
					1
				]),
				255
			)
		) as tf.Tensor4D;
		trainer = family.create(params, seed);
		openLabSession({
			trainer,
			family,
			images: set.test.images,
			labels: set.test.labels,
			classNames: set.test.classNames,
			side
		});
		return { data, fixed, trainer };
	} catch (err) {
		if (trainer && labOwns(trainer)) releaseLabSession();
		else trainer?.dispose();
		fixed?.dispose();
		data.dispose();
		throw err;
	}
}

/** Runs one training job to completion or cancellation. */
export async function runTraining(
	req: TrainRequest,
	signal: AbortSignal,
	emit: (e: ComputeEvent) => void
): Promise<TrainSummary> {
	// Stop, then Start at once: the stopped run is still writing its last checkpoint. Wait for it.
	for (let c = current; c?.stopped.aborted; c = current) await c.done.catch(() => undefined);
	if (current) throw new Error('A training run is already in progress in this tab.');
	// Claimed before the run's first await, so a second call arriving meanwhile sees the slot taken.
	const control = new LoopControl();
	const done = train(req, signal, emit, control);
	const slot = { control, stopped: signal, done };
	current = slot;
	try {
		return await done;
	} finally {
		if (current === slot) current = undefined;
	}
}

/** The run itself: load the data, build or resume the model, train, save. */
async function train(
	req: TrainRequest,
	signal: AbortSignal,
	emit: (e: ComputeEvent) => void,
	control: LoopControl
): Promise<TrainSummary> {
	const saved = req.resumeModelId ? await getModel(req.resumeModelId) : undefined;
	if (req.resumeModelId && !saved) throw new Error('That saved model no longer exists.');
	const kind = saved?.kind ?? req.kind;
	const spec = findSpec(kind);
	const family = findBuilder(kind);
	if (!spec || !family) throw new Error(`Unknown model "${kind}".`);
	// A resumed run keeps the settings it was started with; only the step budget may grow.
	const savedParams = (saved?.config ?? {}) as Record<string, unknown>;
	const params = normaliseParams(
		spec,
		saved ? { ...savedParams, steps: req.params.steps ?? savedParams.steps } : req.params
	);
	const seed = params.seed as number;
	const t0 = performance.now();
	emit({ type: 'status', status: 'loading-data' });
	// The model kept for the lab views of the previous run is not needed any more.
	releaseLabSession();
	const dataset = saved?.dataset ?? req.dataset;
	const set = await loadTrainingSet(dataset, {
		signal,
		onProgress: (p) =>
			emit({ type: 'download', what: 'Fashion-MNIST', loaded: p.loaded, total: p.total })
	});
	signal.throwIfAborted();
	emit({ type: 'status', status: 'building' });
	const { data, fixed, trainer } = build(set, family, params, seed);
	let finished = false;
	try {
		let startStep = 0;
		let history: LossHistory = { steps: [], series: {} };
		let modelId: string;
		if (saved) {
			modelId = saved.id;
			({ step: startStep, history } = await resumeRun(saved.id, trainer, data));
		} else {
			const record = await createModel({
				name: req.name ?? `${kind} · ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
				kind,
				config: params,
				dataset
			});
			modelId = record.id;
		}
		emit({ type: 'model', modelId, resumedFrom: saved ? startStep : undefined, history });
		emit({ type: 'status', status: 'running', paramCount: countParams(trainer) });
		let lastGrid: GridImages | undefined;
		const labEvery = Math.max(1, req.labEvery ?? 100);
		// The first view comes labEvery steps in (an untrained encoder or generator shows nothing).
		let lastLab = startStep;
		let histogramFailed = false;
		// The latent scatter (autoencoders) or the class histogram of samples (GANs); a failure
		// here is reported but never stops the training.
		const lab = async (step: number) => {
			lastLab = step;
			if (family.latent) {
				try {
					emit({ type: 'latent', ...(await latentSnapshot(step)) });
				} catch (err) {
					emit({ type: 'log', message: `Latent view failed: ${String(err)}` });
				}
			} else if (family.generate && set.fashionClasses && !histogramFailed) {
				try {
					const counts = await generatedClassHistogram(trainer, family, seed + 7919);
					emit({ type: 'class-histogram', step, counts });
				} catch (err) {
					histogramFailed = true;
					const message = err instanceof Error ? err.message : String(err);
					emit({ type: 'class-histogram', step, counts: [], error: message });
				}
			}
		};
		const sample = async (step: number) => {
			const { labels, grid } = await rowsToGrid(family.preview(trainer, fixed, seed));
			lastGrid = grid;
			emit({ type: 'samples', step, rows: labels, grid });
			// The page asks for an autoencoder's final scatter itself once the run has ended.
			const last = step >= (params.steps as number) && !family.latent;
			if (step > lastLab && (step - lastLab >= labEvery || last)) {
				await lab(step);
			}
		};
		const checkpoint = async (step: number, losses: Record<string, number>) => {
			const t = performance.now();
			try {
				const record = await checkpointRun({
					modelId,
					trainer,
					data,
					step,
					seed,
					history,
					losses,
					thumbnail: lastGrid ? thumbnailPng(lastGrid) : undefined
				});
				emit({ type: 'checkpoint', step, bytes: record.byteLength, ms: performance.now() - t });
			} catch (err) {
				if (!(err instanceof StorageFullError)) throw err;
				// Nothing was written; pause so no work is lost, and let the user free space.
				control.pause();
				emit({ type: 'status', status: 'paused' });
				emit({ type: 'storage-full', bytesAttempted: err.bytesAttempted, message: err.message });
			}
		};
		await sample(startStep);
		const result = await trainLoop({
			trainer,
			data,
			batchSize: params.batchSize as number,
			totalSteps: params.steps as number,
			startStep,
			signal,
			control,
			readEvery: 5,
			sampleEvery: req.sampleEvery ?? 25,
			onSample: sample,
			checkpointSeconds: req.checkpointSeconds ?? 30,
			onCheckpoint: checkpoint,
			onProgress: (p) => {
				noteLabStep(trainer, p.step);
				history.steps.push(p.step);
				for (const [k, v] of Object.entries(p.losses)) (history.series[k] ??= []).push(v);
				emit({ type: 'progress', ...p });
				if (control.state === 'paused') emit({ type: 'status', status: 'paused' });
			}
		});
		noteLabStep(trainer, result.step);
		// Stop keeps the work: the loop checkpoints on completion, and here on abort.
		if (result.stopped === 'aborted' && result.step > startStep) {
			await checkpoint(result.step, result.lastLosses);
		}
		finished = true;
		return {
			modelId,
			step: result.step,
			stopped: result.stopped,
			losses: result.lastLosses,
			seconds: (performance.now() - t0) / 1000
		};
	} finally {
		// A finished autoencoder stays loaded for the lab views; anything else is freed.
		if (!finished || !labOwns(trainer)) {
			if (labOwns(trainer)) releaseLabSession();
			else trainer.dispose();
		}
		fixed.dispose();
		data.dispose();
	}
}

/// <reference lib="webworker" />
/**
 * The compute worker: owns tfjs (one backend per worker lifetime) so the page never blocks.
 * It answers the calls of protocol.ts; cancelling a call aborts its AbortSignal.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runSelfTest } from '$lib/ml/selftest';
import { MODEL_BUILDERS } from '$lib/ml/models/catalog';
import { FAMILY_SPECS, normaliseParams } from '$lib/ml/models/specs';
import { measureThroughput } from '$lib/ml/train/throughput';
import { exportModelZip, importModelZip } from '$lib/store';
import { decodeVector, interpolate, sampleGrid } from './generate';
import { importImageFiles } from './import-images';
import { interpolateProbe, latentSnapshot } from './lab';
import { controlTraining, runTraining } from './training';
import { serveCalls, type Handlers } from '$lib/rpc/serve';
import { startBackend } from '$lib/worker/start-backend';
import type { ComputeApi, ComputeEvent } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const impl: Handlers<ComputeApi, ComputeEvent> = {
	init: async (_signal, _emit, opts) => startBackend(opts),
	memory: async () => {
		const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
		return { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU };
	},
	selfTest: async (signal, _emit, opts) => {
		const info = await startBackend({});
		return runSelfTest({ size: opts.size, signal, backend: info.name, threads: info.threads });
	},
	benchTrain: async (signal, emit, o) => {
		const info = await startBackend({});
		const builder = MODEL_BUILDERS[o.kind];
		const spec = FAMILY_SPECS[o.kind];
		if (!builder || !spec) throw new Error(`Unknown model family "${o.kind}".`);
		const batch = Math.max(1, Math.min(256, Math.round(o.batch)));
		const trainer = builder.create(normaliseParams(spec, { batchSize: batch }), 1);
		try {
			const r = await measureThroughput({
				trainer,
				batch,
				warmup: Math.max(0, Math.min(20, o.warmup)),
				seconds: Math.max(0.5, Math.min(120, o.seconds)),
				signal,
				onProgress: (fraction) => emit({ type: 'bench-progress', kind: o.kind, fraction })
			});
			return { ...r, kind: o.kind, batch, backend: info.name, threads: info.threads };
		} finally {
			trainer.dispose();
		}
	},
	train: async (signal, emit, req) => {
		await startBackend({});
		return runTraining(req, signal, emit);
	},
	control: async (_signal, _emit, cmd) => controlTraining(cmd),
	sample: async (_signal, _emit, o) => {
		await startBackend({});
		return sampleGrid(o.source, Math.max(1, Math.min(256, o.n)), o.seed, o.columns);
	},
	interpolate: async (_signal, _emit, o) => {
		await startBackend({});
		return interpolate(o.source, o.seedA, o.seedB, Math.max(2, Math.min(64, o.frames)));
	},
	decodeVector: async (_signal, _emit, o) => {
		await startBackend({});
		return decodeVector(o.source, o.vector);
	},
	latents: async () => latentSnapshot(),
	interpolateLatent: async (_signal, _emit, o) => ({
		grid: await interpolateProbe(o.a, o.b, Math.max(2, Math.min(16, Math.round(o.frames))))
	}),
	importImages: async (signal, emit, o) =>
		importImageFiles({
			files: o.files,
			name: o.name,
			paths: o.paths,
			signal,
			onProgress: (done, total) => emit({ type: 'import', done, total })
		}),
	exportModel: async (signal, _emit, { modelId, includeCheckpoint = true }) =>
		exportModelZip(modelId, { includeCheckpoint, signal }),
	importModel: async (signal, _emit, { bytes, name }) => {
		await startBackend({});
		const record = await importModelZip(bytes, { name, signal });
		return { modelId: record.id, name: record.name, kind: record.kind };
	}
};

serveCalls<ComputeApi, ComputeEvent>(self, impl);

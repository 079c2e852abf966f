// The pretraining pipeline end to end on a tiny denoiser (WASM backend, synthetic images): float16
// artifacts + a manifest the Worker's schema accepts, and a resume from a checkpoint that lands on
// bit-identical weights to an uninterrupted run.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../src/lib/ml/kernels';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../scripts/pretrain/artifacts.mts';
import { findJob } from '../../scripts/pretrain/jobs.mts';
import { createPatchProvider, toChannels, type ByteImage } from '../../src/lib/ml/data/patches';
import { fileLoader } from '../../scripts/pretrain/node-io.mts';
import { formatDuration, renderBar } from '../../scripts/pretrain/progress.mts';
import { runPretrain, type RunOptions } from '../../scripts/pretrain/run.mts';
import { CatalogueModelSchema } from '../../src/lib/share/schema';

const root = mkdtempSync(join(tmpdir(), 'pretrain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
});

/** Smooth synthetic grayscale images with a few edges (enough structure to denoise). */
function syntheticImages(n: number, size: number): ByteImage[] {
	return Array.from({ length: n }, (_, k) => {
		const data = new Uint8Array(size * size);
		for (let y = 0; y < size; y++)
			for (let x = 0; x < size; x++) {
				const edge = x + k > size / 2 ? 60 : 0;
				data[y * size + x] = Math.min(255, 40 + ((x * 5 + y * 3 + k * 17) % 140) + edge);
			}
		return { width: size, height: size, channels: 1, data, name: `img${k}` };
	});
}

const images = syntheticImages(10, 24);
const job = findJob('denoiser-gray')!;
const quiet = { log: () => {}, progress: () => {} };

function opts(name: string, extra: Partial<RunOptions>): RunOptions {
	return {
		job,
		seed: 3,
		budget: 10_000,
		resume: false,
		cacheDir: join(root, name, 'cache'),
		weightsDir: join(root, name, 'weights'),
		prepare: { small: true, images },
		...quiet,
		...extra
	};
}

function sha(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('patch provider', () => {
	it('is deterministic and resumes mid-stream exactly', () => {
		const a = createPatchProvider({ images, patchSize: 8, seed: 5 });
		const b = createPatchProvider({ images, patchSize: 8, seed: 5 });
		a.nextBatch(7).x.dispose();
		b.restore(a.state());
		const xa = a.nextBatch(4).x;
		const xb = b.nextBatch(4).x;
		expect(xa.shape).toEqual([4, 8, 8, 1]);
		expect(Array.from(xb.dataSync())).toEqual(Array.from(xa.dataSync()));
		const c = createPatchProvider({ images, patchSize: 8, seed: 6 });
		const xc = c.nextBatch(4).x;
		expect(Array.from(xc.dataSync())).not.toEqual(Array.from(xa.dataSync()));
		tf.dispose([xa, xb, xc]);
	});
});

describe('progress', () => {
	it('formats durations and bars', () => {
		expect(formatDuration(65)).toBe('1:05');
		expect(formatDuration(3725)).toBe('1:02:05');
		expect(formatDuration(NaN)).toBe('--:--');
		expect(renderBar(0.5, 10)).toBe('[#####.....]  50%');
	});
});

describe('runPretrain', () => {
	it('publishes float16 artifacts and a manifest entry GET /api/weights accepts', async () => {
		const before = tf.memory().numTensors;
		const r = await runPretrain(opts('publish', { maxSteps: 4 }));
		expect(r.stopped).toBe('done');
		expect(r.step).toBe(4);
		const weightsDir = join(root, 'publish', 'weights');
		const { models } = await readManifest(join(weightsDir, 'manifest.json'));
		expect(models).toHaveLength(1);
		const m = CatalogueModelSchema.parse(models[0]);
		expect(m.name).toBe('denoiser-gray');
		expect(m.inputShape).toEqual([null, null, 1]);
		expect(m.training?.seed).toBe(3);
		expect(m.metrics?.val_psnr_sigma25).toBeGreaterThan(0);
		expect(m.metrics?.float16_max_abs_diff).toBeLessThan(1e-2);
		for (const f of m.files) expect(sha(join(weightsDir, f.path))).toBe(f.sha256);
		// float16: two bytes per parameter.
		expect(m.files[1]?.bytes).toBe((m.params ?? 0) * 2);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('resumes from its checkpoint to the same weights as an uninterrupted run', async () => {
		const straight = await runPretrain(opts('straight', { maxSteps: 6 }));
		expect(straight.step).toBe(6);
		const first = await runPretrain(opts('resumed', { maxSteps: 3 }));
		expect(first.step).toBe(3);
		const second = await runPretrain(opts('resumed', { maxSteps: 6, resume: true }));
		expect(second.step).toBe(6);
		const ckpt = (name: string, file: string) =>
			readFileSync(join(root, name, 'cache', 'denoiser-gray', file));
		expect(
			ckpt('resumed', 'model-denoiser.bin').equals(ckpt('straight', 'model-denoiser.bin'))
		).toBe(true);
		expect(
			ckpt('resumed', 'optimizer-denoiser.bin').equals(ckpt('straight', 'optimizer-denoiser.bin'))
		).toBe(true);
	});

	it('stops on abort with a checkpoint and publishes nothing', async () => {
		const ac = new AbortController();
		ac.abort();
		const r = await runPretrain(opts('abort', { maxSteps: 50, signal: ac.signal }));
		expect(r.stopped).toBe('interrupted');
		expect(
			readFileSync(join(root, 'abort', 'cache', 'denoiser-gray', 'state.json'), 'utf8')
		).toContain('"step"');
		const { models } = await readManifest(join(root, 'abort', 'weights', 'manifest.json'));
		expect(models).toHaveLength(0);
	});
});

describe('stylizer pretraining', () => {
	it('trains a fast stylizer on photos, scores it against the photos themselves and publishes it loadable', async () => {
		const rgb = syntheticImages(10, 24).map((img) => toChannels(img, 3));
		const r = await runPretrain({
			...opts('stylizer', { maxSteps: 3 }),
			job: findJob('stylizer-starry-night')!,
			prepare: { small: true, images: rgb }
		});
		expect(r.stopped).toBe('done');
		const weightsDir = join(root, 'stylizer', 'weights');
		const { models } = await readManifest(join(weightsDir, 'manifest.json'));
		const m = CatalogueModelSchema.parse(models[0]);
		expect(m.kind).toBe('stylizer');
		expect(m.training?.data).toContain('The Starry Night — Vincent van Gogh, 1889');
		expect(m.metrics?.val_photo_style_loss).toBeGreaterThan(0);
		expect(m.metrics?.val_style_ratio).toBeCloseTo(
			(m.metrics?.val_style_loss ?? 0) / (m.metrics?.val_photo_style_loss ?? 1),
			6
		);
		// The published model (with its custom layers) loads and stylizes any size.
		const model = await tfl.loadLayersModel(
			fileLoader(join(weightsDir, 'stylizer-starry-night', '1', 'model.json'))
		);
		const y = model.predict(tf.zeros([1, 20, 28, 3])) as tf.Tensor;
		expect(y.shape).toEqual([1, 20, 28, 3]);
		tf.dispose(y);
		model.dispose();
	});
});

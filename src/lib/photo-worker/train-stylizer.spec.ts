import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '$lib/ml/kernels';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import '$lib/ml/models/stylizer/layers';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RgbaImage } from '$lib/photo/image';
import { discPhoto, picture, stripesPainting } from '../../../tests/fixtures/pictures';
import {
	deleteStylizerInputs,
	exportModelZip,
	getModel,
	importModelZip,
	getStylizerInputs,
	latentIOHandler,
	listModels,
	purgeModel
} from '$lib/store';
import { libraryStylizers, STYLIZER_KIND } from '$lib/photo/library-models';
import { validateShareArchive } from '$lib/share/validate';
import { randomStyleNetwork, type StyleNetwork } from './stylize';
import {
	cropFor,
	trainStylizer,
	type TrainStylizerEvent,
	type TrainStylizerRequest
} from './train-stylizer';

let net: StyleNetwork;
beforeAll(async () => {
	// The app's own backend: the CPU one takes about 10 s a step here.
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
	net = randomStyleNetwork(0, 4);
});
afterAll(() => net.dispose());
afterEach(() => vi.restoreAllMocks());

const photo = discPhoto();
const painting = stripesPainting(48);

function request(steps: number, name: string): Extract<TrainStylizerRequest, { type: 'new' }> {
	return {
		type: 'new',
		content: [photo],
		style: painting,
		styleId: 'own',
		styleName: 'stripes',
		network: 'random',
		steps,
		seed: 3,
		name,
		crop: 32,
		batchSize: 2
	};
}

async function run(
	req: TrainStylizerRequest,
	opts: { stopAt?: number } = {}
): Promise<{ events: TrainStylizerEvent[]; result: Awaited<ReturnType<typeof trainStylizer>> }> {
	const events: TrainStylizerEvent[] = [];
	const stop = new AbortController();
	const result = await trainStylizer(req, {
		network: async () => net,
		signal: stop.signal,
		emit: (e) => {
			events.push(e);
			if (e.type === 'stylizer-progress' && e.step === opts.stopAt) stop.abort();
		}
	});
	return { events, result };
}

async function weightsOf(modelId: string): Promise<Float32Array[]> {
	const model = await loadLayersModel(latentIOHandler({ modelId }));
	const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
	model.dispose();
	return values;
}

describe('training a stylizer in the app', () => {
	it('learns the style (its style loss falls), checkpoints, previews and leaks nothing', async () => {
		const before = tf.memory().numTensors;
		const { events, result } = await run(request(40, 'stripes stylizer'));
		expect(tf.memory().numTensors).toBe(before);
		expect(result).toMatchObject({ step: 40, steps: 40, stopped: 'done' });

		const progress = events.filter((e) => e.type === 'stylizer-progress');
		expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		const style = progress.map((p) => p.losses.style!);
		const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
		expect(mean(style.slice(-5))).toBeLessThan(0.5 * mean(style.slice(0, 5)));
		expect(progress.every((p) => Number.isFinite(p.etaSeconds) || p.step < 3)).toBe(true);

		const previews = events.filter((e) => e.type === 'stylizer-preview');
		expect(previews.map((p) => p.step)).toEqual([0, 25, 40]);
		// The preview is the training photo (80×60 fits the 256-px preview), cropped to multiples of 4.
		expect(previews[0]).toMatchObject({ image: { width: 80, height: 60 } });

		const record = await getModel(result.modelId);
		expect(record).toMatchObject({ kind: STYLIZER_KIND, name: 'stripes stylizer' });
		expect(record?.config).toMatchObject({ styleName: 'stripes', network: 'random', steps: 40 });
		expect(record?.metrics.step).toBe(40);
		expect(record?.thumbnail?.byteLength).toBeGreaterThan(100);
		// The photo and the style are kept beside the model, never in its (shareable) record.
		const inputs = await getStylizerInputs(result.modelId);
		expect(inputs?.photos).toEqual([
			expect.objectContaining({ width: 80, height: 60, channels: 3 })
		]);
		expect(JSON.stringify(record?.config).length).toBeLessThan(300);
	});

	it('stops when asked, saves that step, and resumes to exactly the weights of an unbroken run', async () => {
		const straight = await run(request(10, 'straight'));
		const stopped = await run(request(10, 'broken'), { stopAt: 4 });
		expect(stopped.result).toMatchObject({ step: 4, stopped: 'stopped' });
		expect((await getModel(stopped.result.modelId))?.metrics.step).toBe(4);

		const resumed = await run({ type: 'resume', modelId: stopped.result.modelId });
		expect(resumed.events[0]).toMatchObject({ type: 'stylizer-model', step: 4, steps: 10 });
		expect(resumed.result).toMatchObject({ step: 10, stopped: 'done' });
		const a = await weightsOf(straight.result.modelId);
		const b = await weightsOf(stopped.result.modelId);
		expect(b.length).toBe(a.length);
		a.forEach((w, i) => expect(b[i]).toEqual(w));

		// Resuming with a larger target trains on; the loss history carries over.
		const more = await run({ type: 'resume', modelId: stopped.result.modelId, steps: 12 });
		expect(more.result).toMatchObject({ step: 12, steps: 12 });
		expect((await getModel(stopped.result.modelId))?.config).toMatchObject({ steps: 12 });
	});

	it('learns from several photos (kept beside the model), up to the limit', async () => {
		const second = picture(64, 96, (x, y) => [200 - 2 * y, 40 + 3 * x, 90]);
		const { result } = await run({ ...request(3, 'two photos'), content: [photo, second] });
		expect(result.step).toBe(3);
		const inputs = await getStylizerInputs(result.modelId);
		expect(inputs?.photos.map((p) => [p.width, p.height])).toEqual([
			[80, 60],
			[64, 96]
		]);
		const nine = { ...request(1, 'nine'), content: new Array<RgbaImage>(9).fill(photo) };
		await expect(run(nine)).rejects.toThrow(/1 to 8 photos/);
	});

	it('refuses a photo too small to cut crops from, and leaves no model behind', async () => {
		const count = (await listModels()).length;
		const tiny = { ...request(5, 'tiny'), content: [photo, picture(20, 20, () => [1, 2, 3])] };
		await expect(run(tiny)).rejects.toMatchObject({ name: 'PhotoError', code: 'too-small' });
		expect((await listModels()).length).toBe(count);
		expect(cropFor({ width: 500, height: 70 })).toBe(68);
		expect(cropFor({ width: 500, height: 400 })).toBe(96);
	});

	it('leaves no model behind when its loss network fails to load (VGG not installed)', async () => {
		const count = (await listModels()).length;
		const failing = trainStylizer(request(5, 'no vgg'), {
			network: () => Promise.reject(new Error('VGG19 weights are not installed')),
			signal: new AbortController().signal,
			emit: () => {}
		});
		await expect(failing).rejects.toThrow(/not installed/);
		expect((await listModels()).length).toBe(count);
	});

	it('stops on a full disk, says so once, and keeps the last checkpoint', async () => {
		const realPut = IDBObjectStore.prototype.put;
		let full = false;
		vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
			this: IDBObjectStore,
			...args: Parameters<IDBObjectStore['put']>
		) {
			if (full && this.name === 'chunks')
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			return realPut.apply(this, args);
		});
		const events: TrainStylizerEvent[] = [];
		const result = await trainStylizer(request(40, 'full disk'), {
			network: async () => net,
			signal: new AbortController().signal,
			checkpointSeconds: 0,
			emit: (e) => {
				events.push(e);
				// The first checkpoint fits; the disk is full from then on.
				if (e.type === 'stylizer-checkpoint') full = true;
			}
		});
		vi.restoreAllMocks();
		const saved = events.filter((e) => e.type === 'stylizer-checkpoint');
		expect(saved).toHaveLength(1);
		expect(events.filter((e) => e.type === 'stylizer-storage-full')).toHaveLength(1);
		expect(result).toMatchObject({ stopped: 'stopped', step: saved[0]!.step + 1 });
		expect((await getModel(result.modelId))?.metrics.step).toBe(saved[0]!.step);
	});

	it('explains why a stylizer without its training photo cannot be trained further', async () => {
		const { result } = await run(request(2, 'shared'));
		await deleteStylizerInputs(result.modelId);
		await expect(run({ type: 'resume', modelId: result.modelId })).rejects.toThrow(
			/without its training photo/
		);
		await expect(run({ type: 'resume', modelId: 'nope' })).rejects.toThrow(/no longer/);
	});

	it('shares like any model: the exported zip opens elsewhere as a usable stylizer, without the photo', async () => {
		const { result } = await run(request(3, 'to share'));
		const zip = await exportModelZip(result.modelId);
		// The share server's checks (layer allow-list, sizes, hashes) accept it.
		expect(validateShareArchive(zip).meta.kind).toBe(STYLIZER_KIND);
		const copy = await importModelZip(zip);
		expect(copy.id).not.toBe(result.modelId);
		expect(await getStylizerInputs(copy.id)).toBeUndefined();
		const [entry] = libraryStylizers([copy]);
		expect(entry).toMatchObject({ name: 'to share', style: 'own', lossNetwork: 'random' });
		expect(entry?.modelId).toBe(copy.id);
		const a = await weightsOf(result.modelId);
		const b = await weightsOf(copy.id);
		a.forEach((w, i) => expect(b[i]).toEqual(w));
	});

	it('purging the model removes its training photo too', async () => {
		const { result } = await run(request(1, 'gone'));
		expect(await getStylizerInputs(result.modelId)).toBeDefined();
		await purgeModel(result.modelId);
		expect(await getStylizerInputs(result.modelId)).toBeUndefined();
	});
});

// The app's "Train a stylizer for this style" with VGG19 as its loss network. No real VGG19 exists
// on this machine, so the network is the test's own Keras-layout .h5, imported by the project's
// import code exactly as `npm run weights:vgg` imports the official file: the same preprocessing
// layer, layer names, Gatys layers and VGG loss weights, only narrower blocks with random kernels.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLoader } from '../../scripts/pretrain/node-io.mts';
import { importVgg19 } from '../../scripts/weights/vgg19-import.mts';
import { registerWasmTrainingKernels } from '../../src/lib/ml/kernels';
import { loadVgg19 } from '../../src/lib/ml/models/vgg/model';
import '../../src/lib/ml/models/stylizer/layers';
import { vggStyleNetwork, type StyleNetwork } from '../../src/lib/photo-worker/stylize';
import {
	trainStylizer,
	type TrainStylizerEvent,
	type TrainStylizerRequest
} from '../../src/lib/photo-worker/train-stylizer';
import { getModel } from '../../src/lib/store';
import { discPhoto, stripesPainting } from '../fixtures/pictures';
import { writeVgg19Fixture } from '../fixtures/vgg19-h5';

const dir = mkdtempSync(join(tmpdir(), 'stylizer-vgg-'));
let net: StyleNetwork;

beforeAll(async () => {
	await tf.setBackend('wasm');
	registerWasmTrainingKernels();
	const h5 = join(dir, 'vgg19_fixture_notop.h5');
	await writeVgg19Fixture(h5);
	const weightsDir = join(dir, 'weights');
	await importVgg19({
		file: h5,
		weightsDir,
		version: 't1',
		requireOfficialWidths: false,
		command: 'test'
	});
	net = vggStyleNetwork(await loadVgg19(fileLoader(join(weightsDir, 'vgg19', 't1', 'model.json'))));
});
afterAll(() => {
	net.dispose();
	rmSync(dir, { recursive: true, force: true });
});

const photo = discPhoto();
const painting = stripesPainting(48);

const request: TrainStylizerRequest = {
	type: 'new',
	content: [photo],
	style: painting,
	styleId: 'own',
	styleName: 'stripes',
	network: 'vgg19',
	steps: 40,
	seed: 3,
	name: 'stripes on VGG19',
	crop: 32,
	batchSize: 2
};

describe('training a stylizer with VGG19 as the loss network', () => {
	it('asks for VGG19, learns the style through it, and records that network', async () => {
		const asked: string[] = [];
		const events: TrainStylizerEvent[] = [];
		const before = tf.memory().numTensors;
		const result = await trainStylizer(request, {
			network: async (kind) => {
				asked.push(kind);
				return net;
			},
			signal: new AbortController().signal,
			emit: (e) => events.push(e)
		});
		expect(asked).toEqual(['vgg19']);
		expect(result).toMatchObject({ step: 40, stopped: 'done' });
		// The loss network belongs to the worker's cache: training must neither free nor grow it.
		expect(net.model.getWeights()[0]?.isDisposed).toBe(false);
		expect(tf.memory().numTensors).toBe(before);

		const progress = events.flatMap((e) => (e.type === 'stylizer-progress' ? [e] : []));
		const style = progress.map((p) => p.losses.style ?? NaN);
		const content = progress.map((p) => p.losses.content ?? NaN);
		expect([...style, ...content].every(Number.isFinite)).toBe(true);
		const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
		expect(mean(style.slice(-5))).toBeLessThan(0.5 * mean(style.slice(0, 5)));
		// The VGG recipe: content ×10 and no coarse-luminance term (VGG19's content layer holds the
		// shapes; that term is for the random features), whatever structure loss the step measured.
		const last = progress.at(-1)?.losses ?? {};
		const w = net.weights;
		const expected =
			10 * w.content * (last.content ?? NaN) +
			w.style * (last.style ?? NaN) +
			w.tv * (last.tv ?? NaN);
		expect(last.structure).toBeGreaterThan(0);
		expect(Math.abs((last.loss ?? NaN) - expected)).toBeLessThan(1e-4 * expected);

		const record = await getModel(result.modelId);
		expect(record?.config).toMatchObject({ network: 'vgg19', steps: 40 });
		expect(record?.metrics.step).toBe(40);
	});
});

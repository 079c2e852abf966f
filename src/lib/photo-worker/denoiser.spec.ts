import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
	initializers,
	input,
	model as functional,
	sequential,
	layers
} from '@tensorflow/tfjs-layers';
import { createImage, type RgbaImage } from '$lib/photo/image';
import { runTiled } from '$lib/photo/tiling';
import { ConvAutoencoderTrainer } from '$lib/ml/models/conv-autoencoder/train';
import { libraryDenoisers } from '$lib/photo/library-models';
import { createModel, getModel, saveCheckpoint } from '$lib/store';
import { createDenoiser, loadDenoiser, loadLibraryDenoiser } from './denoiser';
import { opponentPlanesToRgb, rgbToOpponentPlanes } from '$lib/ml/models/denoiser/colour';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

function photo(w: number, h: number, grey = false): RgbaImage {
	const img = createImage(w, h);
	for (let i = 0; i < w * h; i++) {
		const v = (i * 37) % 251;
		img.data[i * 4] = v;
		img.data[i * 4 + 1] = grey ? v : (v * 3) % 256;
		img.data[i * 4 + 2] = grey ? v : 255 - v;
		img.data[i * 4 + 3] = 200;
	}
	return img;
}

/** A 3×3 conv whose kernel is a centred delta: f(x) = x (a "direct" identity denoiser). */
function identityConv(inC: number, outC: number, residual: boolean) {
	const m = sequential();
	m.add(
		layers.conv2d({
			inputShape: [null, null, inC],
			filters: outC,
			kernelSize: 3,
			padding: 'same',
			useBias: false
		})
	);
	const k = new Float32Array(9 * inC * outC);
	// A residual net that predicts zero noise leaves the image as it is.
	if (!residual) for (let c = 0; c < outC; c++) k[(4 * inC + c) * outC + c] = 1;
	const kernel = tf.tensor4d(k, [3, 3, inC, outC]);
	m.setWeights([kernel]);
	kernel.dispose();
	return m;
}

describe('createDenoiser', () => {
	let before = 0;
	beforeAll(() => {
		before = tf.memory().numTensors;
	});
	afterAll(() => {
		// The models were disposed in the tests: nothing may be left behind.
		expect(tf.memory().numTensors).toBe(before);
	});

	it('detects direct vs residual models and a colour identity returns the tile unchanged', async () => {
		for (const residual of [false, true]) {
			const d = await createDenoiser(identityConv(3, 3, residual), 'id');
			expect([d.channels, d.sigmaInput, d.residual]).toEqual([3, false, residual]);
			const tile = photo(20, 12);
			const out = await d.run(tile, 0);
			expect(Buffer.from(out.data).equals(Buffer.from(tile.data))).toBe(true);
			d.dispose();
		}
	});

	it('runs a grey model channel by channel on a colour photo, once on a grey photo', async () => {
		const d = await createDenoiser(identityConv(1, 1, false), 'grey');
		expect(d.channels).toBe(1);
		for (const grey of [false, true]) {
			const tile = photo(9, 7, grey);
			expect(Buffer.from((await d.run(tile, 0)).data).equals(Buffer.from(tile.data))).toBe(true);
		}
		d.dispose();
	});

	it('feeds σ/255 as an extra channel to a σ-conditioned model', async () => {
		// Output = image + the σ channel (kernel sums the σ map into every output channel).
		const m = sequential();
		m.add(
			layers.conv2d({ inputShape: [null, null, 4], filters: 3, kernelSize: 1, useBias: false })
		);
		const k = new Float32Array(4 * 3);
		for (let c = 0; c < 3; c++) {
			k[c * 3 + c] = 1;
			k[3 * 3 + c] = 1;
		}
		const kernel = tf.tensor4d(k, [1, 1, 4, 3]);
		m.setWeights([kernel]);
		kernel.dispose();
		const d = await createDenoiser(m, 'ffdnet-ish');
		expect([d.channels, d.sigmaInput, d.residual]).toEqual([3, true, false]);
		const tile = createImage(4, 4);
		tile.data.fill(100);
		const out = await d.run(tile, 20);
		expect(out.data[0]).toBe(120);
		expect(out.data[3]).toBe(100);
		d.dispose();
	});

	it('drives the project denoiser (image + σ-map inputs, x̂ = y + r)', async () => {
		const { buildDenoiser } = await import('$lib/ml/models/denoiser/model');
		const m = buildDenoiser({ channels: 3, depth: 3, features: 4, noiseMap: true, seed: 1 });
		// With all weights zero the residual is 0, so a correct wiring returns the tile unchanged.
		const zeros = m.getWeights().map((w) => tf.zerosLike(w));
		m.setWeights(zeros);
		tf.dispose(zeros);
		const d = await createDenoiser(m, 'denoiser-color');
		expect([d.channels, d.sigmaInput, d.residual]).toEqual([3, true, false]);
		const tile = photo(10, 6);
		expect(Buffer.from((await d.run(tile, 30)).data).equals(Buffer.from(tile.data))).toBe(true);
		d.dispose();
	});

	it('takes metadata over guessing and refuses shapes it cannot use', async () => {
		const m = identityConv(3, 3, false);
		m.setUserDefinedMetadata({ residual: true });
		const d = await createDenoiser(m, 'meta');
		expect(d.residual).toBe(true);
		d.dispose();
		const bad = identityConv(3, 1, false);
		await expect(createDenoiser(bad, 'bad')).rejects.toThrow(/output channels/);
		bad.dispose();
		const x = input({ shape: [32, 16, 3] });
		const odd = functional({
			inputs: x,
			outputs: layers.conv2d({ filters: 3, kernelSize: 1 }).apply(x) as never
		});
		await expect(createDenoiser(odd, 'odd')).rejects.toThrow(/non-square/);
		odd.dispose();
	});

	it('frees the tile it made when the model cannot run on it', async () => {
		const x = input({ shape: [8, 8, 3] });
		const fixed = functional({
			inputs: x,
			outputs: layers.conv2d({ filters: 3, kernelSize: 1 }).apply(x) as never
		});
		const d = await createDenoiser(fixed, 'fixed-8', { residual: false });
		const tensors = tf.memory().numTensors;
		// A tile that is not the model's fixed size (predict throws after the input is made).
		await expect(d.run(photo(6, 6), 0)).rejects.toThrow();
		expect(tf.memory().numTensors).toBe(tensors);
		d.dispose();
	});

	it('loads from an IOHandler (the hook for a user model) and denoises a photo tile by tile', async () => {
		const src = identityConv(3, 3, false);
		let artifacts: tf.io.ModelArtifacts | undefined;
		await src.save(
			tf.io.withSaveHandler(
				async (a) => (
					(artifacts = a),
					{ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
				)
			)
		);
		src.dispose();
		const d = await loadDenoiser(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts), 'mem');
		const img = photo(150, 90);
		const t0 = performance.now();
		const out = await runTiled(img, (t) => d.run(t, 0), { tile: 64, overlap: 16 });
		const ms = performance.now() - t0;
		expect(Buffer.from(out.data).equals(Buffer.from(img.data))).toBe(true);
		expect(ms).toBeLessThan(20_000);
		d.dispose();
	});
});

describe('a grey model on a colour photo', () => {
	it('cleans the opponent planes (luminance and chrominance), not R, G and B one by one', async () => {
		// A nonlinear "denoiser", f(x) = relu(x − 0.5), tells the two apart.
		const m = sequential();
		m.add(
			layers.conv2d({
				inputShape: [null, null, 1],
				filters: 1,
				kernelSize: 1,
				activation: 'relu',
				kernelInitializer: 'ones',
				biasInitializer: initializers.constant({ value: -0.5 })
			})
		);
		const d = await createDenoiser(m, 'relu-grey', { residual: false });
		const tile = photo(6, 5);
		const out = await d.run(tile, 25);
		const want = await tf
			.tidy(() => {
				const rgb = tf.div(
					tf.tensor4d(
						Array.from({ length: 30 }, (_, i) =>
							[0, 1, 2].map((c) => tile.data[i * 4 + c]!)
						).flat(),
						[1, 5, 6, 3]
					),
					255
				);
				const planes = rgbToOpponentPlanes(rgb as tf.Tensor4D);
				return tf.round(
					tf.mul(tf.clipByValue(opponentPlanesToRgb(tf.relu(tf.sub(planes, 0.5))), 0, 1), 255)
				);
			})
			.data();
		for (let i = 0; i < 30; i++)
			for (let c = 0; c < 3; c++)
				expect(Math.abs(out.data[i * 4 + c]! - want[i * 3 + c]!)).toBeLessThanOrEqual(1);
		// Alpha passes through.
		expect(out.data[3]).toBe(200);
		d.dispose();
	});
});

describe("the person's own denoising autoencoder from the library", () => {
	it("loads from its checkpoint, runs in 28-px tiles and gives exactly the autoencoder's output", async () => {
		const trainer = new ConvAutoencoderTrainer({
			seed: 5,
			noise: { kind: 'gaussian', sigma: 0.3 }
		});
		const record = await createModel({ name: 'my DAE', kind: trainer.kind, config: {} });
		await saveCheckpoint({
			modelId: record.id,
			models: trainer.models(),
			optimizers: trainer.optimizers(),
			step: 3,
			epoch: 0,
			cursor: null,
			rngSeed: 5,
			losses: { steps: [], series: {} }
		});
		const saved = await getModel(record.id);
		expect(libraryDenoisers([saved!])).toEqual([
			{ type: 'library', name: 'my DAE', modelId: record.id, version: saved!.latestCheckpointId }
		]);

		const before = tf.memory().numTensors;
		const d = await loadLibraryDenoiser(record.id, 'my DAE', saved!.latestCheckpointId!);
		expect(d).toMatchObject({ channels: 1, fixedTile: 28, residual: false, sigmaInput: false });
		const tile = photo(28, 28, true);
		const out = await d.run(tile, 25);
		const expected = tf.tidy(() => {
			const x = tf.div(
				tf.tensor4d(
					Float32Array.from({ length: 784 }, (_, i) => tile.data[i * 4]!),
					[1, 28, 28, 1]
				),
				255
			);
			return tf.round(tf.mul(trainer.model.autoencoder.predict(x) as tf.Tensor, 255));
		});
		const want = await expected.data();
		for (let i = 0; i < 784; i++)
			expect(Math.abs(out.data[i * 4]! - want[i]!)).toBeLessThanOrEqual(1);
		expected.dispose();
		d.dispose();
		expect(tf.memory().numTensors).toBe(before);
		trainer.dispose();
	});
});

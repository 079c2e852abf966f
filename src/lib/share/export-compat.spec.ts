/**
 * The app's real export (src/lib/store, tfjs-layers serialisation) must pass the share checks
 * the Worker applies, or sharing from the app would fail on arrival.
 */
import 'fake-indexeddb/auto';
import * as tfl from '@tensorflow/tfjs-layers';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../store/checkpoints';
import { exportModelZip } from '../store/export';
import { createModel, updateModel } from '../store/library';
import { denseModel, freshDb, useCpu } from '../store/test-helpers';
import { ShareFormatError } from './errors';
import { validateShareArchive } from './validate';

beforeAll(useCpu);

const thumbnail = encode({
	width: 16,
	height: 16,
	data: new Uint8Array(16 * 16 * 3).fill(90),
	channels: 3
});

function convModel(): tfl.LayersModel {
	const m = tfl.sequential();
	m.add(
		tfl.layers.conv2d({
			inputShape: [8, 8, 1],
			filters: 4,
			kernelSize: 3,
			strides: 2,
			padding: 'same'
		})
	);
	m.add(tfl.layers.batchNormalization());
	m.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
	m.add(tfl.layers.flatten());
	m.add(tfl.layers.dropout({ rate: 0.1 }));
	m.add(tfl.layers.dense({ units: 16 }));
	m.add(tfl.layers.reshape({ targetShape: [2, 2, 4] }));
	m.add(tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same' }));
	m.add(tfl.layers.activation({ activation: 'sigmoid' }));
	return m;
}

async function exported(
	models: Record<string, tfl.LayersModel>,
	opts: { checkpoint?: boolean } = {}
) {
	const db = await freshDb();
	const rec = await createModel({
		db,
		name: 'Shirt AE',
		kind: 'dense-ae',
		config: { latent: 3 },
		dataset: 'fashion-mnist'
	});
	await updateModel(rec.id, { metrics: { mse: 0.0123 }, thumbnail }, { db });
	await saveCheckpoint({
		db,
		modelId: rec.id,
		models,
		optimizers: {},
		step: 7,
		epoch: 1,
		cursor: { offset: 0 },
		rngSeed: 1,
		losses: { steps: [1], series: { loss: [0.5] } }
	});
	return exportModelZip(rec.id, { db, includeCheckpoint: opts.checkpoint });
}

describe('the app export as a share', () => {
	it('passes for a single dense model', async () => {
		const model = denseModel(6, 5, 6);
		const v = validateShareArchive(await exported({ autoencoder: model }));
		expect(v.meta.name).toBe('Shirt AE');
		expect(v.models[0]!.params).toBe(model.countParams());
		expect(v.thumbnail).toEqual({ width: 16, height: 16 });
		model.dispose();
	});

	it('passes for two roles using every allow-listed conv layer', async () => {
		const encoder = convModel();
		const decoder = denseModel(4, 3, 4);
		const v = validateShareArchive(await exported({ encoder, decoder }));
		expect(v.models.map((m) => m.path).sort()).toEqual([
			'decoder/model.json',
			'encoder/model.json',
			'model.json'
		]);
		const enc = v.models.find((m) => m.path === 'encoder/model.json')!;
		// BatchNormalization's moving statistics are weights too, so count them all.
		expect(enc.params).toBe(
			encoder.weights.reduce((a, w) => a + w.shape.reduce<number>((x, d) => x * (d ?? 1), 1), 0)
		);
		encoder.dispose();
		decoder.dispose();
	});

	it('refuses optimizer state (exports for sharing leave includeCheckpoint off)', async () => {
		const model = denseModel(3, 2, 3);
		try {
			validateShareArchive(await exported({ autoencoder: model }, { checkpoint: true }));
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(ShareFormatError);
			expect((err as ShareFormatError).code).toBe('unexpected_file');
		}
		model.dispose();
	});
});

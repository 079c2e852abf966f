import { describe, expect, it } from 'vitest';
import {
	makeExportStyleZip,
	makeMeta,
	makeModelJson,
	makeShareZip,
	makeWeights
} from '../../../tests/worker/share-fixtures';
import { ShareFormatError } from './errors';
import { validateShareArchive } from './validate';

function refusal(zip: Uint8Array): string {
	try {
		validateShareArchive(zip);
	} catch (err) {
		if (err instanceof ShareFormatError) return `${err.status} ${err.code}`;
		throw err;
	}
	return 'accepted';
}

describe('validateShareArchive', () => {
	it('describes a valid single-model share', () => {
		const v = validateShareArchive(makeShareZip());
		expect(v.meta.name).toBe('Tiny dense');
		expect(v.meta.dataset).toBe('fashion-mnist');
		expect(v.models).toEqual([
			{ path: 'model.json', layers: 1, params: 15, weightFiles: ['weights.bin'] }
		]);
		expect(v.thumbnail).toEqual({ width: 8, height: 8 });
		expect(v.entries.map((e) => e.name).sort()).toEqual([
			'meta.json',
			'model.json',
			'thumbnail.png',
			'weights.bin'
		]);
	});

	it('accepts the layout the app exports (roles, millisecond dates, no dataset)', async () => {
		const v = validateShareArchive(await makeExportStyleZip());
		expect(v.models.map((m) => m.path)).toEqual([
			'model.json',
			'encoder/model.json',
			'decoder/model.json'
		]);
		expect(v.weightFiles).toEqual(['encoder/weights.bin', 'decoder/weights.bin']);
		expect(v.meta.dataset).toBeNull();
		expect(typeof v.meta.createdAt).toBe('number');
	});

	it('names the first problem with a status and a code', async () => {
		const relu6 = makeModelJson() as {
			modelTopology: { config: { layers: { class_name: string }[] } };
		};
		relu6.modelTopology.config.layers[0]!.class_name = 'Lambda';
		expect(refusal(makeShareZip({ modelJson: relu6 }))).toBe('422 layer_not_allowed');
		expect(refusal(makeShareZip({ weights: makeWeights().subarray(4) }))).toBe('422 weights_size');
		expect(refusal(makeShareZip({ meta: { ...makeMeta(), createdAt: 'soon' } }))).toBe(
			'422 schema'
		);
		expect(refusal(makeShareZip({ files: { 'model.json': '{"a":' } }))).toBe('400 bad_json');
		expect(refusal(await makeExportStyleZip({ checkpoint: true }))).toBe('422 unexpected_file');
	});
});

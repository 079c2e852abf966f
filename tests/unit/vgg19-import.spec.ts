// The VGG19 import on a small Keras-layout .h5 fixture this test writes itself (no real weights
// exist on this machine): names, HWIO layout, dropped layers, and activations checked against a
// direct convolution in plain JS.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../scripts/pretrain/artifacts.mts';
import { fileLoader } from '../../scripts/pretrain/node-io.mts';
import { importVgg19 } from '../../scripts/weights/vgg19-import.mts';
import { readKerasVgg19 } from '../../src/lib/ml/models/vgg/keras-h5';
import { FIXTURE_WIDTHS, writeVgg19Fixture, type WrittenLayer } from '../fixtures/vgg19-h5';
import { IMAGENET_MEAN_BGR, loadVgg19, vggFeatures } from '../../src/lib/ml/models/vgg/model';

const dir = mkdtempSync(join(tmpdir(), 'vgg19-'));
const h5Path = join(dir, 'vgg19_fixture_notop.h5');
/** The fixture's kernels (HWIO, flat) and biases by layer name, as written. */
let written = new Map<string, WrittenLayer>();

function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
}

beforeAll(async () => {
	await tf.setBackend('cpu');
	written = await writeVgg19Fixture(h5Path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 'same'-padded 3×3 convolution + bias + ReLU of an HWC image, straight from the definition. */
function conv3x3Relu(
	x: Float32Array,
	h: number,
	w: number,
	inC: number,
	k: Float32Array,
	bias: Float32Array
): Float32Array {
	const outC = bias.length;
	const y = new Float32Array(h * w * outC);
	for (let i = 0; i < h; i++)
		for (let j = 0; j < w; j++)
			for (let o = 0; o < outC; o++) {
				let s = bias[o] ?? 0;
				for (let di = 0; di < 3; di++)
					for (let dj = 0; dj < 3; dj++) {
						const yi = i + di - 1;
						const xj = j + dj - 1;
						if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
						for (let c = 0; c < inC; c++) {
							s +=
								(x[(yi * w + xj) * inC + c] ?? 0) * (k[((di * 3 + dj) * inC + c) * outC + o] ?? 0);
						}
					}
				y[(i * w + j) * outC + o] = Math.max(0, s);
			}
	return y;
}

/** The fixture file's bytes as an ArrayBuffer of their own. */
function fixtureBytes(): ArrayBuffer {
	const b = readFileSync(h5Path);
	return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

describe('VGG19 import from a Keras .h5', () => {
	it('says what is wrong with bytes that are not HDF5 or are cut short', () => {
		const before = tf.memory().numTensors;
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
		expect(() => readKerasVgg19(png.buffer, 'photo.png')).toThrow(/photo\.png is not an HDF5 file/);
		const cut = fixtureBytes().slice(0, 4096);
		expect(() => readKerasVgg19(cut, 'half.h5')).toThrow(/half\.h5/);
		expect(tf.memory().numTensors).toBe(before);
	});

	it('reads block1_conv1 … block5_conv1 in HWIO and drops the rest', async () => {
		const seen: string[] = [];
		const { widths, weights } = readKerasVgg19(fixtureBytes(), 'fixture.h5', (name, i, n) =>
			seen.push(`${name} ${i}/${n}`)
		);
		expect(seen.at(-1)).toBe('block5_conv1 13/13');
		expect(widths).toEqual(FIXTURE_WIDTHS);
		expect([...weights.keys()].at(-1)).toBe('block5_conv1');
		expect(weights.has('block5_conv2')).toBe(false);
		expect(weights.size).toBe(13);
		const k = weights.get('block2_conv1')!;
		expect(k.kernel.shape).toEqual([3, 3, 4, 5]);
		expect(Array.from(k.kernel.dataSync())).toEqual(
			Array.from(written.get('block2_conv1')!.kernel)
		);
		for (const w of weights.values()) tf.dispose([w.kernel, w.bias]);
	});

	it('publishes float16 artifacts whose activations match a direct convolution', async () => {
		const before = tf.memory().numTensors;
		const weightsDir = join(dir, 'weights');
		const entry = await importVgg19({
			file: h5Path,
			weightsDir,
			version: 't1',
			requireOfficialWidths: false,
			command: 'test'
		});
		expect(entry.files.map((f) => f.path)).toEqual([
			'vgg19/t1/model.json',
			'vgg19/t1/group1-shard1of1.bin'
		]);
		const manifest = await readManifest(join(weightsDir, 'manifest.json'));
		expect(manifest.models.map((m) => m.name)).toEqual(['vgg19']);

		const model = await loadVgg19(fileLoader(join(weightsDir, 'vgg19', 't1', 'model.json')));
		const names = model.layers.map((l) => l.name);
		expect(names.slice(1, 4)).toEqual(['preprocess', 'block1_conv1', 'block1_conv2']);
		expect(names.at(-1)).toBe('block5_conv1');
		const feats = vggFeatures(model, ['block1_conv1', 'block5_conv1']);

		const H = 16;
		const W = 16;
		const rand = rng(3);
		const rgb = Float32Array.from({ length: H * W * 3 }, () => rand() + 0.5);
		const input = tf.tensor4d(rgb, [1, H, W, 3]);
		const [a, b] = feats.predict(input) as tf.Tensor[];
		expect(b!.shape).toEqual([1, 1, 1, 8]);
		// Independent path: Keras caffe preprocessing, then the fixture's first conv.
		const bgr = new Float32Array(H * W * 3);
		for (let p = 0; p < H * W; p++)
			for (let c = 0; c < 3; c++)
				bgr[p * 3 + c] = rgb[p * 3 + (2 - c)]! * 255 - IMAGENET_MEAN_BGR[c]!;
		const l1 = written.get('block1_conv1')!;
		const want = conv3x3Relu(bgr, H, W, 3, l1.kernel, l1.bias);
		const got = a!.dataSync();
		let maxErr = 0;
		let maxVal = 0;
		for (let i = 0; i < want.length; i++) {
			maxErr = Math.max(maxErr, Math.abs((got[i] ?? 0) - (want[i] ?? 0)));
			maxVal = Math.max(maxVal, Math.abs(want[i] ?? 0));
		}
		expect(maxVal).toBeGreaterThan(10);
		// float16 weights: relative error of a few 1e-3 on activations of this size.
		expect(maxErr / maxVal).toBeLessThan(5e-3);
		tf.dispose([input, a!, b!]);
		model.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('refuses a file that is not VGG19-shaped when the official widths are required', async () => {
		await expect(
			importVgg19({
				file: h5Path,
				weightsDir: join(dir, 'w2'),
				version: '1',
				requireOfficialWidths: true,
				command: 'x'
			})
		).rejects.toThrow(/not VGG19's/);
	});
});

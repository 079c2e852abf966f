// Small models of the real architectures, published into the test R2 the way weights are
// published (weights/<name>/<version>/model.json + .bin, listed in weights/manifest.json).
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { encode as encodePng } from 'fast-png';
import { expect } from 'vitest';
import { sha256Hex } from '../../src/lib/share/sha256';

const ORIGIN = 'http://localhost';

/** Calls the Worker's fetch handler. */
export function call(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(ORIGIN + path, init));
}

/** Asserts a JSON error answer and returns its body. */
export async function expectError(res: Response, status: number, code?: string) {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	expect(res.headers.get('content-type')).toContain('application/json');
	const body = JSON.parse(text) as { error: { code: string; message: string } };
	if (code) expect(body.error.code).toBe(code);
	return body;
}

/** Asserts a PNG answer (signature, IHDR) and returns its bytes, size and colour type. */
export async function expectPng(res: Response) {
	const bytes = new Uint8Array(await res.arrayBuffer());
	expect(res.status, new TextDecoder().decode(bytes.subarray(0, 300))).toBe(200);
	expect(res.headers.get('content-type')).toBe('image/png');
	expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(String.fromCharCode(...bytes.subarray(12, 16))).toBe('IHDR');
	const view = new DataView(bytes.buffer, bytes.byteOffset);
	return { bytes, width: view.getUint32(16), height: view.getUint32(20), colourType: bytes[25] };
}

/** A deterministic test picture: smooth gradients plus a checker, 8-bit. */
export function picture(width: number, height: number, channels: 1 | 3): Uint8Array {
	const data = new Uint8Array(width * height * channels);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			for (let c = 0; c < channels; c++) {
				const checker = ((x >> 3) + (y >> 3)) % 2 ? 40 : 0;
				data[(y * width + x) * channels + c] = (x * 3 + y * 2 + c * 50 + checker) & 0xff;
			}
		}
	}
	return data;
}

/** A PNG of `picture(width, height, channels)`. */
export function pngOf(width: number, height: number, channels: 1 | 3): Uint8Array {
	return encodePng({ width, height, data: picture(width, height, channels), channels, depth: 8 });
}

/** Publishes `model` under weights/<name>/<version>/<role/>, and returns its catalogue files. */
export async function publishModel(
	model: tfl.LayersModel,
	name: string,
	opts: { version?: string; role?: string; metadata?: Record<string, unknown> } = {}
) {
	const version = opts.version ?? '1';
	const dir = `${name}/${version}/${opts.role ? opts.role + '/' : ''}`;
	let json: Uint8Array = new Uint8Array();
	let bin: Uint8Array = new Uint8Array();
	await model.save(
		tf.io.withSaveHandler(async (a) => {
			const data = Array.isArray(a.weightData)
				? tf.io.concatenateArrayBuffers(a.weightData)
				: a.weightData;
			bin = new Uint8Array(data ?? new ArrayBuffer(0));
			const modelJson = {
				format: 'layers-model',
				modelTopology: a.modelTopology,
				weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
				...(opts.metadata ? { userDefinedMetadata: opts.metadata } : {})
			};
			json = new TextEncoder().encode(JSON.stringify(modelJson));
			return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
		})
	);
	await env.BUCKET.put(`weights/${dir}model.json`, json);
	await env.BUCKET.put(`weights/${dir}group1-shard1of1.bin`, bin);
	return [
		{ path: `${dir}model.json`, bytes: json.length, sha256: await sha256Hex(json) },
		{ path: `${dir}group1-shard1of1.bin`, bytes: bin.length, sha256: await sha256Hex(bin) }
	];
}

/** Writes weights/manifest.json listing `models`. */
export async function putManifest(
	models: { name: string; kind: string; version?: string; files: unknown[] }[]
) {
	const body = { models: models.map((m) => ({ version: '1', ...m })) };
	await env.BUCKET.put('weights/manifest.json', JSON.stringify(body));
}

/**
 * A DnCNN-shaped grey denoiser (3×3 convs, 'same', any image size), tiny and seeded; with
 * `inChannels` 2 it also takes a noise-level map (FFDNet-style).
 */
export function buildTinyDenoiser(hidden = 8, depth = 2, inChannels = 1): tfl.LayersModel {
	const layers: tfl.layers.Layer[] = [];
	for (let i = 0; i < depth; i++) {
		layers.push(
			tfl.layers.conv2d({
				...(i === 0 ? { inputShape: [null, null, inChannels] } : {}),
				filters: hidden,
				kernelSize: 3,
				padding: 'same',
				activation: 'relu',
				kernelInitializer: tfl.initializers.glorotUniform({ seed: 10 + i }),
				biasInitializer: 'zeros'
			})
		);
	}
	layers.push(
		tfl.layers.conv2d({
			filters: 1,
			kernelSize: 3,
			padding: 'same',
			activation: 'sigmoid',
			kernelInitializer: tfl.initializers.glorotUniform({ seed: 99 })
		})
	);
	return tfl.sequential({ layers });
}

/** A feed-forward RGB stylizer shape: down 2, conv, up 2, sigmoid. */
export function buildTinyStylizer(): tfl.LayersModel {
	const seed = (s: number) => tfl.initializers.glorotUniform({ seed: s });
	return tfl.sequential({
		layers: [
			tfl.layers.conv2d({
				inputShape: [null, null, 3],
				filters: 8,
				kernelSize: 3,
				strides: 2,
				padding: 'same',
				activation: 'relu',
				kernelInitializer: seed(1)
			}),
			tfl.layers.conv2dTranspose({
				filters: 3,
				kernelSize: 3,
				strides: 2,
				padding: 'same',
				activation: 'sigmoid',
				kernelInitializer: seed(2)
			})
		]
	});
}

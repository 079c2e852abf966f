/** tfjs IOHandlers over the local file system (tfjs-node is not used here). */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Loads a tfjs layers model.json and its shards from disk (dequantisation is tfjs's job). */
export function fileLoader(modelJsonPath: string): tf.io.IOHandler {
	return {
		async load(): Promise<tf.io.ModelArtifacts> {
			const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
			const specs: tf.io.WeightsManifestEntry[] = [];
			const buffers: Uint8Array[] = [];
			for (const group of json.weightsManifest) {
				specs.push(...group.weights);
				for (const p of group.paths) {
					buffers.push(new Uint8Array(await readFile(join(dirname(modelJsonPath), p))));
				}
			}
			const total = buffers.reduce((n, b) => n + b.byteLength, 0);
			const data = new Uint8Array(total);
			let off = 0;
			for (const b of buffers) {
				data.set(b, off);
				off += b.byteLength;
			}
			return {
				modelTopology: json.modelTopology,
				format: json.format,
				generatedBy: json.generatedBy,
				convertedBy: json.convertedBy,
				weightSpecs: specs,
				weightData: data.buffer
			};
		}
	};
}

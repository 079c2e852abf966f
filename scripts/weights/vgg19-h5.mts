/**
 * Reads the VGG19 conv weights from a Keras HDF5 weights file (the official
 * `vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`) with h5wasm: the root attribute
 * `layer_names` lists the layers, each layer group's `weight_names` attribute lists its datasets
 * (e.g. `block1_conv1/kernel:0`, `block1_conv1/bias:0`; older files `block1_conv1_W_1:0`), kernels
 * are HWIO. Keeps block1_conv1 … block5_conv1 and checks every shape on the way.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import h5wasm from 'h5wasm/node';
import { vgg19Layers, VGG19_WIDTHS, type ConvWeights } from '../../src/lib/ml/models/vgg/model';

export const VGG19_NOTOP_URL =
	'https://storage.googleapis.com/tensorflow/keras-applications/vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5';
export const VGG19_NOTOP_FILE = 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5';
/** The md5 Keras publishes for the file (keras.applications.vgg19). */
export const VGG19_NOTOP_MD5 = '253f8cb515780f3b799900260a226db6';

/** Lower-case hex md5 of a file. */
export async function md5File(path: string): Promise<string> {
	return createHash('md5')
		.update(await readFile(path))
		.digest('hex');
}

/** Attribute value as a list of strings (Keras stores names as fixed-length byte strings). */
function stringList(value: unknown): string[] {
	const arr = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
	return arr.map((v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v)).replace(/\0+$/, ''));
}

export interface KerasVgg19 {
	/** Block widths found in the file (the official file: 64, 128, 256, 512, 512). */
	widths: number[];
	/** Weights by layer name; the caller owns (and disposes) the tensors. */
	weights: Map<string, ConvWeights>;
}

/** Reads block1_conv1 … block5_conv1 from a Keras weights file. */
export async function readKerasVgg19(path: string): Promise<KerasVgg19> {
	await h5wasm.ready;
	const file = new h5wasm.File(path, 'r');
	const weights = new Map<string, ConvWeights>();
	try {
		const layerNames = stringList(file.attrs['layer_names']?.value);
		if (layerNames.length === 0) {
			throw new Error(`${path}: no layer_names attribute — not a Keras weights file`);
		}
		// Channel counts come from the file, so tiny fixtures work; the CLI insists on the real ones.
		const convs = vgg19Layers(VGG19_WIDTHS).filter((l) => l.type === 'conv');
		const widths: number[] = [];
		let inC = 3;
		for (const layer of convs) {
			if (!layerNames.includes(layer.name)) throw new Error(`${path}: layer ${layer.name} is missing`);
			const group = file.get(layer.name);
			if (!(group instanceof h5wasm.Group)) throw new Error(`${path}: ${layer.name} is not a group`);
			const names = stringList(group.attrs['weight_names']?.value);
			const arrays = names.map((n) => {
				const ds = group.get(n);
				if (!(ds instanceof h5wasm.Dataset)) throw new Error(`${path}: ${layer.name}/${n} is not a dataset`);
				return { name: n, shape: ds.shape ?? [], value: ds.value as Float32Array };
			});
			const kernel = arrays.find((a) => a.shape.length === 4);
			const bias = arrays.find((a) => a.shape.length === 1);
			if (!kernel || !bias || arrays.length !== 2) {
				throw new Error(`${path}: ${layer.name} should hold one 4-D kernel and one bias, found [${names.join(', ')}]`);
			}
			const [kh, kw, ki, ko] = kernel.shape;
			if (kh !== 3 || kw !== 3 || ki !== inC || bias.shape[0] !== ko) {
				throw new Error(
					`${path}: ${layer.name} kernel [${kernel.shape.join(', ')}] / bias [${bias.shape.join(', ')}]; expected HWIO [3, 3, ${inC}, out] and [out]`
				);
			}
			const block = Number(layer.name[5]) - 1;
			if (widths[block] === undefined) widths[block] = ko ?? 0;
			else if (widths[block] !== ko) throw new Error(`${path}: ${layer.name} has ${ko} filters, its block ${widths[block]}`);
			weights.set(layer.name, {
				kernel: tf.tensor4d(Float32Array.from(kernel.value), [3, 3, inC, ko ?? 0]),
				bias: tf.tensor1d(Float32Array.from(bias.value))
			});
			inC = ko ?? 0;
		}
		return { widths, weights };
	} catch (err) {
		for (const w of weights.values()) tf.dispose([w.kernel, w.bias]);
		throw err;
	} finally {
		file.close();
	}
}

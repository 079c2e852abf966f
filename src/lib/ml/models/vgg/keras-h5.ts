/**
 * Reads the VGG19 conv weights from a Keras HDF5 weights file (the official
 * `vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`) held in memory, with jsfive (pure JS, so
 * the same reader runs in Node, the browser and the Cloudflare Worker, which cannot compile
 * WebAssembly at run time). The root attribute `layer_names` lists the layers, each layer group's
 * `weight_names` its datasets (`block1_conv1/kernel:0`; older files `block1_conv1_W_1:0`);
 * kernels are HWIO. Keeps block1_conv1 … block5_conv1 and checks every shape on the way.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as hdf5 from 'jsfive';
import { vgg19Layers, VGG19_WIDTHS, type ConvWeights } from './model';

export interface KerasVgg19 {
	/** Block widths found in the file (the official file: 64, 128, 256, 512, 512). */
	widths: number[];
	/** Weights by layer name; the caller owns (and disposes) the tensors. */
	weights: Map<string, ConvWeights>;
}

/** Attribute value as a list of strings (Keras stores names as fixed-length byte strings). */
function stringList(value: hdf5.AttributeValue | undefined): string[] {
	const arr = Array.isArray(value) ? value : value === undefined ? [] : [value];
	return arr.map((v) => String(v).replace(/\0+$/, ''));
}

/** Opens the bytes as HDF5, with a clear message when they are not. */
function open(bytes: ArrayBuffer, label: string): hdf5.File {
	// The HDF5 signature: \x89HDF\r\n\x1a\n.
	const sig = new Uint8Array(bytes, 0, Math.min(8, bytes.byteLength));
	const expected = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
	if (sig.length < 8 || expected.some((b, i) => sig[i] !== b)) {
		throw new Error(`${label} is not an HDF5 file (a Keras .h5 weights file starts with \\x89HDF)`);
	}
	try {
		return new hdf5.File(bytes, label);
	} catch (err) {
		throw new Error(
			`${label}: cannot read it as HDF5 (${err instanceof Error ? err.message : String(err)}); is it complete?`,
			{ cause: err }
		);
	}
}

/** Reads block1_conv1 … block5_conv1 from a Keras weights file; `onLayer` reports each layer read. */
export function readKerasVgg19(
	bytes: ArrayBuffer,
	label: string,
	onLayer?: (name: string, index: number, total: number) => void
): KerasVgg19 {
	const file = open(bytes, label);
	const weights = new Map<string, ConvWeights>();
	try {
		const layerNames = stringList(file.attrs['layer_names']);
		if (layerNames.length === 0) {
			throw new Error(`${label}: no layer_names attribute — not a Keras weights file`);
		}
		// Channel counts come from the file, so tiny fixtures work; callers insist on the real ones.
		const convs = vgg19Layers(VGG19_WIDTHS).filter((l) => l.type === 'conv');
		const widths: number[] = [];
		let inC = 3;
		convs.forEach((layer, index) => {
			if (!layerNames.includes(layer.name))
				throw new Error(`${label}: layer ${layer.name} is missing`);
			const group = file.get(layer.name);
			if (!(group instanceof hdf5.Group)) throw new Error(`${label}: ${layer.name} is not a group`);
			const names = stringList(group.attrs['weight_names']);
			const arrays = names.map((n) => {
				const ds = group.get(n);
				if (!(ds instanceof hdf5.Dataset))
					throw new Error(`${label}: ${layer.name}/${n} is not a dataset`);
				return { shape: ds.shape, value: ds.value };
			});
			const kernel = arrays.find((a) => a.shape.length === 4);
			const bias = arrays.find((a) => a.shape.length === 1);
			if (!kernel || !bias || arrays.length !== 2) {
				throw new Error(
					`${label}: ${layer.name} should hold one 4-D kernel and one bias, found [${names.join(', ')}]`
				);
			}
			const [kh, kw, ki, ko = 0] = kernel.shape;
			if (kh !== 3 || kw !== 3 || ki !== inC || bias.shape[0] !== ko) {
				throw new Error(
					`${label}: ${layer.name} kernel [${kernel.shape.join(', ')}] / bias [${bias.shape.join(', ')}]; expected HWIO [3, 3, ${inC}, out] and [out]`
				);
			}
			const block = Number(layer.name[5]) - 1;
			if (widths[block] === undefined) widths[block] = ko;
			else if (widths[block] !== ko)
				throw new Error(`${label}: ${layer.name} has ${ko} filters, its block ${widths[block]}`);
			weights.set(layer.name, {
				kernel: tf.tensor4d(Float32Array.from(kernel.value), [3, 3, inC, ko]),
				bias: tf.tensor1d(Float32Array.from(bias.value))
			});
			inC = ko;
			onLayer?.(layer.name, index + 1, convs.length);
		});
		return { widths, weights };
	} catch (err) {
		for (const w of weights.values()) tf.dispose([w.kernel, w.bias]);
		throw err;
	}
}

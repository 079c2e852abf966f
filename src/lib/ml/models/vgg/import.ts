/**
 * The VGG19 import shared by `npm run weights:vgg` and the Worker's install route: Keras' official
 * ImageNet weights (.h5 bytes) → the float16 tfjs feature extractor (preprocessing inside) and its
 * catalogue entry. Nothing here touches files or the network; callers fetch and store.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CatalogueModel } from '../../../share/schema';
import { float16ModelFiles, modelArtifacts, type Float16ModelFiles } from '../../quantize';
import { readKerasVgg19 } from './keras-h5';
import { buildVgg19Features, VGG19_WIDTHS } from './model';

export const VGG19_NAME = 'vgg19';
export const VGG19_NOTOP_FILE = 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5';
export const VGG19_NOTOP_URL = `https://storage.googleapis.com/tensorflow/keras-applications/vgg19/${VGG19_NOTOP_FILE}`;
/** The md5 Keras publishes for the file (keras.applications.vgg19). */
export const VGG19_NOTOP_MD5 = '253f8cb515780f3b799900260a226db6';
/** The official file's size in bytes, for progress bars before its length is known. */
export const VGG19_NOTOP_BYTES = 80_134_624;
const SHARD = 'group1-shard1of1.bin';

export interface Vgg19Artifacts extends Float16ModelFiles {
	widths: number[];
}

export interface ImportVgg19Options {
	/** Names the source in error messages (a file name). */
	label: string;
	/** Refuse files whose block widths are not VGG19's (64, 128, 256, 512, 512). */
	requireOfficialWidths: boolean;
	/** Reports each conv layer read (1…16 of 16). */
	onLayer?: (name: string, index: number, total: number) => void;
}

/** Reads the .h5 bytes and builds the float16 artifacts; holds no tensors when it returns. */
export async function importKerasVgg19(
	bytes: ArrayBuffer,
	opts: ImportVgg19Options
): Promise<Vgg19Artifacts> {
	const { widths, weights } = readKerasVgg19(bytes, opts.label, opts.onLayer);
	try {
		if (opts.requireOfficialWidths && widths.join() !== VGG19_WIDTHS.join()) {
			throw new Error(
				`${opts.label}: block widths ${widths.join(', ')} are not VGG19's ${VGG19_WIDTHS.join(', ')}`
			);
		}
		const model = buildVgg19Features({ widths, weights });
		try {
			return { ...float16ModelFiles(await modelArtifacts(model), SHARD), widths };
		} finally {
			model.dispose();
		}
	} finally {
		for (const w of weights.values()) tf.dispose([w.kernel, w.bias]);
	}
}

/** The catalogue entry for an imported VGG19; `files` are paths relative to `weights/`. */
export function vgg19CatalogueEntry(
	version: string,
	files: CatalogueModel['files'],
	imported: Pick<Vgg19Artifacts, 'params' | 'widths'>,
	command: string
): CatalogueModel {
	return {
		name: VGG19_NAME,
		kind: 'vgg19-features',
		version,
		files,
		params: imported.params,
		inputShape: [null, null, 3],
		outputShape: [null, null, imported.widths[4] ?? 0],
		training: {
			data: 'ImageNet (ILSVRC-2012), trained by Simonyan & Zisserman; Keras applications weights (block1_conv1 … block5_conv1 kept)',
			licence: 'CC BY 4.0 (VGG weights, Visual Geometry Group, University of Oxford)',
			command
		}
	};
}

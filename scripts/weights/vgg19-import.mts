/** Builds the float16 VGG19 feature extractor from a Keras weights file and publishes it. */
import * as tf from '@tensorflow/tfjs-core';
import { buildVgg19Features, VGG19_WIDTHS } from '../../src/lib/ml/models/vgg/model';
import { modelArtifacts, upsertManifest, writeFloat16Artifacts, type ManifestEntry } from '../pretrain/artifacts.mts';
import { readKerasVgg19 } from './vgg19-h5.mts';
import { join } from 'node:path';

export const VGG19_NAME = 'vgg19';

export interface ImportVggOptions {
	file: string;
	weightsDir: string;
	version: string;
	/** Refuse files whose block widths are not VGG19's (64, 128, 256, 512, 512). */
	requireOfficialWidths: boolean;
	command: string;
}

/** Reads the .h5, builds the model, writes weights/vgg19/<version>/ and the manifest entry. */
export async function importVgg19(opts: ImportVggOptions): Promise<ManifestEntry> {
	const { widths, weights } = await readKerasVgg19(opts.file);
	try {
		if (opts.requireOfficialWidths && widths.join() !== VGG19_WIDTHS.join()) {
			throw new Error(`${opts.file}: block widths ${widths.join(', ')} are not VGG19's ${VGG19_WIDTHS.join(', ')}`);
		}
		const model = buildVgg19Features({ widths, weights });
		try {
			const written = await writeFloat16Artifacts(await modelArtifacts(model), opts.weightsDir, VGG19_NAME, opts.version);
			const entry: ManifestEntry = {
				name: VGG19_NAME,
				kind: 'vgg19-features',
				version: opts.version,
				files: written.files,
				params: written.params,
				inputShape: [null, null, 3],
				outputShape: [null, null, widths[4] ?? 0],
				training: {
					data: 'ImageNet (ILSVRC-2012), trained by Simonyan & Zisserman; Keras applications weights (block1_conv1 … block5_conv1 kept)',
					licence: 'CC BY 4.0 (VGG weights, Visual Geometry Group, University of Oxford)',
					command: opts.command
				}
			};
			await upsertManifest(join(opts.weightsDir, 'manifest.json'), entry);
			return entry;
		} finally {
			model.dispose();
		}
	} finally {
		for (const w of weights.values()) tf.dispose([w.kernel, w.bias]);
	}
}

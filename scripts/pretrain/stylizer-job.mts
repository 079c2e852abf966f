/**
 * Pretraining jobs for the fast stylizers, one per built-in painting (`stylizer-<style id>`):
 * the phone-sized transformer network of src/lib/ml/models/stylizer trained with the perceptual
 * loss on content photos (Train400, plus scikit-image's colour photos when they can be fetched).
 * The loss network is the VGG-free random multi-scale features, since the official VGG19 weights
 * cannot be fetched here; the manifest says so, and a VGG19-trained stylizer replaces it by
 * bumping the version once VGG19 is installed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import jpeg from 'jpeg-js';
import { STYLES, credit } from '../../src/lib/photo/styles';
import { fitWithin } from '../../src/lib/photo-worker/stylize';
import {
	buildRandomFeatures,
	RANDOM_FEATURES_DEFAULTS,
	randomFeatureLayers
} from '../../src/lib/ml/models/style/random-features';
import { StylizerTrainer } from '../../src/lib/ml/models/stylizer/train';
import {
	STYLIZER_BATCH,
	STYLIZER_CROP,
	STYLIZER_STRUCTURE_WEIGHT,
	stylizerLossWeights
} from '../../src/lib/ml/models/stylizer/recipe';
import { loadColourPhotos } from './colour-photos.mts';
import { createPatchProvider, toChannels, type ByteImage } from '../../src/lib/ml/data/patches';
import { readPngFolder } from './patches.mts';
import type { Job } from './jobs.mts';

/** The random-feature network's loss weights, as the app trains its stylizers too. */
const LOSS = stylizerLossWeights(RANDOM_FEATURES_DEFAULTS.weights, true);
/** Held-out photos scored at the end (centre crops). */
const VAL_CROPS = 8;

interface StylizerJobsOptions {
	train400Dir: string;
	train400Data: string;
	train400Licence: string;
	/** Train400's held-out tail (also held out here). */
	holdout: number;
}

/** The painting as [h, w, 3] in [0, 1], long side 256 (the scale the loss sees its strokes at). */
async function readStyle(file: string): Promise<tf.Tensor3D> {
	const img = jpeg.decode(await readFile(file), { useTArray: true, formatAsRGBA: true });
	return tf.tidy(() => {
		const rgba = tf.tensor3d(img.data, [img.height, img.width, 4], 'float32');
		const rgb = tf.div(tf.slice(rgba, [0, 0, 0], [-1, -1, 3]), 255) as tf.Tensor3D;
		return fitWithin(rgb, 256);
	});
}

/** Centre crops of the held-out photos as one batch. */
function centreCrops(images: ByteImage[], size: number): tf.Tensor4D {
	return tf.tidy(() =>
		tf.stack(
			images.map((img) => {
				const x0 = Math.floor((img.width - size) / 2);
				const y0 = Math.floor((img.height - size) / 2);
				const t = tf.tensor3d(img.data, [img.height, img.width, img.channels], 'float32');
				return tf.div(tf.slice(t, [y0, x0, 0], [size, size, 3]), 255);
			})
		)
	) as tf.Tensor4D;
}

/** One job per built-in style. */
export function stylizerJobs(o: StylizerJobsOptions): Job[] {
	return STYLES.map((style) => ({
		name: `stylizer-${style.id}`,
		kind: 'stylizer',
		version: '1',
		batchSize: STYLIZER_BATCH,
		budget: 1800,
		data: `Content: ${o.train400Data} (as RGB), plus scikit-image's colour photographs when available. Style: ${credit(style)} (public domain). Loss network: random multi-scale features (after Ustyuzhaninov et al. 2017; VGG19 not installed), plus a coarse-luminance term (weight ${STYLIZER_STRUCTURE_WEIGHT}) that keeps the photo's shapes.`,
		licence: `${o.train400Licence}; the painting is in the public domain`,
		async prepare({ seed, evalLimit, small, images }) {
			let photos = images ?? (await readPngFolder(o.train400Dir, 3));
			const holdout = Math.max(1, Math.min(o.holdout, Math.floor(photos.length / 5)));
			const val = photos.slice(photos.length - holdout).slice(0, evalLimit ?? VAL_CROPS);
			photos = photos.slice(0, photos.length - holdout);
			if (!images) {
				try {
					const colour = await loadColourPhotos('.cache/datasets/skimage', (l) => console.error(l));
					photos = [...photos, ...colour.map((c) => toChannels(c, 3))];
				} catch (err) {
					console.error(`colour photos unavailable, training on Train400 only: ${String(err)}`);
				}
			}
			const crop = small ? 16 : STYLIZER_CROP;
			const styleImage = await readStyle(join('static', 'styles', `${style.id}.jpg`));
			const features = buildRandomFeatures(small ? { scales: 3, filters: 4 } : {});
			const layers = randomFeatureLayers(small ? 3 : 4);
			const trainer = new StylizerTrainer({
				size: 'phone',
				...(small ? { channels: 4, residualBlocks: 1 } : {}),
				seed,
				features,
				contentLayer: layers.content,
				styleLayers: layers.style,
				style: styleImage,
				weights: LOSS.weights,
				structureWeight: LOSS.structureWeight
			});
			return {
				trainer,
				data: createPatchProvider({ images: photos, patchSize: crop, seed }),
				exportModel: () => trainer.model,
				async evaluate(log) {
					const x = centreCrops(
						val.filter((v) => v.width >= crop && v.height >= crop),
						crop
					);
					const target = trainer.contentTarget(x);
					const t = trainer.losses(x, target);
					// The photo's own distance from the painting's statistics: what the stylizer closes.
					const self = trainer.losses(x, target, false, true);
					const [content, styleLoss, tv, photoStyle, structure] = await Promise.all(
						[t.content, t.style, t.tv, self.style, t.structure].map(
							async (s) => (await s.data())[0]!
						)
					);
					tf.dispose([x, target, ...Object.values(t), ...Object.values(self)]);
					const metrics = {
						val_images: val.length,
						val_content_loss: content!,
						val_style_loss: styleLoss!,
						val_tv: tv!,
						val_structure_loss: structure!,
						val_photo_style_loss: photoStyle!,
						val_style_ratio: styleLoss! / photoStyle!
					};
					log(
						`held-out crops: style loss ${styleLoss!.toExponential(3)} (the photos themselves ${photoStyle!.toExponential(3)}, ratio ${metrics.val_style_ratio.toFixed(3)}), content loss ${content!.toExponential(3)}, structure loss ${structure!.toExponential(3)}`
					);
					return metrics;
				},
				dispose: () => {
					trainer.dispose();
					features.dispose();
					styleImage.dispose();
				}
			};
		}
	}));
}

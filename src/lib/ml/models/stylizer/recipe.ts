/**
 * The training recipe the project's stylizers share (the pretraining script and the app's "Train a
 * stylizer for this style"): crop size and how the perceptual loss is weighted on a feature network.
 */
import type { GatysWeights } from '../style/gatys';

/** Crop side during training: big enough for the painting's strokes, small enough for a CPU. */
export const STYLIZER_CROP = 96;

/** Photos per training step (the shipped stylizers used 4). */
export const STYLIZER_BATCH = 4;

/**
 * δ of the coarse-luminance term (see ./train.ts) on the random-feature network: without it a
 * stylizer trained on the random features let the photo's shapes dissolve into the painting's
 * colour fields (a 36-minute run, 891 steps: content loss 0.0136 against a weighted style term of
 * about 0.06).
 */
export const STYLIZER_STRUCTURE_WEIGHT = 10;

/**
 * The loss weights for a stylizer trained on a feature network whose optimisation weights are
 * `network`: a feed-forward network must keep the photo's structure by itself (the optimisation
 * starts from the photo and gets that for free), so content counts 10× more than there. The
 * structure term is for the random features only; VGG19's content layer already holds shapes.
 */
export function stylizerLossWeights(
	network: GatysWeights,
	random: boolean
): { weights: GatysWeights; structureWeight: number } {
	return {
		weights: { ...network, content: 10 * network.content },
		structureWeight: random ? STYLIZER_STRUCTURE_WEIGHT : 0
	};
}

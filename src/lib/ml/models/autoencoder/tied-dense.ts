/**
 * A dense layer that reuses another dense layer's kernel, transposed: y = act(x·Wᵀ + b).
 * Tied weights (as in Vincent et al. 2010, "Stacked Denoising Autoencoders") halve the parameters
 * of an autoencoder: the decoder owns only its biases, and gradients from both uses of W add up
 * on the single variable. The link is by layer name so the layer serialises; after
 * `tf.loadLayersModel`, call `linkTiedLayers` with every model that holds the source layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
	initializers,
	layers,
	type LayersModel,
	type LayerVariable,
	type Shape
} from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';

export type TiedActivation = 'linear' | 'relu' | 'sigmoid';

export interface TiedDenseArgs {
	/** The dense layer whose kernel [units, inputDim] this layer uses transposed, or its name. */
	tiedTo: layers.Layer | string;
	units: number;
	activation?: TiedActivation;
	name?: string;
}

/** y = act(x·Wᵀ + b) with W the kernel of `tiedTo`. */
export class TiedDense extends layers.Layer {
	static readonly className = 'LatentLabTiedDense';
	readonly units: number;
	readonly activationName: TiedActivation;
	readonly tiedTo: string;
	private source?: layers.Layer;
	private bias?: LayerVariable;

	constructor(args: TiedDenseArgs) {
		super({ name: args.name });
		this.units = args.units;
		this.activationName = args.activation ?? 'linear';
		if (typeof args.tiedTo === 'string') this.tiedTo = args.tiedTo;
		else {
			this.tiedTo = args.tiedTo.name;
			this.source = args.tiedTo;
		}
	}

	/** Attaches the source layer (used after deserialisation, when only its name is known). */
	link(source: layers.Layer): void {
		if (source.name !== this.tiedTo && snakeToCamel(source.name) !== this.tiedTo) {
			throw new Error(`TiedDense ${this.name} is tied to '${this.tiedTo}', not '${source.name}'`);
		}
		this.source = source;
	}

	get linked(): boolean {
		return this.source !== undefined;
	}

	override build(inputShape: Shape | Shape[]): void {
		const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
		if (shape.length !== 2) throw new Error(`TiedDense expects [batch, features], got [${shape}]`);
		this.bias = this.addWeight('bias', [this.units], 'float32', initializers.zeros());
		this.built = true;
	}

	override computeOutputShape(inputShape: Shape | Shape[]): Shape {
		const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
		return [shape[0] ?? null, this.units];
	}

	/** The source kernel W, shape [units, inputDim]. */
	private kernel(): tf.Tensor2D {
		if (!this.source) {
			throw new Error(
				`TiedDense ${this.name} is not linked to '${this.tiedTo}'; call linkTiedLayers() after loading`
			);
		}
		const w = this.source.trainableWeights.find((v) => v.originalName.endsWith('kernel'));
		if (!w) throw new Error(`layer '${this.tiedTo}' has no kernel to tie to`);
		const k = w.read() as tf.Tensor2D;
		if (k.shape[0] !== this.units) {
			throw new Error(
				`TiedDense ${this.name}: kernel [${k.shape}] has ${k.shape[0]} rows, expected ${this.units}`
			);
		}
		return k;
	}

	override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
		return tf.tidy(() => {
			const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
			if (!this.bias) throw new Error(`TiedDense ${this.name} was called before build()`);
			const y = tf.add(tf.matMul(x, this.kernel(), false, true), this.bias.read());
			if (this.activationName === 'relu') return tf.relu(y);
			if (this.activationName === 'sigmoid') return tf.sigmoid(y);
			return y;
		});
	}

	override getConfig(): tf.serialization.ConfigDict {
		return {
			...super.getConfig(),
			tiedTo: this.tiedTo,
			units: this.units,
			activation: this.activationName
		};
	}
}
tf.serialization.registerClass(TiedDense);

/** Links every TiedDense in `models` to its source layer, searching all of them (and nested models). */
export function linkTiedLayers(models: LayersModel[]): void {
	const all: layers.Layer[] = [];
	const walk = (ls: layers.Layer[]): void => {
		for (const l of ls) {
			all.push(l);
			const nested = (l as Partial<LayersModel>).layers;
			if (Array.isArray(nested)) walk(nested);
		}
	};
	walk(models.flatMap((m) => m.layers));
	for (const l of all) {
		if (l instanceof TiedDense && !l.linked) {
			// tfjs turns snake_case strings in configs into camelCase on load, so accept both spellings.
			const src = all.find(
				(s) =>
					(s.name === l.tiedTo || snakeToCamel(s.name) === l.tiedTo) && !(s instanceof TiedDense)
			);
			if (!src) throw new Error(`no layer named '${l.tiedTo}' to tie ${l.name} to`);
			l.link(src);
		}
	}
}

function snakeToCamel(s: string): string {
	return s.replace(/_+(.)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The trainable model families as plain data: kinds, loss names and hyper-parameters with
 * defaults and ranges. The page renders forms and URLs from this without loading tfjs; the
 * worker's catalog.ts adds how to build and preview each family.
 */

export type ParamValue = number | string | boolean;
export type HyperParams = Record<string, ParamValue>;

export type ParamSpec =
	| {
			key: string;
			type: 'int' | 'number';
			default: number;
			min: number;
			max: number;
			step?: number;
			log?: boolean;
	  }
	| { key: string; type: 'select'; default: string; options: readonly string[] }
	| { key: string; type: 'bool'; default: boolean };

export interface FamilySpec {
	kind: string;
	/** Loss names in the order the chart shows them. */
	losses: readonly string[];
	params: readonly ParamSpec[];
}

const COMMON: readonly ParamSpec[] = [
	{ key: 'steps', type: 'int', default: 600, min: 1, max: 100_000 },
	{ key: 'batchSize', type: 'int', default: 64, min: 1, max: 512 },
	{ key: 'seed', type: 'int', default: 4, min: 0, max: 2 ** 31 - 1 }
];

function withSteps(steps: number): readonly ParamSpec[] {
	return COMMON.map((p) => (p.key === 'steps' && p.type === 'int' ? { ...p, default: steps } : p));
}

function convAeSpec(denoising: boolean): FamilySpec {
	return {
		kind: denoising ? 'conv-dae' : 'conv-ae',
		losses: ['loss'],
		params: [
			{ key: 'latentSize', type: 'int', default: 32, min: 2, max: 256 },
			{ key: 'learningRate', type: 'number', default: 1e-3, min: 1e-5, max: 0.1, log: true },
			...(denoising
				? ([
						{ key: 'noise', type: 'select', default: 'gaussian', options: ['gaussian', 'masking'] },
						{ key: 'noiseLevel', type: 'number', default: 0.3, min: 0, max: 1, step: 0.05 }
					] as const)
				: []),
			...COMMON
		]
	};
}

const LR = (d: number): ParamSpec => ({
	key: 'learningRate',
	type: 'number',
	default: d,
	min: 1e-5,
	max: 0.1,
	log: true
});

export const FAMILY_SPECS: Readonly<Record<string, FamilySpec>> = {
	'dense-ae': {
		kind: 'dense-ae',
		losses: ['loss'],
		params: [
			{ key: 'latentSize', type: 'int', default: 32, min: 2, max: 256 },
			{ key: 'hidden', type: 'int', default: 256, min: 8, max: 1024 },
			LR(1e-3),
			...withSteps(600)
		]
	},
	'stacked-ae': {
		kind: 'stacked-ae',
		losses: ['loss'],
		params: [
			{ key: 'latentSize', type: 'int', default: 32, min: 2, max: 256 },
			{ key: 'tiedWeights', type: 'bool', default: true },
			LR(1e-3),
			...withSteps(600)
		]
	},
	vae: {
		kind: 'vae',
		losses: ['loss', 'recon', 'kl'],
		params: [
			{ key: 'latentSize', type: 'int', default: 2, min: 2, max: 64 },
			{ key: 'beta', type: 'number', default: 1, min: 0, max: 10, step: 0.1 },
			LR(1e-3),
			...withSteps(600)
		]
	},
	gan: {
		kind: 'gan',
		losses: ['d', 'g'],
		params: [
			{ key: 'latentSize', type: 'int', default: 64, min: 2, max: 256 },
			LR(2e-4),
			{ key: 'labelSmoothing', type: 'bool', default: true },
			...withSteps(600)
		]
	},
	'conv-ae': convAeSpec(false),
	'conv-dae': convAeSpec(true),
	dcgan: {
		kind: 'dcgan',
		losses: ['d', 'g', 'dReal', 'dFake'],
		params: [
			{ key: 'latentSize', type: 'int', default: 100, min: 2, max: 256 },
			{ key: 'learningRate', type: 'number', default: 2e-4, min: 1e-5, max: 0.01, log: true },
			{ key: 'labelSmoothing', type: 'bool', default: true },
			...withSteps(300)
		]
	}
};

/** Families that sample new images from noise or a latent code (the /generate page, the Worker). */
export const GENERATIVE_KINDS: ReadonlySet<string> = new Set(['dcgan', 'gan', 'vae']);

/** The spec for `kind`, or undefined when unknown (a stale link, a typo). */
export function findSpec(kind: string): FamilySpec | undefined {
	return Object.hasOwn(FAMILY_SPECS, kind) ? FAMILY_SPECS[kind] : undefined;
}

/** Fills in defaults and clamps user input (URL, form) into each parameter's range. */
export function normaliseParams(spec: FamilySpec, input: Record<string, unknown>): HyperParams {
	const out: HyperParams = {};
	for (const p of spec.params) {
		const raw = input[p.key];
		if (p.type === 'bool') {
			out[p.key] =
				typeof raw === 'boolean'
					? raw
					: raw === 'true'
						? true
						: raw === 'false'
							? false
							: p.default;
		} else if (p.type === 'select') {
			out[p.key] = typeof raw === 'string' && p.options.includes(raw) ? raw : p.default;
		} else {
			const n =
				typeof raw === 'number'
					? raw
					: typeof raw === 'string' && raw.trim() !== ''
						? Number(raw)
						: NaN;
			let v = Number.isFinite(n) ? Math.min(p.max, Math.max(p.min, n)) : p.default;
			if (p.type === 'int') v = Math.round(v);
			out[p.key] = v;
		}
	}
	return out;
}

/**
 * Seeded 3-D point clouds for the manifold-learning demos (PCA vs. autoencoder embeddings).
 * Each point has a colour parameter `t` that runs along the manifold, so a good 2-D embedding
 * shows a smooth colour gradient. Swiss roll and S-curve follow scikit-learn's definitions.
 */
import { createRng } from '../random';

export type Toy3dKind = 'swiss-roll' | 's-curve' | 'flower-bud';

export interface Toy3dOptions {
	n: number;
	seed: number;
	/** Standard deviation of isotropic Gaussian noise added to every coordinate (default 0). */
	noise?: number;
}

/** n points: `points` is [n, 3] row-major (x, y, z); `t` is the colour parameter of each point. */
export interface PointCloud {
	points: Float32Array;
	t: Float32Array;
	n: number;
	/**
	 * For the clouds that are a bent flat sheet: each point's coordinates on the sheet laid flat,
	 * [n, 2] row-major (arc length along the bend, height), the layout a perfect unrolling recovers.
	 */
	sheet?: Float32Array;
}

/** A sample: x, y, z, the colour parameter and, for flat sheets, the two sheet coordinates. */
type Sample = [number, number, number, number] | [number, number, number, number, number, number];

/** Arc length of the spiral (t·cos t, t·sin t) from 0 to t: ½·(t·√(1 + t²) + asinh t). */
export function swissRollArcLength(t: number): number {
	return 0.5 * (t * Math.sqrt(1 + t * t) + Math.asinh(t));
}

/** Swiss roll: t = 1.5π(1 + 2u), (x, y, z) = (t·cos t, 21·v, t·sin t), u, v ~ U(0, 1). */
export function makeSwissRoll(opts: Toy3dOptions): PointCloud {
	return generate(opts, (rng) => {
		const t = 1.5 * Math.PI * (1 + 2 * rng.next());
		const y = 21 * rng.next();
		return [t * Math.cos(t), y, t * Math.sin(t), t, swissRollArcLength(t), y];
	});
}

/** S-curve: t = 3π(u − ½), (x, y, z) = (sin t, 2v, sign(t)·(cos t − 1)). */
export function makeSCurve(opts: Toy3dOptions): PointCloud {
	return generate(opts, (rng) => {
		const t = 3 * Math.PI * (rng.next() - 0.5);
		const y = 2 * rng.next();
		// Two unit-radius arcs: arc length along the curve is t itself.
		return [Math.sin(t), y, Math.sign(t) * (Math.cos(t) - 1), t, t, y];
	});
}

/** Petals of a bud that closes at the top. */
const PETALS = 5;

/**
 * Flower bud: height h ~ U(0, 1) and angle θ ~ U(0, 2π);
 * r = sin(0.9πh)·(0.55 + 0.45·|cos(PETALS·θ/2)|), (x, y, z) = (r·cos θ, 2h, r·sin θ), t = h.
 */
export function makeFlowerBud(opts: Toy3dOptions): PointCloud {
	return generate(opts, (rng) => {
		const h = rng.next();
		const theta = 2 * Math.PI * rng.next();
		const r =
			Math.sin(0.9 * Math.PI * h) * (0.55 + 0.45 * Math.abs(Math.cos((PETALS * theta) / 2)));
		return [r * Math.cos(theta), 2 * h, r * Math.sin(theta), h];
	});
}

/** Any of the clouds by name. */
export function makeToy3d(kind: Toy3dKind, opts: Toy3dOptions): PointCloud {
	switch (kind) {
		case 'swiss-roll':
			return makeSwissRoll(opts);
		case 's-curve':
			return makeSCurve(opts);
		case 'flower-bud':
			return makeFlowerBud(opts);
	}
}

function generate(
	opts: Toy3dOptions,
	sample: (rng: ReturnType<typeof createRng>) => Sample
): PointCloud {
	const { n, seed, noise = 0 } = opts;
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
	const rng = createRng(seed);
	const points = new Float32Array(n * 3);
	const t = new Float32Array(n);
	let sheet: Float32Array | undefined;
	for (let i = 0; i < n; i++) {
		const s = sample(rng);
		const [x, y, z, ti] = s;
		if (s.length === 6) {
			sheet ??= new Float32Array(n * 2);
			sheet[2 * i] = s[4];
			sheet[2 * i + 1] = s[5];
		}
		points[3 * i] = x + (noise > 0 ? noise * rng.normal() : 0);
		points[3 * i + 1] = y + (noise > 0 ? noise * rng.normal() : 0);
		points[3 * i + 2] = z + (noise > 0 ? noise * rng.normal() : 0);
		t[i] = ti;
	}
	return sheet ? { points, t, n, sheet } : { points, t, n };
}

/** Pure helpers for the explore scatters: fitting points into a canvas, picking, colours. */

export interface ScatterScale {
	/** Canvas x of data x. */
	x(v: number): number;
	/** Canvas y of data y (up is up). */
	y(v: number): number;
}

/** Maps interleaved (x, y) data into a width×height box with `pad` pixels of margin, equal aspect. */
export function fitScale(
	xy: ArrayLike<number>,
	width: number,
	height: number,
	pad = 8
): ScatterScale {
	let x0 = Infinity;
	let x1 = -Infinity;
	let y0 = Infinity;
	let y1 = -Infinity;
	for (let i = 0; i + 1 < xy.length; i += 2) {
		const a = xy[i] ?? 0;
		const b = xy[i + 1] ?? 0;
		if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
		x0 = Math.min(x0, a);
		x1 = Math.max(x1, a);
		y0 = Math.min(y0, b);
		y1 = Math.max(y1, b);
	}
	if (!Number.isFinite(x0)) {
		x0 = y0 = -1;
		x1 = y1 = 1;
	}
	const spanX = x1 - x0 || 1;
	const spanY = y1 - y0 || 1;
	const s = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
	// Centre the shorter extent.
	const ox = (width - s * spanX) / 2;
	const oy = (height - s * spanY) / 2;
	return { x: (v) => ox + (v - x0) * s, y: (v) => height - oy - (v - y0) * s };
}

/** Index of the point nearest to canvas position (px, py) within `radius` pixels, or -1. */
export function nearestPoint(
	xy: ArrayLike<number>,
	scale: ScatterScale,
	px: number,
	py: number,
	radius = 12
): number {
	let best = -1;
	let bestD = radius * radius;
	for (let i = 0; i + 1 < xy.length; i += 2) {
		const dx = scale.x(xy[i] ?? 0) - px;
		const dy = scale.y(xy[i + 1] ?? 0) - py;
		const d = dx * dx + dy * dy;
		if (d <= bestD) {
			bestD = d;
			best = i / 2;
		}
	}
	return best;
}

/** Ten distinct colours (Tableau 10) for class labels. */
export const CLASS_COLOURS = [
	'#4e79a7',
	'#f28e2b',
	'#e15759',
	'#76b7b2',
	'#59a14f',
	'#edc948',
	'#b07aa1',
	'#ff9da7',
	'#9c755f',
	'#bab0ac'
] as const;

/** A blue → green → yellow ramp for a continuous value u in [0, 1]. */
export function rampColour(u: number): string {
	const v = Math.max(0, Math.min(1, Number.isFinite(u) ? u : 0));
	const stops = [
		[68, 1, 84],
		[59, 82, 139],
		[33, 145, 140],
		[94, 201, 98],
		[253, 231, 37]
	] as const;
	const f = v * (stops.length - 1);
	const i = Math.min(stops.length - 2, Math.floor(f));
	const w = f - i;
	const a = stops[i]!;
	const b = stops[i + 1]!;
	const c = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * w);
	return `rgb(${c(0)}, ${c(1)}, ${c(2)})`;
}

/** Min and max of finite values (0, 1 when there are none). */
export function extent(values: ArrayLike<number>): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i] ?? 0;
		if (!Number.isFinite(v)) continue;
		lo = Math.min(lo, v);
		hi = Math.max(hi, v);
	}
	return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

/**
 * Orthographic view of interleaved (x, y, z) points from a camera orbiting the vertical axis:
 * turn by `yawDeg` about y, then tilt by `pitchDeg` about the screen's x axis; returns (x, y).
 */
export function orbitView(xyz: ArrayLike<number>, yawDeg: number, pitchDeg: number): Float32Array {
	const n = Math.floor(xyz.length / 3);
	const a = (yawDeg * Math.PI) / 180;
	const b = (pitchDeg * Math.PI) / 180;
	const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
	const out = new Float32Array(2 * n);
	for (let i = 0; i < n; i++) {
		const x = xyz[3 * i] ?? 0;
		const y = xyz[3 * i + 1] ?? 0;
		const z = xyz[3 * i + 2] ?? 0;
		const depth = -x * sa + z * ca;
		out[2 * i] = x * ca + z * sa;
		out[2 * i + 1] = y * cb + depth * sb;
	}
	return out;
}

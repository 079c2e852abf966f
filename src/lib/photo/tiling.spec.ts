import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from './image';
import { axisWeights, planTiles, runTiled, tileStarts } from './tiling';

function random(w: number, h: number, seed = 1): RgbaImage {
	const img = createImage(w, h);
	let s = seed;
	for (let i = 0; i < img.data.length; i++) {
		s = (Math.imul(s, 1103515245) + 12345) >>> 0;
		img.data[i] = s >>> 24;
	}
	return img;
}

function map(img: RgbaImage, f: (v: number, c: number) => number): RgbaImage {
	const out = createImage(img.width, img.height);
	for (let i = 0; i < img.data.length; i++) out.data[i] = f(img.data[i] ?? 0, i % 4);
	return out;
}

describe('tile planning', () => {
	it('covers the axis with at least the asked overlap and ends flush', () => {
		for (const len of [1, 100, 256, 257, 500, 1000, 4032]) {
			const s = tileStarts(len, 256, 32);
			expect(s[0]).toBe(0);
			const last = s[s.length - 1] ?? 0;
			expect(last + Math.min(256, len)).toBe(len);
			for (let i = 1; i < s.length; i++) {
				const overlap = (s[i - 1] ?? 0) + 256 - (s[i] ?? 0);
				expect(overlap).toBeGreaterThanOrEqual(32);
				expect(s[i]).toBeGreaterThan(s[i - 1] ?? 0);
			}
		}
	});

	it('plans a 12-megapixel photo (4032×3024) into a bounded number of 512 px tiles', () => {
		const tiles = planTiles(4032, 3024, { tile: 512, overlap: 32 });
		expect(tiles.length).toBe(9 * 7);
		expect(tiles.every((t) => t.width === 512 && t.height === 512)).toBe(true);
	});

	it('ramps weights only where a neighbour overlaps', () => {
		const w = axisWeights(100, 10, 104, 106);
		expect(Array.from(w.subarray(0, 4)).every((v) => v > 0 && v < 1)).toBe(true);
		expect(w[0]).toBeLessThan(w[3] ?? 0);
		expect(w[9]).toBeLessThan(w[6] ?? 0);
		expect(Array.from(axisWeights(0, 8))).toEqual(Array(8).fill(1));
	});
});

describe('runTiled', () => {
	it('with the identity reproduces the image exactly (odd sizes, many tiles)', async () => {
		const img = random(301, 177);
		let calls = 0;
		const out = await runTiled(img, (t) => (calls++, t), { tile: 64, overlap: 16 });
		expect(calls).toBeGreaterThan(12);
		expect(Buffer.from(out.data).equals(Buffer.from(img.data))).toBe(true);
	});

	it('with a pointwise function equals that function on the whole image', async () => {
		const img = random(200, 130, 7);
		const f = (v: number, c: number) => (c === 3 ? v : 255 - Math.round(v * 0.7));
		const tiled = await runTiled(img, (t) => map(t, f), { tile: 48, overlap: 12 });
		expect(Buffer.from(tiled.data).equals(Buffer.from(map(img, f).data))).toBe(true);
	});

	it('blends seams: tiles that disagree meet in a smooth ramp, not a step', async () => {
		// Each tile paints itself one flat value (its column index × 100): a hard seam if not blended.
		const img = createImage(112, 8);
		const out = await runTiled(
			img,
			(t, rect) => {
				const v = rect.x === 0 ? 0 : 200;
				const o = createImage(t.width, t.height);
				o.data.fill(v);
				return o;
			},
			{ tile: 64, overlap: 16 }
		);
		const row = Array.from({ length: 112 }, (_, x) => out.data[(4 * 112 + x) * 4] ?? 0);
		expect(row[0]).toBe(0);
		expect(row[111]).toBe(200);
		// Monotone, and no jump between neighbours larger than 200/16 + rounding.
		for (let x = 1; x < 112; x++) {
			expect(row[x]).toBeGreaterThanOrEqual(row[x - 1] ?? 0);
			expect((row[x] ?? 0) - (row[x - 1] ?? 0)).toBeLessThanOrEqual(Math.ceil(200 / 16) + 1);
		}
	});

	it('reports progress with an ETA and stops when aborted', async () => {
		const img = random(128, 128);
		const seen: number[] = [];
		let t = 0;
		const ctrl = new AbortController();
		const run = runTiled(
			img,
			(tile) => {
				t += 10;
				if (seen.length === 2) ctrl.abort();
				return tile;
			},
			{
				tile: 48,
				overlap: 8,
				signal: ctrl.signal,
				now: () => t,
				onProgress: (p) => {
					seen.push(p.done);
					expect(p.etaSeconds).toBeCloseTo(((p.elapsedMs / p.done) * (p.total - p.done)) / 1000);
				}
			}
		);
		await expect(run).rejects.toThrow();
		expect(seen).toEqual([1, 2, 3]);
	});

	it('handles a 12-megapixel photo (4032×3024) in 512 px tiles, exactly, with a bounded strip', async () => {
		const img = createImage(4032, 3024);
		for (let i = 0; i < img.data.length; i += 4099) img.data[i] = (i >> 4) & 0xff;
		const t0 = performance.now();
		let tiles = 0;
		const out = await runTiled(img, (t) => (tiles++, t), { tile: 512, overlap: 32 });
		const s = (performance.now() - t0) / 1000;
		console.log(
			`[tiling] 12 MP identity: ${tiles} tiles in ${s.toFixed(2)} s (${(12.19 / s).toFixed(1)} MP/s of blending)`
		);
		expect(tiles).toBe(63);
		expect(Buffer.from(out.data).equals(Buffer.from(img.data))).toBe(true);
	});

	it('refuses a tile function that changes the size', async () => {
		await expect(
			runTiled(random(40, 40), () => createImage(3, 3), { tile: 32, overlap: 8 })
		).rejects.toThrow(/expected 32×32/);
	});
});

import { describe, expect, it } from 'vitest';
import { makeToy3d } from '../../data/toy3d';
import { neighbourAgreement } from '../../metrics';
import { fitPca, projectPca } from '../pca/model';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fitIsomap, geodesicDistances, neighbourGraph } from './model';

describe('Isomap', () => {
	it('builds a symmetric k-nearest-neighbour graph with Euclidean edge lengths', () => {
		const pts = Float32Array.from([0, 0, 1, 0, 3, 0, 7, 0]);
		const g = neighbourGraph(pts, 2, 1);
		// 0↔1 (1), 1's nearest is 0, 2's nearest is 1 (2), 3's nearest is 2 (4).
		expect([...g.to[1]!].sort()).toEqual([0, 2]);
		expect([...g.to[3]!]).toEqual([2]);
		for (let i = 0; i < 4; i++) {
			for (const [e, j] of g.to[i]!.entries()) {
				expect(g.to[j]).toContain(i);
				expect(g.length[i]![e]).toBeCloseTo(Math.abs(pts[2 * i]! - pts[2 * j]!));
			}
		}
		expect(() => neighbourGraph(pts, 2, 4)).toThrow(RangeError);
	});

	it('measures geodesics along the graph, not across it', () => {
		// Points on a half circle: the geodesic between the ends is the arc (π), not the chord (2).
		const n = 201;
		const pts = new Float32Array(n * 2);
		for (let i = 0; i < n; i++) {
			pts[2 * i] = Math.cos((Math.PI * i) / (n - 1));
			pts[2 * i + 1] = Math.sin((Math.PI * i) / (n - 1));
		}
		const d = geodesicDistances(neighbourGraph(pts, 2, 2), 0);
		expect(d[0]).toBe(0);
		expect(d[n - 1]).toBeCloseTo(Math.PI, 3);
		expect(d[(n - 1) / 2]).toBeCloseTo(Math.PI / 2, 3);
	});

	it('unrolls the swiss roll: neighbours on the flat sheet stay neighbours; PCA flattens it', () => {
		const cloud = makeToy3d('swiss-roll', { n: 1200, seed: 3 });
		const iso = fitIsomap(cloud.points, 3, { k: 10, landmarks: 200 });
		expect(iso.embedding.length).toBe(2400);
		expect(iso.landmarks.length).toBe(200);
		expect(new Set(iso.landmarks).size).toBe(200);
		expect(iso.eigenvalues[0]).toBeGreaterThan(iso.eigenvalues[1]!);
		const sheet = cloud.sheet!;
		const isoKept = neighbourAgreement(iso.embedding, 2, sheet, 2, { stride: 4 });
		const pca = fitPca(cloud.points, 3);
		const p = tf.tidy(() => projectPca(pca, tf.tensor2d(cloud.points, [1200, 3]), 2));
		const pcaKept = neighbourAgreement(p.dataSync(), 2, sheet, 2, { stride: 4 });
		p.dispose();
		expect(isoKept).toBeGreaterThan(0.8);
		// PCA keeps the spiral seen end-on and loses the height, or the reverse (0.51 here).
		expect(pcaKept).toBeLessThan(isoKept - 0.25);
		// The long axis of the embedding follows the arc length (up to sign).
		let sxy = 0;
		let sxx = 0;
		let syy = 0;
		const mean = (a: ArrayLike<number>, o: number) => {
			let s = 0;
			for (let i = 0; i < 1200; i++) s += a[2 * i + o]!;
			return s / 1200;
		};
		const mx = mean(iso.embedding, 0);
		const my = mean(sheet, 0);
		for (let i = 0; i < 1200; i++) {
			const a = iso.embedding[2 * i]! - mx;
			const b = sheet[2 * i]! - my;
			sxy += a * b;
			sxx += a * a;
			syy += b * b;
		}
		expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeGreaterThan(0.95);
	});

	it('with every point a landmark it is exact Isomap: a straight line keeps its distances', () => {
		const pts = Float32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? i / 3 : 0));
		const iso = fitIsomap(pts, 3, { k: 2, landmarks: 20, nComponents: 1 });
		for (let i = 1; i < 20; i++)
			expect(Math.abs(iso.embedding[i]! - iso.embedding[0]!)).toBeCloseTo(i, 4);
	});

	it('says so when the neighbour graph falls apart', () => {
		const pts = new Float32Array(40 * 3);
		for (let i = 0; i < 40; i++) pts[3 * i] = (i < 20 ? 0 : 100) + (i % 20) * 0.1;
		expect(() => fitIsomap(pts, 3, { k: 5 })).toThrow(/pieces/);
	});

	it('stops when aborted', () => {
		const cloud = makeToy3d('s-curve', { n: 300, seed: 1 });
		const stop = new AbortController();
		stop.abort();
		expect(() => fitIsomap(cloud.points, 3, { signal: stop.signal })).toThrow();
	});
});

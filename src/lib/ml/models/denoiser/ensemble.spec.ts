import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { dihedral, ENSEMBLE_SIZE, selfEnsemble, undoDihedral } from './ensemble';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** A 1×3×5×2 tensor whose every entry differs, so any misplaced pixel shows. */
const ramp = () => tf.reshape(tf.range(0, 30, 1, 'float32'), [1, 3, 5, 2]) as tf.Tensor4D;

describe('geometric self-ensemble', () => {
	it('gives the 8 distinct symmetries of a non-square image, each undone exactly', () => {
		const x = ramp();
		const seen = new Set<string>();
		for (let k = 0; k < ENSEMBLE_SIZE; k++) {
			const t = dihedral(x, k);
			// Odd numbers of quarter turns swap height and width.
			expect(t.shape).toEqual(k % 2 ? [1, 5, 3, 2] : [1, 3, 5, 2]);
			seen.add(JSON.stringify(t.arraySync()));
			const back = undoDihedral(t, k);
			expect(back.arraySync()).toEqual(x.arraySync());
			tf.dispose([t, back]);
		}
		expect(seen.size).toBe(8);
		// One quarter turn (flip columns, then transpose): new[i][j] = old[j][w − 1 − i].
		const q = dihedral(x, 1).arraySync()[0]!;
		const old = x.arraySync()[0]!;
		for (let i = 0; i < 5; i++)
			for (let j = 0; j < 3; j++) expect(q[i]![j]).toEqual(old[j]![4 - i]);
		x.dispose();
		expect(() => dihedral(x, 8)).toThrow(RangeError);
	});

	it('returns the input for an identity net, and averages a net that is not equivariant', () => {
		const x = ramp();
		const before = tf.memory().numTensors;
		const same = selfEnsemble((t) => tf.clone(t), x);
		expect(same.arraySync()).toEqual(x.arraySync());
		// f adds each pixel's column index: under the 8 symmetries the undone answers add, in
		// turn, the column, the mirrored column, the row and the mirrored row (twice each), so the
		// mean adds (j + (w − 1 − j) + i + (h − 1 − i)) / 4 = ((w − 1) + (h − 1)) / 4 everywhere.
		const addColumn = (t: tf.Tensor4D) =>
			tf.tidy(() => {
				const [, h, w, c] = t.shape;
				const col = tf.reshape(tf.range(0, w, 1, 'float32'), [1, 1, w, 1]);
				return tf.add(t, tf.tile(col, [1, h, 1, c])) as tf.Tensor4D;
			});
		const mean = selfEnsemble(addColumn, x);
		const diff = tf.sub(mean, x);
		const d = diff.dataSync();
		for (const v of d) expect(v).toBeCloseTo((5 - 1 + (3 - 1)) / 4, 5);
		tf.dispose([same, mean, diff]);
		expect(tf.memory().numTensors).toBe(before);
		x.dispose();
	});
});

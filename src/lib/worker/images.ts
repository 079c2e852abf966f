/** Turns preview rows (tensors in [0, 1]) into one byte grid the page can draw. */
import * as tf from '@tensorflow/tfjs-core';
import type { GridImages } from '$lib/components/grid-images';
import type { PreviewRow } from '$lib/ml/models/catalog';

/** Lays the rows out one under another; disposes the row tensors. */
export async function rowsToGrid(
	rows: PreviewRow[]
): Promise<{ labels: string[]; grid: GridImages }> {
	try {
		const columns = Math.max(...rows.map((r) => r.images.shape[0]));
		const [, h, w, c] = rows[0]?.images.shape ?? [0, 28, 28, 1];
		const bytes = tf.tidy(() => {
			const padded = rows.map((r) => {
				const missing = columns - r.images.shape[0];
				return missing > 0 ? tf.concat([r.images, tf.zeros([missing, h, w, c])]) : r.images;
			});
			return tf.cast(tf.mul(tf.clipByValue(tf.concat(padded), 0, 1), 255), 'int32');
		});
		const data = Uint8Array.from(await bytes.data());
		bytes.dispose();
		return {
			labels: rows.map((r) => r.label),
			grid: {
				data,
				count: columns * rows.length,
				height: h,
				width: w,
				channels: c === 3 ? 3 : 1,
				columns
			}
		};
	} finally {
		for (const r of rows) r.images.dispose();
	}
}

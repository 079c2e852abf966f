// The Worker's denoise pipeline and the photo worker's denoiser clean a colour photo with a grey
// model the same way (opponent planes, see src/lib/ml/models/denoiser/colour), byte for byte, so
// "Process on server" gives the picture the device would.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initializers, layers, sequential } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denoise } from '../../workers/api/infer/pipelines';
import { createDenoiser } from '../../src/lib/photo-worker/denoiser';

beforeAll(async () => {
	await tf.setBackend('cpu');
});

/** A grey "denoiser" with a nonlinearity (relu(x − 0.4)), so R, G, B and opponent planes differ. */
function reluGrey(inChannels: 1 | 2) {
	const m = sequential();
	m.add(
		layers.conv2d({
			inputShape: [null, null, inChannels],
			filters: 1,
			kernelSize: 3,
			padding: 'same',
			activation: 'relu',
			kernelInitializer: initializers.randomUniform({ minval: 0.05, maxval: 0.25, seed: 3 }),
			biasInitializer: initializers.constant({ value: -0.4 })
		})
	);
	return m;
}

describe('grey model on a colour photo: server and device agree', () => {
	for (const inChannels of [1, 2] as const) {
		it(`gives the same bytes (${inChannels === 2 ? 'σ-map channel' : 'blind'})`, async () => {
			const W = 23;
			const H = 17;
			const rgb = new Uint8Array(W * H * 3).map((_, i) => (i * 37 + (i % 7) * 11) % 256);
			const server = denoise(
				reluGrey(inChannels),
				{ width: W, height: H, channels: 3, data: rgb },
				{
					sigma: 25,
					residual: false
				}
			);
			const rgba = new Uint8ClampedArray(W * H * 4);
			for (let i = 0; i < W * H; i++) rgba.set([...rgb.subarray(i * 3, i * 3 + 3), 255], i * 4);
			const d = await createDenoiser(reluGrey(inChannels), 'relu-grey', { residual: false });
			const device = await d.run({ width: W, height: H, data: rgba }, 25);
			d.dispose();
			const deviceRgb = Array.from(
				{ length: W * H * 3 },
				(_, i) => device.data[Math.floor(i / 3) * 4 + (i % 3)]
			);
			expect(Array.from(server.data)).toEqual(deviceRgb);
			expect(new Set(server.data).size).toBeGreaterThan(20);
			// And it is not what cleaning R, G and B one by one gives.
			const perChannel = denoise(
				reluGrey(inChannels),
				{ width: W, height: H, channels: 1, data: rgb.filter((_, i) => i % 3 === 0) },
				{ sigma: 25, residual: false }
			);
			expect(Array.from(perChannel.data)).not.toEqual(deviceRgb.filter((_, i) => i % 3 === 0));
		});
	}
});

/**
 * Turning loaded models into an autoencoder without leaking them: a load that fails, or models
 * that turn out not to be an autoencoder, must not leave weights behind in the worker.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Waits for every load; if one fails, the models that did load are disposed and its error thrown. */
export async function loadAll<const T extends readonly Promise<LayersModel>[]>(
	loads: T
): Promise<{ -readonly [K in keyof T]: LayersModel }> {
	const settled = await Promise.allSettled(loads);
	const failed = settled.find((r) => r.status === 'rejected');
	if (failed) {
		for (const r of settled) if (r.status === 'fulfilled') r.value.dispose();
		throw failed.reason;
	}
	return settled.map((r) => (r as PromiseFulfilledResult<LayersModel>).value) as {
		-readonly [K in keyof T]: LayersModel;
	};
}

/** Builds a handle from loaded models with `make`, disposing the models if it throws. */
export function adopt<R>(models: readonly LayersModel[], make: () => R): R {
	try {
		return make();
	} catch (err) {
		for (const m of models) m.dispose();
		throw err;
	}
}

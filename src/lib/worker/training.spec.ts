import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ComputeEvent, TrainRequest } from './protocol';
import { runTraining } from './training';

/** A resume of a model that is not in the library: the run fails after its first await. */
const missing: TrainRequest = {
	kind: 'dense-ae',
	dataset: 'fashion-mnist',
	params: {},
	resumeModelId: 'no-such-model'
};

describe('runTraining', () => {
	it('refuses a second run that arrives while the first is still starting, and frees the slot on failure', async () => {
		const signal = new AbortController().signal;
		const emit = (_e: ComputeEvent) => undefined;
		const first = runTraining(missing, signal, emit);
		const second = runTraining(missing, signal, emit);
		await expect(second).rejects.toThrow('already in progress');
		await expect(first).rejects.toThrow('no longer exists');
		// The failed run let go of the slot: the next one gets as far as the library again.
		await expect(runTraining(missing, signal, emit)).rejects.toThrow('no longer exists');
	});

	it('lets a run start right after Stop: it waits for the stopped run to finish saving', async () => {
		const stop = new AbortController();
		const emit = (_e: ComputeEvent) => undefined;
		const first = runTraining(missing, stop.signal, emit);
		stop.abort();
		const next = runTraining(missing, new AbortController().signal, emit);
		await expect(first).rejects.toThrow();
		// Not "already in progress": the second run got to the library after the first let go.
		await expect(next).rejects.toThrow('no longer exists');
	});
});

/** Trains any project Trainer through the shared trainLoop until a wall-clock budget is spent. */
import { trainLoop } from '../../../src/lib/ml/train/loop';
import type { DatasetProvider } from '../../../src/lib/ml/data/provider';
import type { Trainer } from '../../../src/lib/ml/train/trainer';

export interface BudgetResult {
	steps: number;
	seconds: number;
	epochs: number;
	lastLosses: Record<string, number>;
}

/** Runs trainer on data for `seconds` (checked every `readEvery` steps), batch `batchSize`. */
export async function trainForBudget(
	trainer: Trainer,
	data: DatasetProvider,
	seconds: number,
	batchSize = 64,
	readEvery = 5
): Promise<BudgetResult> {
	const stop = new AbortController();
	const t0 = performance.now();
	const elapsed = () => (performance.now() - t0) / 1000;
	const r = await trainLoop({
		trainer,
		data,
		batchSize,
		totalSteps: Number.MAX_SAFE_INTEGER,
		signal: stop.signal,
		readEvery,
		onProgress: () => {
			if (elapsed() >= seconds) stop.abort();
		}
	});
	return { steps: r.step, seconds: elapsed(), epochs: data.epoch, lastLosses: r.lastLosses };
}

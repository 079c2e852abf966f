/** Runs scripts/bench/torch_models.py (the PyTorch CPU twins) when a python with torch exists. */
import { spawnSync } from 'node:child_process';

export const TORCH_MISSING =
	'skipped: PyTorch not installed (apt-get install python3-torch libopenblas0-pthread)';

export interface TorchRate {
	steps: number;
	seconds: number;
	cpu_seconds: number;
	samples_per_sec: number;
	samples_per_cpu_sec: number;
}

/** The first interpreter that imports torch (pyenv shims may hide Debian's), or undefined. */
export function findTorchPython(candidates = ['python3', '/usr/bin/python3']): string | undefined {
	return candidates.find(
		(py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0
	);
}

/** Times the PyTorch models single-threaded (OPENBLAS_NUM_THREADS=1); rates by model name. */
export function runTorch(
	python: string,
	script: string,
	opts: { models: string[]; batch: number; warmup: number; seconds: number }
): { version: string; rates: Record<string, TorchRate> } {
	const r = spawnSync(
		python,
		[
			script,
			'--models',
			opts.models.join(','),
			'--batch',
			String(opts.batch),
			'--warmup',
			String(opts.warmup),
			'--seconds',
			String(opts.seconds)
		],
		{
			encoding: 'utf8',
			env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
			maxBuffer: 1 << 20
		}
	);
	if (r.status !== 0) throw new Error(`${python} ${script} failed: ${r.stderr}`);
	const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
	const { torch, ...rates } = out;
	return { version: String(torch), rates: rates as Record<string, TorchRate> };
}

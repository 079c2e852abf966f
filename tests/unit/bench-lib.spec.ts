import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	dateStamp,
	fmt,
	markdownTable,
	targetCell,
	verdict
} from '../../scripts/bench/lib/table.mts';
import { classesCovered, mse } from '../../scripts/bench/lib/eval.mts';
import { findTorchPython, runTorch } from '../../scripts/bench/lib/torch.mts';

describe('bench table helpers', () => {
	it('renders a markdown table with escaped pipes and formatted numbers', () => {
		const t = markdownTable(
			['a', 'b'],
			[
				[1, 0.123456],
				['x|y', null]
			]
		);
		expect(t.split('\n')).toEqual([
			'| a | b |',
			'| --- | --- |',
			'| 1 | 0.1235 |',
			'| x\\|y | – |'
		]);
	});
	it('judges targets both ways and treats NaN as short', () => {
		expect(verdict(0.009, { op: '<=', value: 0.01 })).toBe('pass');
		expect(verdict(0.011, { op: '<=', value: 0.01 })).toBe('short');
		expect(verdict(0.61, { op: '>=', value: 0.6 })).toBe('pass');
		expect(verdict(NaN, { op: '>=', value: 0.6 })).toBe('short');
		expect(targetCell(10, { op: '>=', value: 10 })).toBe('≥ 10 pass');
	});
	it('formats numbers and dates', () => {
		expect(fmt(undefined)).toBe('–');
		expect(fmt(NaN)).toBe('NaN');
		expect(fmt(2.5, 1)).toBe('2.5');
		expect(dateStamp(new Date('2026-11-23T23:59:00Z'))).toBe('2026-11-23');
	});
	it('computes mse and class coverage', () => {
		expect(mse([0, 1], [1, 1])).toBe(0.5);
		expect(() => mse([0], [0, 1])).toThrow(RangeError);
		expect(classesCovered([0, 0, 1, 2, 2, 2], 2)).toBe(2);
		expect(classesCovered([0, 0, 1, 2, 2, 2])).toBe(3);
	});
});

describe('PyTorch runner', () => {
	it('finds no torch in a missing interpreter', () => {
		expect(findTorchPython(['/nonexistent/python3'])).toBeUndefined();
	});
	it('passes the arguments, pins BLAS to one thread and parses the last JSON line', () => {
		// A stand-in "python": node running a script that echoes what it was given.
		const dir = mkdtempSync(join(tmpdir(), 'bench-torch-'));
		const script = join(dir, 'fake.mjs');
		writeFileSync(
			script,
			`const a = process.argv.slice(2);
			console.log('noise');
			console.log(JSON.stringify({ torch: 'fake-' + process.env.OPENBLAS_NUM_THREADS,
				[a[1]]: { steps: Number(a[3]), seconds: Number(a[7]), cpu_seconds: 1, samples_per_sec: 2, samples_per_cpu_sec: 3 } }));`
		);
		const r = runTorch(process.execPath, script, {
			models: ['vae'],
			batch: 64,
			warmup: 2,
			seconds: 5
		});
		expect(r.version).toBe('fake-1');
		expect(r.rates.vae?.steps).toBe(64);
		expect(r.rates.vae?.seconds).toBe(5);
		rmSync(dir, { recursive: true, force: true });
	});
});

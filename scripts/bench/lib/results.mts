/** Where the benchmarks keep their figures: bench/results/<date>-<host>[-suffix].json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import { join } from 'node:path';
import { dateStamp } from './table.mts';

/** Writes one result file with the machine's facts added, prints and returns its path. */
export function writeResults(
	outDir: string,
	suffix: string,
	data: Record<string, unknown>
): string {
	mkdirSync(outDir, { recursive: true });
	const file = join(outDir, `${dateStamp()}-${hostname()}${suffix ? `-${suffix}` : ''}.json`);
	const facts = {
		date: new Date().toISOString(),
		host: hostname(),
		cores: cpus().length,
		loadAverage1m: loadavg()[0] ?? null
	};
	writeFileSync(file, JSON.stringify({ ...facts, ...data }, null, '\t'));
	console.log(`\nwrote ${file}`);
	return file;
}

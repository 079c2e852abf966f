// The summary `npm test` prints at the end of CI's log, read from a report a real vitest run wrote.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, failures } from '../../scripts/lib/vitest-report.mjs';

// Inside the project (gitignored), so the fixture's `import 'vitest'` resolves.
mkdirSync('.cache', { recursive: true });
const dir = resolve(mkdtempSync(join('.cache', 'vitest-report-')));
const report = join(dir, 'report.json');

beforeAll(() => {
	writeFileSync(
		join(dir, 'vitest.config.mjs'),
		"export default { test: { include: ['*.spec.mjs'] } };"
	);
	writeFileSync(
		join(dir, 'sums.spec.mjs'),
		[
			"import { describe, expect, it } from 'vitest';",
			"describe('sums', () => {",
			"\tit('adds', () => expect(1 + 1).toBe(2));",
			"\tit('adds wrongly', () => expect(1 + 1).toBe(3));",
			"\tit.skip('is skipped', () => {});",
			'});'
		].join('\n')
	);
	writeFileSync(join(dir, 'broken.spec.mjs'), "import './missing.mjs';");
	const run = spawnSync(
		'npx',
		[
			'vitest',
			'run',
			'--config',
			'./vitest.config.mjs',
			'--reporter=json',
			'--outputFile=report.json'
		],
		{ cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } }
	);
	expect(run.status).toBe(1);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vitest report summary', () => {
	it('counts passed, failed and skipped tests, and a file that failed outside its tests', () => {
		expect(counts(report)).toEqual({ passed: 1, failed: 1, skipped: 1 });
	});

	it('names each failed test and file with the first line of its error', () => {
		expect(failures(report, dir).sort()).toEqual([
			"broken.spec.mjs: Cannot find module './missing.mjs' imported from " +
				join(dir, 'broken.spec.mjs'),
			'sums.spec.mjs > sums adds wrongly: AssertionError: expected 2 to be 3 // Object.is equality'
		]);
	});

	it('reads a missing report as nothing run', () => {
		expect(counts(join(dir, 'none.json'))).toEqual({ passed: 0, failed: 0, skipped: 0 });
		expect(failures(join(dir, 'none.json'))).toEqual([]);
	});
});

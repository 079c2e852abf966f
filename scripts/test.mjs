// `npm test`: type-check, lint, build, unit + Worker tests, then end-to-end tests in Chromium.
// Every stage runs even if an earlier one failed (except e2e, which needs the build), and the
// run ends with one "N passed, N failed" line counting tests and stages.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { counts, failures } from './lib/vitest-report.mjs';

const results = [];
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

const env = { ...process.env, FORCE_COLOR: '0' };

/**
 * Records a finished stage and prints its verdict line.
 * @param {string} name
 * @param {boolean} ok
 * @param {number} t0 when it started (ms)
 */
function record(name, ok, t0) {
	const seconds = (Date.now() - t0) / 1000;
	results.push({ name, ok, seconds });
	console.log(`${ok ? '✔' : '✘'} ${name} (${seconds.toFixed(1)} s)`);
	return ok;
}

/**
 * Runs one stage and records whether it passed.
 * @param {string} name
 * @param {string} command
 */
function stage(name, command) {
	const t0 = Date.now();
	console.log(`\n▶ ${name}: ${command}`);
	const r = spawnSync(command, { shell: true, stdio: 'inherit', env });
	return record(name, r.status === 0, t0);
}

/**
 * Runs stages side by side (on a two-core machine: tools that leave a core idle); each stage's
 * output is printed whole when it ends, so the logs do not interleave.
 * @param {{ name: string, command: string }[]} stages
 */
async function parallelStages(stages) {
	await Promise.all(
		stages.map(
			({ name, command }) =>
				new Promise((resolve) => {
					const t0 = Date.now();
					const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env });
					/** @type {Buffer[]} */
					const out = [];
					child.stdout.on('data', (d) => out.push(d));
					child.stderr.on('data', (d) => out.push(d));
					child.on('close', (code) => {
						console.log(`\n▶ ${name}: ${command}`);
						process.stdout.write(Buffer.concat(out));
						resolve(record(name, code === 0, t0));
					});
				})
		)
	);
}

const t0 = Date.now();
// Generated types first, so that svelte-check and ESLint (which reads .svelte-kit/tsconfig.json)
// never see them half-written; the check's own sync then changes nothing.
stage('sync', 'npx svelte-kit sync');
await parallelStages([
	{ name: 'check', command: 'npm run --silent check' },
	{ name: 'format', command: 'npx prettier --check .' },
	{ name: 'lint', command: 'npx eslint .' }
]);
const built = stage('build', 'npx vite build --logLevel warn');
// Separate runs (the two projects use different pools: Node threads vs workerd), side by side:
// the Worker tests leave a core mostly idle (workerd's start-up, one request at a time), which
// the unit tests fill.
await parallelStages([
	{
		name: 'unit tests',
		command:
			'npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json'
	},
	{
		name: 'worker tests',
		command:
			'npx vitest run --project worker --reporter=default --reporter=json --outputFile=test-results/worker.json'
	}
]);
if (built) {
	stage(
		'e2e tests',
		'npx vitest run --project e2e --reporter=default --reporter=json --outputFile=test-results/e2e.json'
	);
} else {
	results.push({ name: 'e2e tests (skipped: build failed)', ok: false, seconds: 0 });
}

const unitOnly = counts('test-results/unit.json');
const worker = counts('test-results/worker.json');
const unit = {
	passed: unitOnly.passed + worker.passed,
	failed: unitOnly.failed + worker.failed,
	skipped: unitOnly.skipped + worker.skipped
};
const e2e = counts('test-results/e2e.json');
const stagesFailed = results.filter((r) => !r.ok).length;
const minutes = ((Date.now() - t0) / 60000).toFixed(1);
console.log('\nSummary');
for (const r of results)
	console.log(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.name}  ${r.seconds.toFixed(1)} s`);
console.log(
	`  unit+worker: ${unit.passed} passed, ${unit.failed} failed; e2e: ${e2e.passed} passed, ${e2e.failed} failed`
);
console.log(`  total time: ${minutes} min`);
const failedTests = ['unit', 'worker', 'e2e'].flatMap((p) => failures(`test-results/${p}.json`));
if (failedTests.length > 0)
	console.log(`Failed tests:\n${failedTests.map((l) => `  ${l}`).join('\n')}`);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + stagesFailed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

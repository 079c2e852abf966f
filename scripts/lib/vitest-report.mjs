// Reads vitest's JSON reports (the `json` reporter's output) for `npm test`'s summary.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * The parts of vitest's JSON report the summary reads.
 * @typedef {{ fullName: string, status: string, failureMessages?: string[] }} TestResult
 * @typedef {{ name: string, status: string, message?: string, assertionResults?: TestResult[] }} FileResult
 * @typedef {{
 *   numPassedTests?: number, numFailedTests?: number, numFailedTestSuites?: number,
 *   numPendingTests?: number, numTodoTests?: number, testResults?: FileResult[]
 * }} Report
 */

/**
 * @param {string} file
 * @returns {Report | undefined}
 */
function read(file) {
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/**
 * Passed, failed and skipped tests in a report; a file that failed outside its tests counts once.
 * @param {string} file
 */
export function counts(file) {
	const r = read(file);
	if (!r) return { passed: 0, failed: 0, skipped: 0 };
	const failedTests = r.numFailedTests ?? 0;
	return {
		passed: r.numPassedTests ?? 0,
		failed: failedTests + ((r.numFailedTestSuites ?? 0) > 0 && failedTests === 0 ? 1 : 0),
		skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
	};
}

/**
 * The failed tests in a report, a line each with the first line of the error, so that the end of
 * a long CI log says which test failed and why.
 * @param {string} file
 * @param {string} [root] paths are shown relative to it
 * @returns {string[]}
 */
export function failures(file, root = process.cwd()) {
	const lines = [];
	for (const f of read(file)?.testResults ?? []) {
		const where = relative(root, f.name);
		const failed = (f.assertionResults ?? []).filter((t) => t.status === 'failed');
		for (const t of failed)
			lines.push(`${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
		// A file can fail outside its tests (an import or a hook).
		if (f.status === 'failed' && failed.length === 0)
			lines.push(`${where}: ${firstLine(f.message)}`);
	}
	return lines;
}

/** @param {string | undefined} text */
function firstLine(text) {
	return (
		(text ?? '')
			.split('\n')
			.find((l) => l.trim() !== '')
			?.trim() ?? '(no message)'
	);
}

/** Markdown tables and pass/short verdicts for the benchmark reports (pure, no tfjs). */

export type Cell = string | number | null | undefined;

/** Formats a number with `digits` significant decimals; '–' for missing, 'NaN' kept visible. */
export function fmt(v: number | null | undefined, digits = 4): string {
	if (v === null || v === undefined) return '–';
	if (Number.isNaN(v)) return 'NaN';
	if (Number.isInteger(v)) return String(v);
	return v.toFixed(digits);
}

/** One GitHub-flavoured markdown table; pipes inside cells are escaped, numbers via fmt(). */
export function markdownTable(
	headers: readonly string[],
	rows: readonly (readonly Cell[])[]
): string {
	const cell = (c: Cell) =>
		(typeof c === 'number' ? fmt(c) : (c ?? '–')).replace(/\|/g, '\\|').replace(/\n/g, ' ');
	const line = (cells: readonly Cell[]) =>
		`| ${headers.map((_, i) => cell(cells[i])).join(' | ')} |`;
	return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A target: the figure must be ≤ (or ≥) `value` to pass. */
export interface Target {
	op: '<=' | '>=';
	value: number;
}

/** 'pass' when `v` meets the target, 'short' when not (or when v is not a number). */
export function verdict(v: number | null | undefined, target: Target): 'pass' | 'short' {
	if (v === null || v === undefined || !Number.isFinite(v)) return 'short';
	return (target.op === '<=' ? v <= target.value : v >= target.value) ? 'pass' : 'short';
}

/** "≤ 0.010 pass" for a table cell. */
export function targetCell(v: number | null | undefined, target: Target): string {
	return `${target.op === '<=' ? '≤' : '≥'} ${target.value} ${verdict(v, target)}`;
}

/** YYYY-MM-DD of `d` in UTC (result file names). */
export function dateStamp(d: Date = new Date()): string {
	return d.toISOString().slice(0, 10);
}

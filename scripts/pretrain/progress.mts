/** A one-line progress bar with ETA for a terminal (stderr), redrawn in place. */

/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
	const s = Math.round(seconds);
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The bar text for a fraction in [0, 1], e.g. "[#####.....]  50%". */
export function renderBar(fraction: number, width = 24): string {
	const f = Math.min(1, Math.max(0, fraction));
	const filled = Math.round(f * width);
	return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

/** Draws `line` over the previous one when stderr is a TTY, else prints it every `everyMs`. */
export function createProgressPrinter(everyMs = 15_000): (line: string, final?: boolean) => void {
	const tty = process.stderr.isTTY;
	let last = 0;
	return (line, final = false) => {
		if (tty) {
			process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
			return;
		}
		const now = Date.now();
		if (final || now - last >= everyMs) {
			process.stderr.write(line + '\n');
			last = now;
		}
	};
}

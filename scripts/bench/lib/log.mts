/** Progress lines on stderr with the time of day, so stdout keeps only the tables. */
export function log(s: string): void {
	console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
}

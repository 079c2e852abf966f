// How this project launches Debian's Chromium (tests and benchmarks): no browser download, no
// network chatter, no first-run UI.

/** The Chromium binary: CHROMIUM_PATH or Debian's. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, sandbox-less headless Chromium (a fresh --user-data-dir is added per launch). */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

// Runs wrangler for local development and tests: sealed (no network at start-up, no metrics,
// no login, no prompts), with local R2/D1 state under a persist folder.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Environment that keeps wrangler/miniflare from reaching the internet or prompting. */
export const SEALED_ENV = {
	...process.env,
	// Miniflare otherwise fetches its Request.cf object from the internet at every start.
	CLOUDFLARE_CF_FETCH_ENABLED: 'false',
	WRANGLER_SEND_METRICS: 'false',
	WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
	CI: process.env.CI ?? 'true',
	NO_UPDATE_NOTIFIER: '1'
};

/** Asks the OS for a free loopback port. @returns {Promise<number>} */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Applies the D1 migrations to the local database under `persistTo`.
 * @param {string} persistTo
 */
export function applyMigrations(persistTo) {
	const r = spawnSync(
		'npx',
		['wrangler', 'd1', 'migrations', 'apply', 'latent-lab', '--local', '--persist-to', persistTo],
		{ env: SEALED_ENV, encoding: 'utf8', input: 'y\n' }
	);
	if (r.status !== 0) throw new Error(`D1 migrations failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts `wrangler dev` and resolves once /api/health answers.
 * @param {{ port: number, persistTo: string, stdio?: 'inherit' | 'pipe', timeoutMs?: number, vars?: Record<string, string> }} opts
 */
export async function startWranglerDev(opts) {
	const inspectorPort = await freePort();
	const child = spawn(
		'npx',
		[
			'wrangler',
			'dev',
			'--ip',
			'127.0.0.1',
			'--port',
			String(opts.port),
			'--inspector-port',
			String(inspectorPort),
			'--persist-to',
			opts.persistTo,
			'--show-interactive-dev-session=false',
			...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`])
		],
		{ env: SEALED_ENV, stdio: opts.stdio ?? 'pipe', detached: true }
	);
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${opts.port}`;
	const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) return { url, child, output: () => output, stop: () => stopProcessGroup(child) };
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	stopProcessGroup(child);
	throw new Error(`wrangler dev did not answer within the time limit:\n${output}`);
}

/**
 * Stops a detached child and everything it started (workerd), so no process outlives the tests.
 * @param {import('node:child_process').ChildProcess} child
 */
export async function stopProcessGroup(child) {
	if (child.exitCode !== null || !child.pid) return;
	const exited = new Promise((r) => child.once('exit', r));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}, 5000);
	await exited;
	clearTimeout(timer);
}

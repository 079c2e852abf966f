// The whole local stack on a free port with throw-away state: D1 migrated, R2 seeded, `wrangler
// dev` running. Used by the e2e harness and the benchmarks that need a real Worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../seed.mjs';
import { applyMigrations, freePort, startWranglerDev } from './wrangler.mjs';

/**
 * `wrangler dev` on a port the OS just called free. Another process (a second stack's workerd
 * binding its own random ports) can take it between that check and wrangler's bind, so on
 * "Address already in use" it tries again with a new port.
 * @param {{ persistTo: string, vars?: Record<string, string> }} opts
 */
async function startOnFreePort(opts) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await startWranglerDev({ ...opts, port: await freePort(), timeoutMs: 120_000 });
		} catch (err) {
			if (attempt >= 3 || !String(err).includes('Address already in use')) throw err;
		}
	}
}

/**
 * Starts the stack; `stop()` ends wrangler and removes the state folder.
 * @param {{ prepare?: (stateDir: string) => Promise<void>, vars?: Record<string, string>, datasets?: boolean }} [opts]
 *   `prepare` runs after seeding, before wrangler starts (e.g. to put extra objects into the local
 *   R2); `vars` override the Worker's [vars]; `datasets: false` leaves the datasets out of R2 (a
 *   stack for the photo studio alone starts about 3 s sooner).
 * @returns {Promise<{ url: string, stateDir: string, output: () => string, stop: () => Promise<void> }>}
 */
export async function startLocalStack(opts = {}) {
	const stateDir = mkdtempSync(join(tmpdir(), 'latent-lab-stack-'));
	try {
		applyMigrations(stateDir);
		await seed({ persistTo: stateDir, log: () => undefined, datasets: opts.datasets });
		await opts.prepare?.(stateDir);
		const server = await startOnFreePort({ persistTo: stateDir, vars: opts.vars });
		return {
			url: server.url,
			stateDir,
			output: server.output,
			async stop() {
				await server.stop();
				rmSync(stateDir, { recursive: true, force: true });
			}
		};
	} catch (err) {
		rmSync(stateDir, { recursive: true, force: true });
		throw err;
	}
}

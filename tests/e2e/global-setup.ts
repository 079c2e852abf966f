// Starts the real stack once for all e2e tests: local D1 migrated, local R2 seeded, `wrangler dev`
// on a free port with its own throw-away state folder. Teardown stops it and everything it spawned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seed } from '../../scripts/seed.mjs';
import { applyMigrations, freePort, startWranglerDev } from '../../scripts/lib/wrangler.mjs';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

let stop: (() => Promise<void>) | undefined;
let stateDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
	stateDir = mkdtempSync(join(tmpdir(), 'latent-lab-e2e-'));
	applyMigrations(stateDir);
	await seed({ persistTo: stateDir, log: () => undefined });
	const server = await startWranglerDev({
		port: await freePort(),
		persistTo: stateDir,
		timeoutMs: 120_000
	});
	stop = server.stop;
	project.provide('baseURL', server.url);
}

export async function teardown(): Promise<void> {
	await stop?.();
	if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}

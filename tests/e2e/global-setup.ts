// Starts the real stack once for all e2e tests: local D1 migrated, local R2 seeded, `wrangler dev`
// on a free port with its own throw-away state folder. Teardown stops it and everything it spawned.
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../scripts/lib/local-stack.mjs';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}

let stop: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
	const stack = await startLocalStack();
	stop = stack.stop;
	project.provide('baseURL', stack.url);
}

export async function teardown(): Promise<void> {
	await stop?.();
}

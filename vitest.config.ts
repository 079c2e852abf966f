import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs in Node (pure ML, stores, photo code); `worker` runs inside workerd.
export default defineConfig({
	test: {
		projects: [
			{
				extends: false,
				plugins: [sveltekit()],
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
					testTimeout: 120_000,
					hookTimeout: 120_000,
					// tfjs-wasm and the models are CPU-heavy; two cores fit two test files at once.
					maxWorkers: 2
				}
			},
			{
				extends: false,
				plugins: [
					cloudflareTest(async () => ({
						wrangler: { configPath: './wrangler.toml' },
						miniflare: {
							bindings: { TEST_MIGRATIONS: await readD1Migrations('./migrations') }
						}
					}))
				],
				test: {
					name: 'worker',
					include: ['tests/worker/**/*.spec.ts'],
					setupFiles: ['./tests/worker/apply-migrations.ts'],
					testTimeout: 60_000
				}
			},
			{
				extends: false,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.spec.ts'],
					// One `wrangler dev` on a free port for the whole run; stopped in teardown.
					globalSetup: ['./tests/e2e/global-setup.ts'],
					testTimeout: 240_000,
					hookTimeout: 240_000,
					// Browsers are heavy on two cores: one spec file at a time.
					fileParallelism: false
				}
			}
		]
	}
});

import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { sveltekit } from '@sveltejs/kit/vite';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { writeVgg19Fixture } from './tests/fixtures/vgg19-h5';

/**
 * "Install VGG19" in workerd: a small Keras-layout .h5 the tests write (its md5 stands in for
 * the official one) and an official-file URL nothing listens on, so the download fails at once.
 */
async function vggInstallBindings(): Promise<Record<string, string>> {
	const dir = mkdtempSync(join(tmpdir(), 'vgg19-worker-'));
	try {
		const path = join(dir, 'fixture.h5');
		await writeVgg19Fixture(path);
		const bytes = readFileSync(path);
		return {
			VGG19_FIXTURE_BASE64: bytes.toString('base64'),
			VGG19_SOURCE_MD5: createHash('md5').update(bytes).digest('hex'),
			VGG19_SOURCE_URL: 'http://127.0.0.1:9/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5'
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

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
					maxWorkers: 2,
					// Test files in a worker share imported modules (tfjs, its backends): loading them
					// again for each of ~90 files cost about 45 s. Files must not leave global state.
					isolate: false
				}
			},
			{
				extends: false,
				plugins: [
					cloudflareTest(async () => ({
						wrangler: { configPath: './wrangler.toml' },
						miniflare: {
							bindings: {
								TEST_MIGRATIONS: await readD1Migrations('./migrations'),
								...(await vggInstallBindings())
							}
						}
					}))
				],
				test: {
					name: 'worker',
					include: ['tests/worker/**/*.spec.ts'],
					setupFiles: ['./tests/worker/apply-migrations.ts'],
					// One workerd for all files (one per file cost about 8 s each); the setup file
					// empties D1 and R2 before each file instead.
					isolate: false,
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
					// Browsers are heavy on two cores: one spec file at a time (two at once took as long
					// and made timing-sensitive tests fail).
					fileParallelism: false,
					// Spec files share imported modules (playwright-core) instead of loading them again.
					isolate: false
				}
			}
		]
	}
});

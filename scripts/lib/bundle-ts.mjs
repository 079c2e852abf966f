// Node 20 has no type stripping: TypeScript entry points (scripts, worker threads) are bundled
// with esbuild (already installed through wrangler) into .cache/run-ts/, packages left external
// so they load from node_modules as usual.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles the TypeScript file `entry` into one ES module and returns that module's path.
 * @param {string} entry
 * @returns {Promise<string>}
 */
export async function bundleTs(entry) {
	const cache = join(root, '.cache');
	mkdirSync(join(cache, 'run-ts'), { recursive: true });
	// The cache folder ignores itself, so nothing in it is ever committed by accident.
	writeFileSync(join(cache, '.gitignore'), '*\n');
	const out = join(
		cache,
		'run-ts',
		`${basename(dirname(resolve(entry)))}-${basename(entry).replace(/\.m?ts$/, '')}.mjs`
	);
	await build({
		entryPoints: [resolve(entry)],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		alias: { $lib: join(root, 'src/lib') },
		sourcemap: 'inline',
		logLevel: 'warning'
	});
	return out;
}

// Runs a TypeScript entry point on Node 20 (no type stripping there): bundles it with esbuild
// (already installed through wrangler) into .cache/run-ts/, packages left external so they load
// from node_modules as usual, then imports it in this process (so its signal handlers work).
//   node scripts/run-ts.mjs scripts/pretrain/index.ts [args...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
	console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
	process.exit(2);
}
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
process.argv = [process.argv[0] ?? 'node', resolve(entry), ...process.argv.slice(3)];
await import(pathToFileURL(out).href);

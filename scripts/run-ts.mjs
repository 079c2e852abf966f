// Runs a TypeScript entry point on Node 20 (no type stripping there): bundles it (see
// lib/bundle-ts.mjs), then imports it in this process (so its signal handlers work).
//   node scripts/run-ts.mjs scripts/pretrain/index.ts [args...]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleTs } from './lib/bundle-ts.mjs';

const entry = process.argv[2];
if (!entry) {
	console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
	process.exit(2);
}
const out = await bundleTs(entry);
process.argv = [process.argv[0] ?? 'node', resolve(entry), ...process.argv.slice(3)];
await import(pathToFileURL(out).href);

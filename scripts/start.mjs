// `npm start`: build the app, apply D1 migrations, seed local R2, then serve everything with
// `wrangler dev` on http://localhost:8787 (no account, no login; state in .wrangler/state).
import { spawnSync } from 'node:child_process';
import { seed } from './seed.mjs';
import { applyMigrations, startWranglerDev } from './lib/wrangler.mjs';

const PERSIST = '.wrangler/state';
const port = Number(process.env.PORT ?? 8787);

/** @param {string} title @param {string} cmd @param {string[]} args */
function run(title, cmd, args) {
	console.log(`▶ ${title}`);
	const r = spawnSync(cmd, args, { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

run('Building the app', 'npx', ['vite', 'build', '--logLevel', 'warn']);
console.log('▶ Applying D1 migrations (local)');
applyMigrations(PERSIST);
console.log('▶ Seeding local R2');
await seed({ persistTo: PERSIST });
console.log(`▶ Starting wrangler dev on http://localhost:${port}`);
const server = await startWranglerDev({
	port,
	persistTo: PERSIST,
	stdio: 'inherit',
	timeoutMs: 120_000
});
console.log(`\n  Latent Lab is running at http://localhost:${port}  (Ctrl-C to stop)\n`);
const stop = async () => {
	await server.stop();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

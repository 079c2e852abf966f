// The registry these machines reach serves only the linux builds of rollup's native packages, so
// `npm install` leaves the other platforms' optional packages out of package-lock.json and
// `npm ci` then refuses the lock. This adds them back as optional, platform-restricted entries
// (npm ci skips them on linux, exactly as with a lock made against the full registry).
// Run after any change to the lock: node scripts/fix-lock-platform-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
	if (!entry.optionalDependencies) continue;
	const base = path.slice(0, path.lastIndexOf('node_modules/') + 'node_modules/'.length);
	for (const [name, range] of Object.entries(entry.optionalDependencies)) {
		if (!name.startsWith('@rollup/rollup-')) continue;
		if (packages[`node_modules/${name}`] || packages[`${base}${name}`]) continue;
		const [, os, cpu, libc] =
			/^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name) ?? [];
		if (!os || !cpu) continue;
		packages[`node_modules/${name}`] = {
			version: String(range).replace(/^[~^]/, ''),
			cpu: [cpu],
			dev: entry.dev ?? undefined,
			license: 'MIT',
			optional: true,
			os: [os]
		};
		if (libc === 'gnu' || libc === 'musl')
			packages[`node_modules/${name}`].libc = [libc === 'gnu' ? 'glibc' : 'musl'];
		added++;
	}
}
lock.packages = Object.fromEntries(
	Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))
);
writeFileSync('package-lock.json', JSON.stringify(lock, null, '\t') + '\n');
console.log(`added ${added} platform-only optional entries`);

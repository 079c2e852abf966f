/**
 * CLI: npm run bench:app [-- --build] [--no-lighthouse]
 * What the built app costs a visitor: for each page, the JS / CSS / wasm a fresh visit fetches
 * (measured in headless Chromium, sized as gzip -9 of the built files), the whole build's totals
 * (workers included), and Lighthouse (mobile) performance / accessibility / best-practices scores
 * for the home page and two labs, against `wrangler dev` on loopback. Targets from the
 * performance issue are printed as pass/short; nothing here fails `npm test`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../lib/chromium.mjs';
import { startLocalStack } from '../lib/local-stack.mjs';
import { markdownTable } from './lib/table.mts';
import { writeResults } from './lib/results.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		build: { type: 'boolean', default: false },
		'no-lighthouse': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' }
	}
});
const BUILD = 'build';
const PAGES = [
	'/',
	'/train',
	'/train/conv-ae',
	'/explore',
	'/generate',
	'/photos',
	'/models',
	'/settings'
];
const LIGHTHOUSE_PAGES = ['/', '/train', '/photos'];
const FLAGS = [...CHROMIUM_FLAGS, '--disable-gpu'];
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

if (values.build) {
	log('building the app…');
	const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (b.status !== 0) process.exit(b.status ?? 1);
}

const gzCache = new Map<string, number>();
/** gzip -9 size of a built file, by its URL path. */
function gz(path: string): number {
	let n = gzCache.get(path);
	if (n === undefined) {
		n = gzipSync(readFileSync(join(BUILD, path)), { level: 9 }).byteLength;
		gzCache.set(path, n);
	}
	return n;
}
type Kind = 'js' | 'css' | 'wasm';
const kindOf = (p: string): Kind | undefined =>
	p.endsWith('.js') ? 'js' : p.endsWith('.css') ? 'css' : p.endsWith('.wasm') ? 'wasm' : undefined;

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}
const totals: Record<Kind, number> = { js: 0, css: 0, wasm: 0 };
for (const file of walk(join(BUILD, '_app'))) {
	const k = kindOf(file);
	if (k) totals[k] += gz(file.slice(BUILD.length));
}

const server = await startLocalStack();
log(`wrangler dev at ${server.url}`);

const pages: Record<string, Record<Kind, number> & { files: number }> = {};
const scores: Record<string, Record<string, number | null>> = {};
try {
	for (const path of PAGES) {
		const profile = mkdtempSync(join(tmpdir(), 'latent-lab-bench-chromium-'));
		const context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: FLAGS,
			serviceWorkers: 'block'
		});
		try {
			const page = context.pages()[0] ?? (await context.newPage());
			const seen = new Set<string>();
			page.on('request', (r) => {
				const u = new URL(r.url());
				if (u.origin === new URL(server.url).origin && kindOf(u.pathname)) seen.add(u.pathname);
			});
			await page.goto(server.url + path);
			await page.locator('main').waitFor();
			await page.waitForTimeout(2000);
			const sum: Record<Kind, number> & { files: number } = {
				js: 0,
				css: 0,
				wasm: 0,
				files: seen.size
			};
			for (const p of seen) sum[kindOf(p)!] += gz(p);
			pages[path] = sum;
			log(`${path}: JS ${kib(sum.js)}, CSS ${kib(sum.css)}, wasm ${kib(sum.wasm)} (gzip)`);
		} finally {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		}
	}

	if (!values['no-lighthouse']) {
		const { default: lighthouse } = await import('lighthouse');
		const chromeLauncher = await import('chrome-launcher');
		for (const path of LIGHTHOUSE_PAGES) {
			const chrome = await chromeLauncher.launch({
				chromePath: CHROMIUM,
				chromeFlags: ['--headless=new', ...FLAGS]
			});
			try {
				const result = await lighthouse(server.url + path, {
					port: chrome.port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance', 'accessibility', 'best-practices']
				});
				const cats = result?.lhr.categories ?? {};
				scores[path] = Object.fromEntries(
					Object.entries(cats).map(([k, c]) => [
						k,
						c.score === null ? null : Math.round(c.score * 100)
					])
				);
				log(`lighthouse ${path}: ${JSON.stringify(scores[path])}`);
			} finally {
				await chrome.kill();
			}
		}
	}
} finally {
	await server.stop();
}

console.log('\nFirst visit, gzip -9 of the built files each page fetches (service worker off):\n');
console.log(
	markdownTable(
		['Page', 'JS', 'CSS', 'wasm', 'files'],
		Object.entries(pages).map(([p, s]) => [p, kib(s.js), kib(s.css), kib(s.wasm), String(s.files)])
	)
);
console.log(
	`\nWhole build (pages + workers): JS ${kib(totals.js)}, CSS ${kib(totals.css)}, wasm ${kib(totals.wasm)} (gzip)`
);
const home = pages['/']?.js ?? NaN;
console.log(
	`Target home JS ≤ 150 KB gzip: ${(home / 1000).toFixed(1)} KB — ${home <= 150_000 ? 'pass' : 'short'}`
);
if (Object.keys(scores).length) {
	console.log('\nLighthouse (mobile emulation, loopback):\n');
	console.log(
		markdownTable(
			['Page', 'performance', 'accessibility', 'best-practices', 'target perf ≥ 95 & a11y ≥ 95'],
			Object.entries(scores).map(([p, s]) => [
				p,
				String(s.performance ?? '–'),
				String(s.accessibility ?? '–'),
				String(s['best-practices'] ?? '–'),
				(s.performance ?? 0) >= 95 && (s.accessibility ?? 0) >= 95 ? 'pass' : 'short'
			])
		)
	);
}
writeResults(values.out ?? 'bench/results', 'app', { pages, totals, lighthouse: scores });

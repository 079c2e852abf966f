// Captures the manifest's store screenshots (phone 375×812, laptop 1280×800) from a running app:
//   npm start  (in another terminal), then  node scripts/screenshots.mjs [http://localhost:8787]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:8787';
const shots = [
	{ file: 'static/screenshots/home-narrow.png', width: 375, height: 812 },
	{ file: 'static/screenshots/home-wide.png', width: 1280, height: 800 }
];
for (const shot of shots) {
	const dir = mkdtempSync(join(tmpdir(), 'latent-lab-shot-'));
	const ctx = await chromium.launchPersistentContext(dir, {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
		viewport: { width: shot.width, height: shot.height },
		colorScheme: 'dark'
	});
	const page = ctx.pages()[0] ?? (await ctx.newPage());
	await page.goto(base);
	await page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
	await page.waitForTimeout(1500);
	await page.screenshot({ path: shot.file });
	await ctx.close();
	rmSync(dir, { recursive: true, force: true });
	console.log(`wrote ${shot.file}`);
}

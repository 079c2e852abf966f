import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, untilControlled, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

/** Loads `path` and waits until the service worker has installed and controls the page. */
async function openControlled(s: Session, path = '/'): Promise<void> {
	await s.page.goto(base + path);
	await untilControlled(s);
}

describe('installable PWA', () => {
	it('has no installability errors and its manifest icons load', async () => {
		session = await launch();
		await session.page.goto(base);
		await session.page.evaluate(async () => navigator.serviceWorker.ready);
		const cdp = await session.context.newCDPSession(session.page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
			installabilityErrors: { errorId: string }[];
		};
		expect(installabilityErrors).toEqual([]);
		const manifest = await (await fetch(`${base}/manifest.webmanifest`)).json();
		expect(manifest.display).toBe('standalone');
		const purposes = manifest.icons.map((i: { purpose?: string }) => i.purpose);
		expect(purposes).toContain('maskable');
		for (const icon of [...manifest.icons, ...manifest.screenshots]) {
			const res = await fetch(new URL(icon.src, base));
			expect(res.status, icon.src).toBe(200);
			expect(res.headers.get('content-type'), icon.src).toBe('image/png');
		}
	});

	it('opens and navigates offline once installed, including a URL with a query string', async () => {
		session = await launch();
		await openControlled(session);
		await session.context.setOffline(true);
		await session.page.reload();
		await session.page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
		await session.page.getByRole('link', { name: 'Settings' }).first().click();
		await session.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await session.page.goto(`${base}/train?model=conv-ae&seed=4`);
		await session.page.getByRole('heading', { level: 1 }).waitFor();
		expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe('Train');
		expect(await session.page.evaluate(() => crossOriginIsolated)).toBe(true);
		// The pretrained models' catalogue was never fetched online: Generate says why it has none.
		await session.page.goto(`${base}/generate`);
		await session.page.getByTestId('catalogue-offline').waitFor();
		expect(await session.page.getByTestId('no-generators').innerText()).toContain('work offline');
		await session.context.setOffline(false);
	});

	it('offers a new version to an installed app and reloads into it', async () => {
		session = await launch({ viewport: { width: 375, height: 740 } });
		await openControlled(session);
		const first = await session.page.evaluate(async () => {
			const r = await navigator.serviceWorker.ready;
			return r.active?.scriptURL ?? '';
		});
		expect(first).toBe(`${base}/sw.js`);
		// A deploy changes sw.js (its precache list); any byte change is a new version to the browser.
		const swFile = 'build/sw.js';
		const original = readFileSync(swFile, 'utf8');
		try {
			writeFileSync(swFile, `${original}\n// e2e: a new deploy ${Date.now()}\n`);
			await session.page.evaluate(async () => {
				const r = await navigator.serviceWorker.getRegistration();
				await r?.update();
			});
			const toast = session.page.getByTestId('sw-toast');
			await toast.getByRole('button', { name: 'Reload' }).waitFor();
			await session.page.screenshot({ path: artifactPath('pwa-update-toast.png') });
			const waiting = await session.page.evaluate(
				async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? 'none'
			);
			expect(waiting).toBe('installed');
			// Reloading hands control to the new worker: nothing is left waiting and the page works.
			await Promise.all([
				session.page.waitForEvent('load'),
				toast.getByRole('button', { name: 'Reload' }).click()
			]);
			await session.page.getByRole('heading', { name: 'Train', level: 3 }).waitFor();
			const after = await session.page.evaluate(async () => {
				const r = await navigator.serviceWorker.getRegistration();
				return {
					waiting: r?.waiting ?? null,
					controlled: Boolean(navigator.serviceWorker.controller)
				};
			});
			expect(after).toEqual({ waiting: null, controlled: true });
			expect(await toast.count()).toBe(0);
		} finally {
			writeFileSync(swFile, original);
		}
	});

	it('a first visit by a shared link installs the whole app; offline, the link says so and opens once back online', async () => {
		// Someone who opens a shared link first must get the same offline app as from the home page.
		// No share has this id: online, its answer is the clear "not available" card.
		session = await launch({ viewport: { width: 375, height: 740 } });
		await openControlled(session, '/m/a1b2c3d4e5f6');
		const reg = await session.page.evaluate(async () => {
			const r = await navigator.serviceWorker.ready;
			return { scope: r.scope, script: r.active?.scriptURL ?? '' };
		});
		expect(reg).toEqual({ scope: `${base}/`, script: `${base}/sw.js` });
		await session.context.setOffline(true);
		await session.page.goto(`${base}/settings`);
		await session.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
		await session.page.goto(`${base}/m/a1b2c3d4e5f6`);
		const card = session.page.getByTestId('share-unreachable');
		await card.getByRole('heading', { name: 'You are offline' }).waitFor();
		await session.page.screenshot({ path: artifactPath('share-offline.png') });
		expect(await session.page.getByText('Failed to fetch').count()).toBe(0);
		await session.context.setOffline(false);
		await session.page.getByTestId('share-missing').waitFor();
		expect(await card.count()).toBe(0);
	});
});

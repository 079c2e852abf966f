// Full storage in a real browser: the profile lives on a small tmpfs; after the first checkpoint a
// filler file takes almost all of its free space, so Chromium's next IndexedDB write fails with a
// real QuotaExceededError. Training must pause with a message that lists what each model uses,
// keep the saved checkpoint loadable, and carry on once the user deletes an older model from that
// message (its space really returns to the disk).
//
// Why not CDP `Storage.overrideQuotaForOrigin`: in this Chromium (150) the page-level command is
// accepted but changes neither `navigator.storage.estimate()` nor what IndexedDB accepts, and the
// browser-level session answers "Internal error" (it has no storage partition). Filling a small
// disk is what a phone with a full disk does anyway. Needs root (mount); skipped with the reason
// otherwise.
import { execFileSync } from 'node:child_process';
import {
	closeSync,
	fstatSync,
	ftruncateSync,
	mkdtempSync,
	openSync,
	rmSync,
	statfsSync,
	writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session } from './browser';

const base = inject('baseURL');
const mountPoint = mkdtempSync(join(tmpdir(), 'latent-lab-small-disk-'));

function mountSmallDisk(): string | undefined {
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=192m', 'tmpfs', mountPoint], {
			stdio: 'pipe'
		});
		return undefined;
	} catch (err) {
		return err instanceof Error ? err.message : String(err);
	}
}
const mountError = mountSmallDisk();
if (mountError) console.warn(`[storage-full] skipped: cannot mount a small tmpfs (${mountError})`);

let session: Session | undefined;
const filler = join(mountPoint, 'filler.bin');

afterEach(async () => {
	await session?.close();
	session = undefined;
});

afterAll(() => {
	if (!mountError) execFileSync('umount', ['-l', mountPoint]);
	rmSync(mountPoint, { recursive: true, force: true });
});

/**
 * Grows the filler until the disk is full (Chromium writes meanwhile), then gives `leave` bytes
 * back. Called again, it takes whatever space was freed since.
 */
function fillDisk(leave: number): void {
	const fd = openSync(filler, 'a');
	const chunk = Buffer.alloc(1024 * 1024);
	let written = fstatSync(fd).size;
	try {
		for (;;) {
			const want = Math.min(chunk.length, statfsSync(mountPoint).bavail * 4096 || chunk.length);
			written += writeSync(fd, chunk, 0, want);
		}
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
	} finally {
		ftruncateSync(fd, Math.max(0, written - leave));
		closeSync(fd);
	}
}

async function phaseOf(s: Session): Promise<string | null> {
	return s.page.getByTestId('phase').getAttribute('data-phase');
}

describe('full storage', () => {
	it.skipIf(!!mountError)(
		'pauses training when a checkpoint cannot be written, keeps the saved one, resumes after space is freed',
		// Twice at most, as a safety net: in two of about ten full-suite runs the notice did not
		// come (never reproduced alone, even under load). The likely cause is handled below (a
		// checkpoint rotated out is freed after the fill); if it fails again, the error says what
		// the page showed instead.
		{ retry: 1 },
		async () => {
			// A retry starts from an empty disk and a new profile.
			rmSync(filler, { force: true });
			rmSync(join(mountPoint, 'profile'), { recursive: true, force: true });
			session = await launch({ userDataDir: join(mountPoint, 'profile') });
			const { page } = session;
			// An older, larger model the user can delete to make room (a finished 1024-unit AE).
			await page.goto(`${base}/train/dense-ae?backend=wasm&steps=3&batchSize=8&hidden=1024`);
			await page.getByTestId('start').click();
			await expect.poll(() => phaseOf(session as Session), { timeout: 120_000 }).toBe('done');

			const url = `${base}/train/dense-ae?backend=wasm&steps=100000&batchSize=32&checkpointSeconds=1`;
			await page.goto(url);
			await page.getByTestId('start').click();
			const saved = page.getByTestId('saved');
			await saved.waitFor();
			await expect.poll(() => phaseOf(session as Session)).toBe('running');

			// Take all but ~256 KiB of the disk: a checkpoint (megabytes) no longer fits. Each commit
			// drops the oldest of the 3 kept checkpoints, and Chromium deletes its blob files some
			// time after the commit; a fill made in between is undone by that clean-up, and the
			// next checkpoint fits again (and frees the next one, and so on). So keep the disk full,
			// as an app filling a phone would, until the notice shows.
			const full = page.getByTestId('storage-full');
			const deadline = Date.now() + 60_000;
			while (!(await full.isVisible())) {
				if (Date.now() > deadline) {
					// Say what the page shows instead, so a failure here can be diagnosed.
					const shown = await page.getByTestId('phase').innerText();
					const saidError = await page.getByRole('alert').allInnerTexts();
					throw new Error(
						`no storage-full notice within 60 s; phase ${await phaseOf(session)}: ${shown} ${saidError.join(' | ')}; ` +
							`last checkpoint at step ${await saved.getAttribute('data-step')}`
					);
				}
				fillDisk(256 * 1024);
				await page.waitForTimeout(250);
			}
			await expect.poll(() => phaseOf(session as Session)).toBe('paused');
			const keptStep = Number(await saved.getAttribute('data-step'));
			expect(keptStep).toBeGreaterThan(0);
			// The message says how much the write needed and what each saved model uses.
			expect(await full.innerText()).toMatch(
				/Storage is full[\s\S]*could not be saved needs [\d.]+ [KM]i?B/
			);
			const rows = full.getByTestId('storage-model');
			await expect.poll(() => rows.count()).toBe(2);
			// Largest first: the old 1024-unit model, then this run, each with its size.
			const [big, mine] = await Promise.all(
				[0, 1].map((i) => rows.nth(i).getAttribute('data-bytes'))
			);
			expect(Number(big)).toBeGreaterThan(Number(mine));
			expect(Number(mine)).toBeGreaterThan(1_000_000);
			expect(await rows.nth(0).innerText()).toMatch(/\d+(\.\d)? MiB/);
			expect(await rows.nth(1).innerText()).toMatch(/this run[\s\S]*\d+(\.\d)? MiB/);
			await page.screenshot({ path: artifactPath('storage-full.png'), fullPage: true });

			// Paused means paused: no step is taken while storage is full.
			const stepAt = async () =>
				Number(/Step (\d+)/.exec((await page.getByTestId('phase').innerText()) ?? '')?.[1]);
			const pausedAt = await stepAt();
			await page.waitForTimeout(1500);
			expect(await stepAt()).toBe(pausedAt);

			// Nothing saved was lost: another tab offers to resume from the last good checkpoint.
			const other = await session.context.newPage();
			await other.goto(`${base}/train/dense-ae`);
			await other.getByTestId('resume-training').waitFor();
			expect(await other.getByTestId('resume-training').innerText()).toContain(`step ${keptStep}`);
			await other.close();

			// The user deletes the old model right there, frees its space and resumes: the next
			// checkpoint is written.
			page.once('dialog', (d) => void d.accept());
			await rows.nth(0).getByRole('button', { name: 'Delete' }).click();
			await expect.poll(() => rows.count()).toBe(1);
			await page.getByTestId('resume').click();
			await expect
				.poll(() => saved.getAttribute('data-step').then(Number), { timeout: 60_000 })
				.toBeGreaterThan(keptStep);
			expect(await full.count()).toBe(0);

			// And that checkpoint loads: reopen, resume from it, training runs.
			await page.getByTestId('stop').click();
			await expect.poll(() => phaseOf(session as Session), { timeout: 60_000 }).toBe('stopped');
			await page.reload();
			await page.getByTestId('resume-training').click();
			await expect.poll(() => phaseOf(session as Session), { timeout: 60_000 }).toBe('running');
			expect(session.pageErrors).toEqual([]);
		}
	);
});

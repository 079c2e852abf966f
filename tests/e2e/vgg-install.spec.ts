// "Install VGG19" as a person meets it, on a stack of its own (the shared one must keep VGG19
// uninstalled): the server cannot reach the official file, so the app offers the file picker;
// a wrong file is refused by its md5; the right one (a Keras-layout fixture whose md5 stands in
// for the official one) is imported with progress, and style transfer then runs on VGG19.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/lib/local-stack.mjs';
import { writeVgg19Fixture } from '../fixtures/vgg19-h5';
import { artifactPath, launch, stylizeTabWithPainting, type Session } from './browser';

const dir = mkdtempSync(join(tmpdir(), 'vgg19-e2e-'));
let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
let session: Session | undefined;
let fixture: Buffer;

beforeAll(async () => {
	const path = join(dir, 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5');
	await writeVgg19Fixture(path);
	fixture = readFileSync(path);
	stack = await startLocalStack({
		// The photo studio alone: no dataset needed.
		datasets: false,
		vars: {
			VGG19_SOURCE_URL: 'http://127.0.0.1:9/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
			VGG19_SOURCE_MD5: createHash('md5').update(fixture).digest('hex')
		}
	});
});

afterAll(async () => {
	await session?.close();
	await stack?.stop();
	rmSync(dir, { recursive: true, force: true });
});

describe('Install VGG19 from the photo studio', () => {
	it('falls back to a chosen file, refuses a wrong one, installs, then stylizes with VGG19', async () => {
		session = await launch();
		const { page } = session;
		await stylizeTabWithPainting(page, stack!.url, 'great-wave.jpg');
		await page.getByTestId('no-vgg').waitFor();
		const network = page.getByTestId('style-network');
		expect(await network.locator('input[value="vgg19"]').isDisabled()).toBe(true);

		await page.getByTestId('install-vgg-button').click();
		await expect
			.poll(() => page.getByTestId('install-vgg-error').textContent())
			.toContain('could not download');
		await page.screenshot({ path: artifactPath('photos-vgg-install-offline.png'), fullPage: true });
		const picker = page.getByTestId('install-vgg-file');

		const wrong = Buffer.from(fixture);
		wrong[wrong.length - 1] = (wrong[wrong.length - 1] ?? 0) ^ 0xff;
		await picker.setInputFiles({ name: 'copy.h5', mimeType: 'application/x-hdf5', buffer: wrong });
		await expect
			.poll(() => page.getByTestId('install-vgg-error').textContent())
			.toContain('not the official VGG19 file');

		await picker.setInputFiles({
			name: 'vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5',
			mimeType: 'application/x-hdf5',
			buffer: fixture
		});
		await page.getByTestId('no-vgg').waitFor({ state: 'detached' });
		expect(await network.locator('input[value="vgg19"]').isDisabled()).toBe(false);
		expect(await network.locator('input[value="vgg19"]').isChecked()).toBe(true);
		const catalogue = (await (await fetch(`${stack!.url}/api/weights`)).json()) as {
			models: { name: string; training?: { command?: string } }[];
		};
		expect(catalogue.models.find((m) => m.name === 'vgg19')?.training?.command).toContain(
			'file chosen on the device'
		);

		await page.getByTestId('style-iterations').fill('10');
		await page.getByTestId('stylize').click();
		const done = page.locator('[data-testid="done"][data-where="style"]');
		await done.waitFor({ timeout: 200_000 });
		expect(await done.textContent()).toContain('VGG19');
		await page.screenshot({ path: artifactPath('photos-vgg-installed.png'), fullPage: true });
		expect(session.pageErrors).toEqual([]);
	});
});

// "Process on server" in the Photo studio: off by default (nothing is sent), and when chosen the
// photo goes to POST /api/infer/denoise and comes back denoised — measurably cleaner than the
// noisy input and close to the on-device result. Oversized photos and a busy server are explained.
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { artifactPath, launch, type Session } from './browser';

const base = inject('baseURL');
let session: Session | undefined;

afterEach(async () => {
	await session?.close();
	session = undefined;
});

const catalogue = (await (await fetch(`${base}/api/weights`)).json()) as {
	models: { name: string; version: string }[];
};
const gray = catalogue.models
	.filter((m) => m.name === 'denoiser-gray')
	.sort((a, b) => Number(b.version) - Number(a.version))[0];
const hasGray = gray !== undefined;
/** The newest published grey denoiser, as the model menu's value. */
const GRAY = gray ? `denoiser-gray@${gray.version}` : '';

const W = 160;
const H = 120;

/** A clean grey scene (gradient, disc, bars) and the same with Gaussian noise σ = 25. */
function scene(): { clean: Uint8Array; noisy: Uint8Array } {
	const clean = new Uint8Array(W * H);
	const noisy = new Uint8Array(W * H);
	let s = 2024;
	const uniform = () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return (s + 0.5) / 4294967296;
	};
	for (let y = 0; y < H; y++)
		for (let x = 0; x < W; x++) {
			let v = 60 + (x / W) * 120;
			if ((x - 50) ** 2 + (y - 60) ** 2 < 30 ** 2) v = 210;
			if (x > 110 && Math.floor(y / 12) % 2 === 0) v = 30;
			const i = y * W + x;
			clean[i] = Math.round(v);
			// Box–Muller.
			const n = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
			noisy[i] = Math.max(0, Math.min(255, Math.round(v + 25 * n)));
		}
	return { clean, noisy };
}

function png(grey: Uint8Array): Buffer {
	const data = new Uint8Array(W * H * 4);
	for (let i = 0; i < W * H; i++) data.set([grey[i] ?? 0, grey[i] ?? 0, grey[i] ?? 0, 255], i * 4);
	return Buffer.from(encodePng({ width: W, height: H, data, channels: 4, depth: 8 }));
}

function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
	let se = 0;
	for (let i = 0; i < a.length; i++) se += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
	return 10 * Math.log10((255 * 255) / (se / a.length));
}

/** The red channel of the "after" canvas (the photo is grey). */
async function afterGrey(s: Session): Promise<number[]> {
	return s.page.getByTestId('after').evaluate((c: HTMLCanvasElement) => {
		const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
		const out: number[] = [];
		for (let i = 0; i < d.length; i += 4) out.push(d[i] ?? 0);
		return out;
	});
}

async function denoise(s: Session, where: 'device' | 'server'): Promise<number[]> {
	const { page } = s;
	const box = page.getByTestId('on-server');
	if ((await box.isChecked()) !== (where === 'server')) await box.click();
	await page.getByTestId('denoise').click();
	const done = page.getByTestId('done');
	await done.waitFor({ timeout: 200_000 });
	expect(await done.getAttribute('data-where')).toBe(where === 'server' ? 'server' : null);
	console.log(`[photos-server] ${where}: ${await done.innerText()}`);
	return afterGrey(s);
}

describe('process on server', () => {
	it.skipIf(!hasGray)(
		'is off by default; when chosen, the server denoises the photo like the device does',
		async () => {
			session = await launch();
			const { page, context } = session;
			const infer: string[] = [];
			page.on('request', (r) => {
				if (r.url().includes('/api/infer/')) infer.push(r.url());
			});
			const { clean, noisy } = scene();
			await page.goto(`${base}/photos?backend=wasm`);
			await page.getByTestId('file-input').setInputFiles({
				name: 'scene.png',
				mimeType: 'image/png',
				buffer: png(noisy)
			});
			await page.getByTestId('model').selectOption(GRAY);
			expect(await page.getByTestId('on-server').isChecked()).toBe(false);

			const device = await denoise(session, 'device');
			expect(infer).toEqual([]); // nothing left the device

			const answer = page.waitForResponse((r) => r.url().includes('/api/infer/denoise'));
			const server = await denoise(session, 'server');
			// What the server sent back is exactly what the page shows.
			const sent = decodePng(await (await answer).body());
			expect([sent.width, sent.height]).toEqual([W, H]);
			const sentGrey = Array.from({ length: W * H }, (_, i) => sent.data[i * sent.channels] ?? 0);
			expect(server).toEqual(sentGrey);
			expect(infer).toHaveLength(1);
			expect(infer[0]).toContain('/api/infer/denoise?model=denoiser-gray&sigma=');
			await page.screenshot({ path: artifactPath('photos-server.png'), fullPage: true });

			const noisyDb = psnr(noisy, clean);
			const serverDb = psnr(server, clean);
			const agreeDb = psnr(server, device);
			console.log(
				`[photos-server] PSNR vs clean: noisy ${noisyDb.toFixed(2)} dB, server ${serverDb.toFixed(2)} dB, device ${psnr(device, clean).toFixed(2)} dB; server vs device ${agreeDb.toFixed(1)} dB`
			);
			expect(serverDb).toBeGreaterThan(noisyDb + 3);
			expect(agreeDb).toBeGreaterThan(35);

			// A busy server (429 with Retry-After) is explained, and the photo stays as it was.
			await context.route('**/api/infer/denoise*', (route) =>
				route.fulfill({
					status: 429,
					headers: { 'retry-after': '30', 'content-type': 'application/json' },
					body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } })
				})
			);
			await page.getByTestId('denoise').click();
			const error = page.getByTestId('error');
			await error.waitFor();
			expect(await error.innerText()).toContain(
				'The server is busy (too many requests). Try again in 30 s'
			);
			expect(session.pageErrors).toEqual([]);
		}
	);

	it.skipIf(!hasGray)('suggests the server when the device computes on the CPU only', async () => {
		session = await launch();
		const { page } = session;
		await page.goto(`${base}/photos?backend=cpu`);
		await page.getByTestId('file-input').setInputFiles({
			name: 'scene.png',
			mimeType: 'image/png',
			buffer: png(scene().noisy)
		});
		await page.getByTestId('model').selectOption(GRAY);
		expect(await page.getByTestId('server-suggestion').count()).toBe(0);
		await page.getByTestId('denoise').click();
		await page.getByTestId('done').waitFor({ timeout: 200_000 });
		expect(await page.getByTestId('server-suggestion').innerText()).toContain(
			'This device computes on the CPU only (chosen in settings)'
		);
		// Choosing the server hides the suggestion; nothing was sent until then.
		await page.getByTestId('on-server').click();
		expect(await page.getByTestId('server-suggestion').count()).toBe(0);
	});

	it.skipIf(!hasGray)(
		'asks before using the server when neither WebGPU nor WASM works, and uploads only on yes',
		async () => {
			session = await launch();
			const { page } = session;
			// No GPU here, and the WASM binaries fail to load: only the plain CPU backend is left.
			await session.context.route(/\.wasm(\?.*)?$/, (route) => route.fulfill({ status: 404 }));
			let sent = 0;
			page.on('request', (r) => {
				if (r.url().includes('/api/infer/')) sent++;
			});
			await page.goto(`${base}/photos`);
			await page.getByTestId('file-input').setInputFiles({
				name: 'scene.png',
				mimeType: 'image/png',
				buffer: png(scene().noisy)
			});
			await page.getByTestId('model').selectOption(GRAY);
			await page.getByTestId('denoise').click();
			const offer = page.getByTestId('server-offer');
			await offer.waitFor();
			expect(await offer.innerText()).toContain('neither WebGPU nor WebAssembly');
			expect(sent).toBe(0);
			await page.getByTestId('offer-server').click();
			const done = page.locator('[data-testid="done"][data-where="server"]');
			await done.waitFor({ timeout: 120_000 });
			expect(sent).toBe(1);
			expect(await page.getByTestId('on-server').isChecked()).toBe(true);
			expect(session.pageErrors).toEqual([]);
		}
	);

	it('refuses a photo over the server cap before sending it, and says so', async () => {
		session = await launch();
		const { page } = session;
		let sent = 0;
		page.on('request', (r) => {
			if (r.url().includes('/api/infer/')) sent++;
		});
		await page.goto(`${base}/photos?backend=wasm`);
		const data = new Uint8Array(1100 * 40 * 4).fill(128);
		await page.getByTestId('file-input').setInputFiles({
			name: 'wide.png',
			mimeType: 'image/png',
			buffer: Buffer.from(encodePng({ width: 1100, height: 40, data, channels: 4, depth: 8 }))
		});
		await page.getByTestId('on-server').click();
		await page.getByTestId('denoise').click();
		const error = page.getByTestId('error');
		await error.waitFor();
		expect(await error.innerText()).toContain(
			"Too large for the server: 1100 × 40 is larger than the server's 1024 × 1024"
		);
		expect(sent).toBe(0);
	});
});

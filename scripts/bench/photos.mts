/**
 * CLI: npm run bench:photos [-- --images 40] [--no-worker] [--runs 3] [--quality-only] [--no-bm3d]
 * (package.json runs bench:infer first: denoise and generate latency, on device / Worker / PyTorch.)
 * The photo studio's quality and its style tools' cost:
 *  - denoising PSNR/SSIM at σ = 15, 25, 50 on the held-out Train400 images (never trained on):
 *    the shipped denoiser-gray (one pass, and its ×8 geometric self-ensemble, the photo studio's
 *    "Best quality") against the noisy input and two classical baselines measured in
 *    the same run — a Gaussian blur and a bilateral filter, each at its best setting for that σ
 *    over a small grid (an oracle choice, which flatters the baselines), and BM3D (lib/bm3d; about
 *    4 s per image and σ, so --no-bm3d leaves it out), the classical method the issue's target is
 *    anchored on: its score here says how these images compare with BSD68;
 *  - colour denoising on held-out colour photos: the colour model, the grey one on R, G and B one
 *    by one, and the grey one on opponent colour planes (lib/colour-quality);
 *  - style transfer latency and peak memory on tfjs WASM in Node: Gatys optimisation per step at
 *    256 and 512 px (the app's sizes; it does not optimise bigger images), and one pass of the
 *    phone-sized fast stylizer at 512×512 and 1024×768 (the app's largest: at 2048×1536 one
 *    activation is 200 MB and the WASM heap overflows, so the app does not offer it);
 *  - the Worker's POST /api/infer/stylize under `wrangler dev`.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { encode as encodePng } from 'fast-png';
import { addAwgn } from '../../src/lib/ml/models/denoiser/train';
import { psnrPerImage, ssimPerImage } from '../../src/lib/ml/metrics/image';
import { buildStylizer } from '../../src/lib/ml/models/stylizer/model';
import {
	applyStylizer,
	randomStyleNetwork,
	stylizePhoto
} from '../../src/lib/photo-worker/stylize';
import { createImage, type RgbaImage } from '../../src/lib/photo/image';
import { readManifest } from '../pretrain/artifacts.mts';
import { fileLoader } from '../pretrain/node-io.mts';
import { HOLDOUT, TRAIN400_DIR } from '../pretrain/jobs.mts';
import { selfEnsemble } from '../../src/lib/ml/models/denoiser/ensemble';
import { readPngFolder } from '../pretrain/patches.mts';
import { startLocalStack } from '../lib/local-stack.mjs';
import { bilateral, gaussianBlur } from './lib/classical.mts';
import { bm3d } from './lib/bm3d.mts';
import { colourQuality, COLOUR_TEST_PHOTOS } from './lib/colour-quality.mts';
import { initWasm } from './lib/wasm.mts';
import { fmt, markdownTable, targetCell } from './lib/table.mts';
import { writeResults } from './lib/results.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		images: { type: 'string', default: String(HOLDOUT) },
		runs: { type: 'string', default: '3' },
		'no-worker': { type: 'boolean', default: false },
		'quality-only': { type: 'boolean', default: false },
		'no-bm3d': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' }
	}
});
const RUNS = Math.max(2, Number(values.runs));
const SIGMAS = [15, 25, 50] as const;
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const median = (xs: number[]) =>
	[...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

await initWasm();
const manifest = await readManifest(join('weights', 'manifest.json'));
const published = (name: string) => manifest.models.find((m) => m.name === name);

// ── denoising quality ──────────────────────────────────────────────────────────────────────────
const all = await readPngFolder(TRAIN400_DIR, 1);
const held = all.slice(all.length - HOLDOUT).slice(0, Number(values.images));
const dn = published('denoiser-gray');
if (!dn) throw new Error('weights/manifest.json has no denoiser-gray');
const denoiser = await tfl.loadLayersModel(
	fileLoader(join('weights', 'denoiser-gray', dn.version, 'model.json'))
);
log(`denoiser-gray v${dn.version} on ${held.length} held-out Train400 images`);

interface Score {
	psnr: number;
	ssim: number;
	setting?: string;
}
const quality: Record<string, Record<string, Score>> = {};
for (const sigma of SIGMAS) {
	const rows: Record<string, { psnr: number[]; ssim: number[] }> = {};
	const add = (key: string, out: tf.Tensor4D, clean: tf.Tensor4D) => {
		const clipped = tf.clipByValue(out, 0, 1) as tf.Tensor4D;
		rows[key] ??= { psnr: [], ssim: [] };
		rows[key].psnr.push(psnrPerImage(clipped, clean)[0] ?? NaN);
		rows[key].ssim.push(ssimPerImage(clipped, clean)[0] ?? NaN);
		clipped.dispose();
	};
	const gaussGrid = [0.6, 0.9, 1.3, 1.8];
	const bilatGrid = [1, 2, 3].map((k) => (k * sigma) / 255);
	for (let i = 0; i < held.length; i++) {
		const img = held[i]!;
		const [h, w] = [img.height, img.width];
		const clean = tf.tidy(() =>
			tf.div(tf.tensor4d(img.data, [1, h, w, 1], 'float32'), 255)
		) as tf.Tensor4D;
		// The same noise as the pretraining's own validation (seed 1).
		const { noisy, sigmaMap } = addAwgn(clean, new Float32Array([sigma]), 1 * 7919 + i);
		add('noisy input', noisy, clean);
		const out = tf.tidy(() => denoiser.predict(noisy) as tf.Tensor4D);
		add(`denoiser-gray v${dn.version}`, out, clean);
		const ens = selfEnsemble((t) => denoiser.predict(t) as tf.Tensor4D, noisy);
		add('self-ensemble', ens, clean);
		ens.dispose();
		const y = (await noisy.data()) as Float32Array;
		for (const s of gaussGrid) {
			const g = tf.tensor4d(gaussianBlur(y, w, h, s), [1, h, w, 1]);
			add(`gaussian σ=${s}px`, g, clean);
			g.dispose();
		}
		for (const r of bilatGrid) {
			const b = tf.tensor4d(bilateral(y, w, h, 1.5, r), [1, h, w, 1]);
			add(`bilateral σr=${Math.round(r * 255)}`, b, clean);
			b.dispose();
		}
		if (!values['no-bm3d']) {
			const b = tf.tensor4d(bm3d(y, w, h, sigma / 255), [1, h, w, 1]);
			add('BM3D', b, clean);
			b.dispose();
		}
		tf.dispose([clean, noisy, sigmaMap, out]);
	}
	const best = (prefix: string): [string, { psnr: number[]; ssim: number[] }] =>
		Object.entries(rows)
			.filter(([k]) => k.startsWith(prefix))
			.sort((a, b) => mean(b[1].psnr) - mean(a[1].psnr))[0]!;
	const pick = (key: string, r: { psnr: number[]; ssim: number[] }, setting?: string): Score => ({
		psnr: mean(r.psnr),
		ssim: mean(r.ssim),
		setting
	});
	const [gk, g] = best('gaussian');
	const [bk, b] = best('bilateral');
	const q = {
		noisy: pick('noisy input', rows['noisy input']!),
		gaussian: pick(gk, g, gk),
		bilateral: pick(bk, b, bk),
		...(rows.BM3D ? { bm3d: pick('BM3D', rows.BM3D) } : {}),
		denoiser: pick('denoiser', rows[`denoiser-gray v${dn.version}`]!),
		ensemble: pick('self-ensemble', rows['self-ensemble']!)
	};
	quality[`σ=${sigma}`] = q;
	log(
		`σ=${sigma}: noisy ${fmt(q.noisy.psnr, 2)} dB, ${gk} ${fmt(mean(g.psnr), 2)}, ${bk} ${fmt(mean(b.psnr), 2)}, ${q.bm3d ? `BM3D ${fmt(q.bm3d.psnr, 2)}, ` : ''}denoiser ${fmt(q.denoiser.psnr, 2)}, ×8 self-ensemble ${fmt(q.ensemble.psnr, 2)}`
	);
}
denoiser.dispose();

const colour = await colourQuality(SIGMAS, {
	grey: dn.version,
	colour: published('denoiser-color')?.version
});
for (const [s, row] of Object.entries(colour)) {
	log(
		`colour ${s}: ${Object.entries(row)
			.map(([k, v]) => `${k} ${fmt(v, 2)}`)
			.join(', ')}`
	);
}

const qualityOnly = values['quality-only'];
// ── style transfer cost on device (Node, tfjs WASM) ────────────────────────────────────────────
/** A deterministic photo-like test card. */
function card(width: number, height: number): RgbaImage {
	const img = createImage(width, height);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			img.data.set(
				[(x * 255) / width, (y * 255) / height, 128 + 60 * Math.sin(x / 17 + y / 29), 255],
				i
			);
		}
	return img;
}
const painting = card(384, 300);
interface Cost {
	ms: number;
	peakMiB: number;
	rssMiB: number;
	note?: string;
}
const cost: Record<string, Cost> = {};
const mib = (b: number) => b / 2 ** 20;
if (!qualityOnly) {
	const net = randomStyleNetwork();
	for (const side of [256, 512]) {
		let peak = 0;
		const steps = side === 256 ? 20 : 10;
		const times: number[] = [];
		let last = performance.now();
		await stylizePhoto({
			content: card(2048, 1536),
			style: painting,
			network: net,
			maxSide: side,
			iterations: steps,
			previewEvery: 1,
			onPreview: (p) => {
				const now = performance.now();
				// Step 1 builds the kernels; later steps (each with a preview read-back) are timed.
				if (p.step > 1) times.push(now - last);
				last = now;
				peak = Math.max(peak, tf.memory().numBytes);
			}
		});
		const ms = median(times);
		cost[`gatys step ${side}px`] = {
			ms,
			peakMiB: mib(peak),
			rssMiB: mib(process.memoryUsage().rss),
			note: `150 steps (the default) ≈ ${fmt((ms * 150) / 1000, 0)} s`
		};
		log(`gatys ${side}px: ${fmt(ms, 0)} ms per step`);
	}
	net.dispose();
}
if (!qualityOnly) {
	const entry = published('stylizer-starry-night');
	const model = entry
		? await tfl.loadLayersModel(
				fileLoader(join('weights', 'stylizer-starry-night', entry.version, 'model.json'))
			)
		: buildStylizer({ size: 'phone' });
	const what = entry ? `stylizer-starry-night v${entry.version}` : 'phone stylizer (untrained)';
	for (const [w, h] of [
		[512, 512],
		[1024, 768]
	] as const) {
		const img = card(w, h);
		await applyStylizer(model, img, Math.max(w, h)); // warm-up
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const before = tf.memory().numTensors;
			const t0 = performance.now();
			await applyStylizer(model, img, Math.max(w, h));
			times.push(performance.now() - t0);
			if (tf.memory().numTensors !== before) throw new Error('fast stylizer leaked tensors');
		}
		// A separate, untimed run for the peak: tf.profile tracks every allocation.
		const { peakBytes: peak } = await tf.profile(async () => {
			await applyStylizer(model, img, Math.max(w, h));
			return [];
		});
		cost[`fast ${w}×${h}`] = {
			ms: median(times),
			peakMiB: mib(peak),
			rssMiB: mib(process.memoryUsage().rss),
			note: what
		};
		log(`fast stylizer ${w}×${h}: ${fmt(median(times), 0)} ms`);
	}
	model.dispose();
}

// ── the Worker under wrangler dev ──────────────────────────────────────────────────────────────
const worker: Record<string, { ms?: number; status: number; note?: string }> = {};
if (!values['no-worker'] && !qualityOnly) {
	const server = await startLocalStack();
	try {
		for (const [w, h] of [
			[416, 320],
			[512, 512],
			[2048, 1536]
		] as const) {
			const img = card(w, h);
			const png = encodePng({ width: w, height: h, data: img.data, channels: 4, depth: 8 });
			const times: number[] = [];
			let status = 0;
			let note: string | undefined;
			for (let i = 0; i < RUNS + 1; i++) {
				const t0 = performance.now();
				const res = await fetch(`${server.url}/api/infer/stylize?style=starry-night`, {
					method: 'POST',
					headers: { 'content-type': 'image/png' },
					body: png
				});
				const body = await res.arrayBuffer();
				status = res.status;
				if (!res.ok) {
					note = JSON.parse(new TextDecoder().decode(body)).error?.message;
					break;
				}
				if (i > 0) times.push(performance.now() - t0);
			}
			worker[`${w}×${h}`] = { ms: times.length ? median(times) : undefined, status, note };
			log(`worker stylize ${w}×${h}: HTTP ${status} ${note ?? `${fmt(median(times), 0)} ms`}`);
		}
	} finally {
		await server.stop();
	}
}

// ── report ─────────────────────────────────────────────────────────────────────────────────────
console.log(`\n## Denoising on ${held.length} held-out Train400 images (PSNR dB / SSIM)\n`);
console.log(
	markdownTable(
		[
			'σ',
			'noisy input',
			'Gaussian blur (best)',
			'bilateral (best)',
			'BM3D',
			`denoiser-gray v${dn.version}`,
			'same, ×8 self-ensemble'
		],
		Object.entries(quality).map(([s, q]) => [
			s,
			`${fmt(q.noisy!.psnr, 2)} / ${fmt(q.noisy!.ssim, 3)}`,
			`${fmt(q.gaussian!.psnr, 2)} / ${fmt(q.gaussian!.ssim, 3)} (${q.gaussian!.setting})`,
			`${fmt(q.bilateral!.psnr, 2)} / ${fmt(q.bilateral!.ssim, 3)} (${q.bilateral!.setting})`,
			q.bm3d ? `${fmt(q.bm3d.psnr, 2)} / ${fmt(q.bm3d.ssim, 3)}` : 'not run',
			`${fmt(q.denoiser!.psnr, 2)} / ${fmt(q.denoiser!.ssim, 3)}`,
			`${fmt(q.ensemble!.psnr, 2)} / ${fmt(q.ensemble!.ssim, 3)}`
		])
	)
);
const at25 = quality['σ=25']!;
console.log(
	`\nTarget (σ = 25, one pass): ${fmt(at25.denoiser!.psnr, 2)} dB, ${targetCell(at25.denoiser!.psnr, { op: '>=', value: 28.6 })}` +
		(at25.bm3d
			? `; over BM3D on these images: one pass ${fmt(at25.denoiser!.psnr - at25.bm3d.psnr, 2)} dB, ×8 ${fmt(at25.ensemble!.psnr - at25.bm3d.psnr, 2)} dB (BM3D scores 28.57 on BSD68, so these images are ${fmt(28.57 - at25.bm3d.psnr, 2)} dB harder for it; DnCNN is 0.66 dB over BM3D there)`
			: '')
);
const colourMethods = Object.keys(Object.values(colour)[0] ?? {});
console.log(
	`\n## Colour denoising on held-out colour photos (${COLOUR_TEST_PHOTOS.join(', ')}; 256² centre crops; PSNR dB)\n`
);
console.log(
	markdownTable(
		['σ', ...colourMethods],
		Object.entries(colour).map(([s, row]) => [s, ...colourMethods.map((m) => fmt(row[m]!, 2))])
	)
);
console.log('\n## Style transfer on device (Node, tfjs WASM, one thread)\n');
console.log(
	markdownTable(
		['job', 'ms (median)', 'peak tf MiB', 'RSS MiB', 'note'],
		Object.entries(cost).map(([k, c]) => [
			k,
			fmt(c.ms, 0),
			fmt(c.peakMiB, 0),
			fmt(c.rssMiB, 0),
			c.note
		])
	)
);
if (Object.keys(worker).length) {
	console.log('\n## POST /api/infer/stylize?style=starry-night (wrangler dev, loopback)\n');
	console.log(
		markdownTable(
			['image', 'HTTP', 'ms (median)', 'note'],
			Object.entries(worker).map(([k, r]) => [
				k,
				r.status,
				r.ms === undefined ? '–' : fmt(r.ms, 0),
				r.note
			])
		)
	);
}
writeResults(values.out ?? 'bench/results', 'photos', {
	denoiser: { name: 'denoiser-gray', version: dn.version, images: held.length },
	quality,
	colour,
	styleCost: cost,
	worker,
	stylizerPublished: existsSync(join('weights', 'stylizer-starry-night'))
});

/**
 * CLI: npm run bench:infer [-- --runs 5] [--no-torch] [--no-worker]
 * Inference latency p50/p95 (ms) of what the photo studio and the generator run:
 *  - on device: the app's own code (createDenoiser + runTiled with the app's default tiles, the
 *    shipped colour denoiser; the shipped DCGAN for 64 samples) on tfjs WASM in Node, with peak
 *    tf.memory().numBytes and RSS, and a leak check;
 *  - in the Worker: POST /api/infer/{denoise,generate} against `wrangler dev` on loopback (its
 *    1024 px limit refuses 2048×1536 — reported as such);
 *  - PyTorch CPU, one thread, running the same networks (scripts/bench/torch_infer.py), as the
 *    reference when installed.
 * Stylize: the fast stylizer's phone-sized network (random weights) on device and in PyTorch;
 * the Worker's stylize route is measured by bench:photos (it needs a published stylizer).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { encode as encodePng } from 'fast-png';
import { createDenoiser } from '../../src/lib/photo-worker/denoiser';
import { applyStylizer } from '../../src/lib/photo-worker/stylize';
import { buildStylizer } from '../../src/lib/ml/models/stylizer/model';
import { DEFAULT_OVERLAP, DEFAULT_TILE, runTiled } from '../../src/lib/photo/tiling';
import { createImage, type RgbaImage } from '../../src/lib/photo/image';
import { fileLoader } from '../pretrain/node-io.mts';
import { startLocalStack } from '../lib/local-stack.mjs';
import { initWasm } from './lib/wasm.mts';
import { findTorchPython, TORCH_MISSING } from './lib/torch.mts';
import { fmt, markdownTable } from './lib/table.mts';
import { writeResults } from './lib/results.mts';
import { log } from './lib/log.mts';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '5' },
		'no-torch': { type: 'boolean', default: false },
		'no-worker': { type: 'boolean', default: false },
		out: { type: 'string', default: 'bench/results' }
	}
});
const RUNS = Math.max(2, Number(values.runs));

interface Latency {
	ms: number[];
	p50: number;
	p95: number;
	p99?: number;
	peakBytes?: number;
	peakRss?: number;
	note?: string;
}

function percentile(xs: number[], q: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))] ?? NaN;
}
function summarise(ms: number[], extra: Partial<Latency> = {}): Latency {
	return {
		ms,
		p50: percentile(ms, 0.5),
		p95: percentile(ms, 0.95),
		p99: percentile(ms, 0.99),
		...extra
	};
}

/** A deterministic noisy photo-like RGBA image (smooth gradients plus noise). */
function testImage(width: number, height: number): RgbaImage {
	const img = createImage(width, height);
	let s = 12345;
	const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 50 - 25;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const i = (y * width + x) * 4;
			img.data[i] = Math.max(0, Math.min(255, (x * 255) / width + rand()));
			img.data[i + 1] = Math.max(0, Math.min(255, (y * 255) / height + rand()));
			img.data[i + 2] = Math.max(0, Math.min(255, 128 + rand()));
			img.data[i + 3] = 255;
		}
	}
	return img;
}

const SIZES: [string, number, number, number][] = [
	['denoise-256x256', 256, 256, RUNS],
	['denoise-512x512', 512, 512, RUNS],
	['denoise-2048x1536', 2048, 1536, Math.max(2, Math.ceil(RUNS / 2))]
];
const weight = (name: string) => join('weights', name, '1', 'model.json');

// ── on device (Node, tfjs WASM, the app's code) ────────────────────────────────────────────────
const backend = await initWasm();
log(`tfjs ${tf.version_core} wasm simd=${backend.simd} threads=${backend.threads}`);
const device: Record<string, Latency> = {};
{
	const model = await tfl.loadLayersModel(fileLoader(weight('denoiser-color')));
	const d = await createDenoiser(model, 'denoiser-color');
	for (const [name, w, h, runs] of SIZES) {
		const img = testImage(w, h);
		const before = tf.memory().numTensors;
		let peakBytes = 0;
		let peakRss = 0;
		const ms: number[] = [];
		await runTiled(img, (t) => d.run(t, 25), { tile: DEFAULT_TILE, overlap: DEFAULT_OVERLAP }); // warm-up
		for (let i = 0; i < runs; i++) {
			const t0 = performance.now();
			await runTiled(
				img,
				async (t) => {
					const out = await d.run(t, 25);
					peakBytes = Math.max(peakBytes, tf.memory().numBytes);
					peakRss = Math.max(peakRss, process.memoryUsage().rss);
					return out;
				},
				{ tile: DEFAULT_TILE, overlap: DEFAULT_OVERLAP }
			);
			ms.push(performance.now() - t0);
		}
		const leak = tf.memory().numTensors - before;
		device[name] = summarise(ms, {
			peakBytes,
			peakRss,
			note: leak > 0 ? `LEAK +${leak}` : undefined
		});
		log(`device ${name}: p50 ${fmt(device[name].p50, 0)} ms`);
	}
	d.dispose();
}
{
	const g = await tfl.loadLayersModel(fileLoader(weight('dcgan-fashion')));
	const before = tf.memory().numTensors;
	const ms: number[] = [];
	let peakBytes = 0;
	for (let i = 0; i < RUNS * 4 + 1; i++) {
		const t0 = performance.now();
		const out = tf.tidy(
			() => g.predict(tf.randomNormal([64, 100], 0, 1, 'float32', i)) as tf.Tensor
		);
		await out.data();
		peakBytes = Math.max(peakBytes, tf.memory().numBytes);
		out.dispose();
		if (i > 0) ms.push(performance.now() - t0); // the first call builds the XNNPACK operators
	}
	const leak = tf.memory().numTensors - before;
	device['generate-64'] = summarise(ms, {
		peakBytes,
		peakRss: process.memoryUsage().rss,
		note: leak > 0 ? `LEAK +${leak}` : undefined
	});
	log(`device generate-64: p50 ${fmt(device['generate-64'].p50, 1)} ms`);
	g.dispose();
}
{
	// The fast stylizer's architecture (phone size; random weights: latency does not depend on them).
	const model = buildStylizer({ size: 'phone' });
	const cases: [string, number, number][] = [
		['stylize-512x512', 512, 512],
		['stylize-1024x768', 1024, 768]
	];
	for (const [name, w, h] of cases) {
		const img = testImage(w, h);
		await applyStylizer(model, img, Math.max(w, h)); // warm-up
		const before = tf.memory().numTensors;
		const ms: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t0 = performance.now();
			await applyStylizer(model, img, Math.max(w, h));
			ms.push(performance.now() - t0);
		}
		const { peakBytes } = await tf.profile(async () => {
			await applyStylizer(model, img, Math.max(w, h));
			return [];
		});
		const leak = tf.memory().numTensors - before;
		device[name] = summarise(ms, {
			peakBytes,
			peakRss: process.memoryUsage().rss,
			note: leak > 0 ? `LEAK +${leak}` : undefined
		});
		log(`device ${name}: p50 ${fmt(device[name].p50, 0)} ms`);
	}
	// One 2048×1536 activation of 16 channels is 200 MB; tfjs-wasm's heap overflows ("memory
	// access out of bounds") and instance norm rules out tiles, so the app stops at 1024 px.
	device['stylize-2048x1536'] = {
		ms: [],
		p50: NaN,
		p95: NaN,
		note: 'not run: overflows the WASM heap (the app offers ≤ 1024 px)'
	};
	model.dispose();
}

// ── the Worker under wrangler dev ──────────────────────────────────────────────────────────────
const worker: Record<string, Latency> = {};
if (!values['no-worker']) {
	const server = await startLocalStack();
	try {
		const cases: [string, number, number, number][] = [
			// The Worker caps work per request (MAX_MACS): a 256² colour denoise fits, 512² does not.
			['denoise-256x256', 256, 256, RUNS],
			['denoise-512x512', 512, 512, 1],
			['denoise-2048x1536', 2048, 1536, 1]
		];
		for (const [name, w, h, runs] of cases) {
			const img = testImage(w, h);
			const png = encodePng({ width: w, height: h, data: img.data, channels: 4, depth: 8 });
			const ms: number[] = [];
			let note: string | undefined;
			for (let i = 0; i < runs + 1; i++) {
				const t0 = performance.now();
				const res = await fetch(`${server.url}/api/infer/denoise?model=denoiser-color&sigma=25`, {
					method: 'POST',
					headers: { 'content-type': 'image/png' },
					body: png
				});
				await res.arrayBuffer();
				if (!res.ok) {
					note = `refused: HTTP ${res.status}`;
					break;
				}
				if (i > 0) ms.push(performance.now() - t0); // the first loads the model into the isolate
			}
			worker[name] = ms.length ? summarise(ms, { note }) : { ms, p50: NaN, p95: NaN, note };
			log(`worker ${name}: ${note ?? `p50 ${fmt(worker[name].p50, 0)} ms`}`);
		}
		const ms: number[] = [];
		for (let i = 0; i < RUNS * 6 + 1; i++) {
			const t0 = performance.now();
			const res = await fetch(`${server.url}/api/infer/generate`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ model: 'dcgan-fashion', seed: i, n: 64 })
			});
			await res.arrayBuffer();
			if (!res.ok) throw new Error(`generate: HTTP ${res.status}`);
			if (i > 0) ms.push(performance.now() - t0);
		}
		worker['generate-64'] = summarise(ms);
		log(
			`worker generate-64: p50 ${fmt(worker['generate-64'].p50, 1)} ms, p99 ${fmt(worker['generate-64'].p99, 1)} ms`
		);
	} finally {
		await server.stop();
	}
}

// ── PyTorch reference ──────────────────────────────────────────────────────────────────────────
let torch: Record<string, Latency> = {};
let torchNote = TORCH_MISSING;
const py = values['no-torch'] ? undefined : findTorchPython();
if (values['no-torch']) torchNote = 'skipped: --no-torch';
else if (py) {
	log(`PyTorch via ${py}, one thread…`);
	const r = spawnSync(py, ['scripts/bench/torch_infer.py', '--runs', String(RUNS)], {
		encoding: 'utf8',
		env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
		maxBuffer: 1 << 24
	});
	if (r.status === 0) {
		const parsed = JSON.parse(r.stdout) as Record<string, Latency | string>;
		torchNote = `PyTorch ${String(parsed.torch)} (${py}), 1 thread`;
		torch = Object.fromEntries(
			Object.entries(parsed).filter((e): e is [string, Latency] => typeof e[1] === 'object')
		);
	} else
		torchNote = `skipped: ${(r.stderr || 'torch_infer.py failed').split('\n').slice(-2).join(' ')}`;
}
log(torchNote);

const mib = (b?: number) => (b === undefined ? '–' : `${(b / 2 ** 20).toFixed(1)} MiB`);
const cell = (l?: Latency) =>
	!l ? '–' : l.ms.length ? `${fmt(l.p50, 0)} / ${fmt(l.p95, 0)}` : (l.note ?? '–');
const cases = [
	'denoise-256x256',
	'denoise-512x512',
	'denoise-2048x1536',
	'stylize-512x512',
	'stylize-1024x768',
	'stylize-2048x1536',
	'generate-64'
];
console.log(
	`\nInference latency p50 / p95 in ms; tfjs ${tf.version_core} WASM (Node, simd ${backend.simd}, single thread); ${torchNote}; ${cpus().length} cores, load average ${(loadavg()[0] ?? NaN).toFixed(1)}\n`
);
console.log(
	markdownTable(
		[
			'Case',
			'on device (WASM)',
			'Worker (wrangler dev)',
			'PyTorch CPU',
			'tfjs speed ÷ PyTorch (p50)',
			'peak tf bytes',
			'peak RSS',
			'notes'
		],
		cases.map((c) => {
			const d = device[c];
			const t = torch[c];
			return [
				c,
				cell(d),
				cell(worker[c]),
				cell(t),
				d?.ms.length && t ? (t.p50 / d.p50).toFixed(2) : '–',
				mib(d?.peakBytes),
				mib(d?.peakRss),
				[d?.note, worker[c]?.note].filter(Boolean).join('; ') || ''
			];
		})
	)
);
const den = device['denoise-512x512']?.p50 ?? NaN;
const gen = worker['generate-64']?.p99;
console.log(
	`\nTarget denoise 512×512 on device ≤ 1 s: ${fmt(den, 0)} ms — ${den <= 1000 ? 'pass' : 'short'}`
);
if (gen !== undefined) {
	console.log(
		`Target Worker generate p99 ≤ 250 ms: ${fmt(gen, 0)} ms — ${gen <= 250 ? 'pass' : 'short'}`
	);
}
console.log('(tfjs speed ÷ PyTorch above 1 means tfjs is faster.)');
writeResults(values.out ?? 'bench/results', 'infer', {
	runs: RUNS,
	device,
	worker,
	torch,
	torchNote
});

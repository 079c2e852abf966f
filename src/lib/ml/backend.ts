/**
 * Chooses the compute backend: WebGPU → WASM (SIMD, threads when cross-origin isolated) → CPU.
 * Each candidate is tried for real (a small matMul must give the right answer) before it is
 * chosen, and the reason every skipped candidate was skipped is kept for the UI.
 * Pure tfjs: runs in the browser worker, in Node and in workerd.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgpu' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

/** What was chosen and why; serialisable so the worker can post it to the page. */
export interface BackendInfo {
	name: BackendName;
	/** WASM: XNNPACK threads in use (1 when single-threaded); others: 0. */
	threads: number;
	simd: boolean;
	/** WebGPU: the adapter is a software one (SwiftShader) — correct but slow. */
	fallbackAdapter: boolean;
	adapterDescription?: string;
	/** True when the user asked for this backend (settings or ?backend=). */
	forced: boolean;
	/** Why each earlier candidate was not used, e.g. { webgpu: 'no adapter' }. */
	skipped: Partial<Record<BackendName, string>>;
}

export type WasmBinaryName =
	'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface SelectBackendOptions {
	/** Try only this one (falling back through the rest of the order if it fails). */
	preferred?: BackendName;
	/** Where the wasm binaries live (URLs in the browser, file paths or modules elsewhere). */
	wasmPaths?: string | Partial<Record<WasmBinaryName, string>>;
	/** Let the wasm backend load its binaries with the platform fetch (workerd, Node). */
	wasmUsePlatformFetch?: boolean;
	/** XNNPACK thread count for WASM; defaults to the number of logical cores. */
	threads?: number;
	/** Candidates to consider, in order; defaults to BACKEND_ORDER. */
	order?: readonly BackendName[];
	/** Hook to register extra kernels once a backend is live (e.g. the wasm conv gradients). */
	onBackendReady?: (name: BackendName) => void | Promise<void>;
}

interface GpuAdapterLike {
	info?: {
		description?: string;
		vendor?: string;
		architecture?: string;
		isFallbackAdapter?: boolean;
	};
	isFallbackAdapter?: boolean;
}
interface GpuLike {
	requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

function gpu(): GpuLike | undefined {
	const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
	return nav?.gpu;
}

function hardwareThreads(): number {
	const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
	return Math.max(1, Math.min(MAX_WASM_THREADS, nav?.hardwareConcurrency ?? 1));
}

/** tfjs-backend-wasm 4.22 pre-spawns this many pthread workers; more would block start-up. */
const MAX_WASM_THREADS = 8;

/**
 * tfjs-backend-wasm 4.22 caps its XNNPACK pool at hardwareConcurrency / 2 (it assumes two
 * hyper-threads per core), read once when the wasm module starts. On a 2-core phone or laptop
 * that means one thread whatever `setThreadsCount` asks for. Present a doubled count while the
 * module starts so the requested number of threads is honoured, then put the real value back.
 * Returns the function that restores it (a no-op where navigator is absent or frozen).
 */
export function liftWasmThreadCap(threads: number): () => void {
	const nav = (globalThis as { navigator?: object }).navigator;
	if (!nav) return () => {};
	const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
	try {
		Object.defineProperty(nav, 'hardwareConcurrency', {
			configurable: true,
			get: () => threads * 2
		});
	} catch {
		return () => {};
	}
	return () => {
		if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
		else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
	};
}

function message(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** Runs a small matMul and checks the answer, so a backend that loads but computes wrong is refused. */
export async function verifyBackend(): Promise<void> {
	const result = tf.tidy(() =>
		tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]))
	);
	try {
		const got = await result.data();
		const want = [19, 22, 43, 50];
		if (!want.every((w, i) => Math.abs((got[i] ?? NaN) - w) < 1e-3)) {
			throw new Error(`wrong matMul result [${Array.from(got).join(', ')}]`);
		}
	} finally {
		result.dispose();
	}
}

async function tryWebgpu(info: Partial<BackendInfo>): Promise<void> {
	const g = gpu();
	if (!g) throw new Error('not supported by this browser');
	const adapter = await g.requestAdapter({ powerPreference: 'high-performance' });
	if (!adapter) throw new Error('no adapter');
	info.fallbackAdapter = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
	const d = adapter.info;
	info.adapterDescription =
		[d?.vendor, d?.architecture, d?.description].filter(Boolean).join(' ') || undefined;
	await import('@tensorflow/tfjs-backend-webgpu');
	if (!(await tf.setBackend('webgpu'))) throw new Error('initialisation failed');
}

async function tryWasm(opts: SelectBackendOptions, info: Partial<BackendInfo>): Promise<void> {
	const wasm = await import('@tensorflow/tfjs-backend-wasm');
	if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths, opts.wasmUsePlatformFetch ?? false);
	const threads = Math.max(1, Math.min(MAX_WASM_THREADS, opts.threads ?? hardwareThreads()));
	wasm.setThreadsCount(threads);
	// One thread asked for: load the plain SIMD build rather than spawn idle pthread workers.
	if (opts.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
	const threaded = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
	const restore = threaded ? liftWasmThreadCap(threads) : () => {};
	try {
		if (!(await tf.setBackend('wasm'))) throw new Error('initialisation failed');
	} finally {
		restore();
	}
	info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
	info.threads = threaded ? wasm.getThreadsCount() : 1;
}

async function tryCpu(): Promise<void> {
	await import('@tensorflow/tfjs-backend-cpu');
	if (!(await tf.setBackend('cpu'))) throw new Error('initialisation failed');
}

/** Picks and initialises the best backend that works; throws only if even CPU fails. */
export async function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendInfo> {
	const order = opts.order ?? BACKEND_ORDER;
	const start = opts.preferred ? order.indexOf(opts.preferred) : 0;
	const candidates = start > 0 ? order.slice(start) : order;
	const skipped: BackendInfo['skipped'] = {};
	if (start > 0) for (const name of order.slice(0, start)) skipped[name] = 'not chosen in settings';
	for (const name of candidates) {
		const info: Partial<BackendInfo> = { threads: 0, simd: false, fallbackAdapter: false };
		try {
			if (name === 'webgpu') await tryWebgpu(info);
			else if (name === 'wasm') await tryWasm(opts, info);
			else await tryCpu();
			await verifyBackend();
			await opts.onBackendReady?.(name);
			return {
				name,
				threads: info.threads ?? 0,
				simd: info.simd ?? false,
				fallbackAdapter: info.fallbackAdapter ?? false,
				adapterDescription: info.adapterDescription,
				forced: opts.preferred === name,
				skipped
			};
		} catch (err) {
			// The failed backend stays registered (its import ran once and cannot re-register);
			// the next candidate is set explicitly, so it never becomes active by accident.
			skipped[name] = message(err);
		}
	}
	throw new Error(
		`No compute backend works here: ${Object.entries(skipped)
			.map(([k, v]) => `${k}: ${v}`)
			.join('; ')}`
	);
}

/** Parses a user-supplied backend name (?backend=, settings); undefined when not valid. */
export function parseBackendName(value: string | null | undefined): BackendName | undefined {
	const v = value?.trim().toLowerCase();
	return v === 'webgpu' || v === 'wasm' || v === 'cpu' ? v : undefined;
}

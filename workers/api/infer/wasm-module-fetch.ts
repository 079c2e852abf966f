/**
 * Lets tfjs-backend-wasm start inside workerd, which refuses to compile WebAssembly from bytes at
 * run time: the binaries arrive as precompiled `WebAssembly.Module`s (a `.wasm` import).
 *
 * tfjs 4.22 has no public hook for a precompiled module. With `setWasmPaths(map, true)` it loads a
 * binary as `WebAssembly.instantiate(await (await platform.fetch(path)).arrayBuffer(), imports)`
 * and reads `{ instance, module }` from the answer. So, for the duration of the backend's start:
 *   - the platform fetch answers our pseudo paths with a response whose `arrayBuffer()` is the
 *     Module itself;
 *   - `WebAssembly.instantiate` given one of those Modules answers `{ instance, module }` (the
 *     spec answers a bare Instance for a Module) and leaves every other call untouched.
 * Both patches are removed when the start finishes, whether it worked or not.
 *
 * Third, the Emscripten glue takes its Node.js path when `process.versions.node` exists (it does
 * under `nodejs_compat`) and then reads `__dirname`, which a bundled Worker does not have, and
 * installs process-wide exit handlers. So `process` is hidden from the global scope from the
 * call of `start` until the glue asks for its binary (it has read its environment by then) and
 * the glue takes its plain (non-Node, non-browser) path, which the precompiled modules make need
 * no file or network access. The flags tfjs awaits are read beforehand, so that window is a few
 * microtask hops with no I/O in it, which keeps other code from ever seeing `process` missing.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the backend's flags (WASM_HAS_MULTITHREAD_SUPPORT) before we set one.
import '@tensorflow/tfjs-backend-wasm';

/** The binaries tfjs-backend-wasm can ask for (names as in `setWasmPaths`). */
export type WasmBinaryName =
	'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Precompiled binaries; the threaded build is never used here (workerd has no Web Workers). */
export type PrecompiledWasm = Partial<Record<WasmBinaryName, WebAssembly.Module>>;

const PREFIX = 'precompiled-wasm:';
const NAMES: readonly WasmBinaryName[] = [
	'tfjs-backend-wasm.wasm',
	'tfjs-backend-wasm-simd.wasm',
	'tfjs-backend-wasm-threaded-simd.wasm'
];

type FetchFn = (path: string, init?: RequestInit) => Promise<Response>;
type Instantiate = typeof WebAssembly.instantiate;

/** The answer the backend reads: only `ok` and `arrayBuffer()` are used. */
function moduleResponse(module: WebAssembly.Module | undefined): Response {
	const fake = { ok: module !== undefined, arrayBuffer: () => Promise.resolve(module) };
	// tfjs only touches `ok` and `arrayBuffer()`; a real Response cannot carry a Module.
	return fake as unknown as Response;
}

/**
 * Runs `start(paths)` (which should call `setWasmPaths(paths, true)` and `tf.setBackend('wasm')`)
 * with fetch and instantiate patched so that those paths resolve to the given modules.
 */
export async function withPrecompiledWasm<T>(
	modules: PrecompiledWasm,
	start: (paths: Record<WasmBinaryName, string>) => Promise<T>
): Promise<T> {
	// No pthreads in workerd: the threaded build would try to spawn Web Workers from a Blob URL.
	tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
	// tfjs reads these once and caches them: settle them before `process` is hidden.
	tf.env().get('IS_NODE');
	await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
	await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
	const paths = Object.fromEntries(NAMES.map((n) => [n, PREFIX + n])) as Record<
		WasmBinaryName,
		string
	>;
	const known = new Set(Object.values(modules));
	const platform = tf.env().platform as { fetch: FetchFn };
	const hadOwnFetch = Object.prototype.hasOwnProperty.call(platform, 'fetch');
	const ownFetch = platform.fetch;
	const platformFetch: FetchFn = platform.fetch.bind(platform);
	const original = WebAssembly.instantiate;
	const instantiate: Instantiate = original.bind(WebAssembly);

	let showProcess = () => {};
	platform.fetch = (path, init) => {
		if (!path.startsWith(PREFIX)) return platformFetch(path, init);
		showProcess(); // the glue has read its environment
		return Promise.resolve(moduleResponse(modules[path.slice(PREFIX.length) as WasmBinaryName]));
	};
	const patched = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) =>
		source instanceof WebAssembly.Module && known.has(source)
			? instantiate(source, imports).then((instance) => ({ instance, module: source }))
			: instantiate(source as BufferSource, imports)) as Instantiate;
	WebAssembly.instantiate = patched;
	showProcess = hideGlobal('process');
	try {
		return await start(paths);
	} finally {
		showProcess();
		if (WebAssembly.instantiate === patched) WebAssembly.instantiate = original;
		if (hadOwnFetch) platform.fetch = ownFetch;
		else delete (platform as { fetch?: FetchFn }).fetch;
	}
}

/** Makes `globalThis[name]` undefined until the returned function puts it back. */
function hideGlobal(name: string): () => void {
	const desc = Object.getOwnPropertyDescriptor(globalThis, name);
	// Not hideable: the start then fails loudly and the caller falls back to the CPU backend.
	if (!desc?.configurable) return () => undefined;
	Object.defineProperty(globalThis, name, { value: undefined, configurable: true, writable: true });
	let shown = false;
	return () => {
		if (shown) return;
		shown = true;
		Object.defineProperty(globalThis, name, desc);
	};
}

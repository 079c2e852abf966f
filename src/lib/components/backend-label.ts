/** Turns a BackendInfo into the one-line status the header and settings show. */
import type { BackendInfo } from '$lib/ml/backend';

type Translate = (id: string, opts?: { values?: Record<string, string | number> }) => string;

/** e.g. "WASM · 4 threads · SIMD — WebGPU unavailable: no adapter". */
export function describeBackend(info: BackendInfo, t: Translate): string {
	const parts = [t(`backend.${info.name}`)];
	if (info.name === 'wasm') {
		parts.push(t('backend.threads', { values: { n: info.threads } }));
		if (info.simd) parts.push(t('backend.simd'));
	}
	if (info.name === 'webgpu' && info.fallbackAdapter) parts.push(t('backend.fallbackAdapter'));
	if (info.forced) parts.push(t('backend.forced'));
	const why = Object.entries(info.skipped)
		.filter(([, reason]) => reason !== 'not chosen in settings')
		.map(([name, reason]) => `${t(`backend.${name}`)} unavailable: ${reason}`);
	return parts.join(' · ') + (why.length ? ' — ' + why.join('; ') : '');
}

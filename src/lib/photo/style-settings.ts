/**
 * The style transfer settings a person chooses on the Photos page, and how they map onto the
 * worker's request. Loss weights are shown as multipliers of the network's own defaults on a
 * log scale (slider −1…1 → ×0.1…×10), since their useful range spans orders of magnitude.
 */
import type { StyleNetworkKind, WeightScale } from '$lib/photo-worker/stylize';

export interface StyleSettings {
	/** Optimise the image (Gatys et al.) or one pass of a pretrained network (Johnson et al.). */
	method: 'optimise' | 'fast';
	/** The fast stylizer, "name@version". */
	stylizer: string;
	/** Long side of a fast stylizer's result. */
	fastSide: number;
	network: StyleNetworkKind;
	/** Long side of the result in pixels. */
	maxSide: number;
	iterations: number;
	/** log10 multipliers of the style, content and smoothness (total variation) weights. */
	style: number;
	content: number;
	smooth: number;
	/** 0–1: blend from the photo (0) to the full stylization (1). */
	strength: number;
	keepColours: boolean;
}

/** The result sizes offered: small enough to optimise on a phone in a minute or two. */
export const STYLE_SIZES = [256, 384, 512] as const;

/**
 * Fast stylizers run one forward pass, so they afford bigger results; not 2048 px: its full-size
 * activations (2048×1536×16 floats, 200 MB each) overrun the WASM heap, and instance norm's
 * whole-image statistics rule out tiling.
 */
export const FAST_SIZES = [512, 768, 1024] as const;

export const DEFAULT_STYLE_SETTINGS: StyleSettings = {
	method: 'optimise',
	stylizer: '',
	fastSide: 1024,
	network: 'random',
	maxSide: 256,
	iterations: 150,
	style: 0,
	content: 0,
	smooth: 0,
	strength: 1,
	keepColours: false
};

/** The multipliers the worker applies to the network's default loss weights. */
export function weightScale(s: Pick<StyleSettings, 'style' | 'content' | 'smooth'>): WeightScale {
	return { style: 10 ** s.style, content: 10 ** s.content, tv: 10 ** s.smooth };
}

/** "×0.3", "×1", "×10": a multiplier as the sliders show it. */
export function formatMultiplier(log10: number): string {
	const m = 10 ** log10;
	return `×${m >= 9.95 ? m.toFixed(0) : m >= 0.995 ? m.toFixed(1).replace(/\.0$/, '') : m.toFixed(2)}`;
}

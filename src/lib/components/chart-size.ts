/** Keeps a uPlot chart as wide as its container (uPlot sizes in pixels, not CSS). */
import type uPlot from 'uplot';

/** Narrowest chart drawn; the fallback when the container has no width yet. */
const MIN_WIDTH = 200;
const FALLBACK_WIDTH = 320;

/** The width a chart in `el` should have now. */
export function chartWidth(el: HTMLElement): number {
	return Math.max(MIN_WIDTH, Math.floor(el.clientWidth || FALLBACK_WIDTH));
}

/**
 * Follows `el`'s width: reports it through `onWidth` and resizes the current plot.
 * Returns the cleanup for onMount: stops observing and destroys the plot.
 */
export function fitChart(
	el: HTMLElement,
	height: number,
	plot: () => uPlot | undefined,
	onWidth: (width: number) => void
): () => void {
	const ro = new ResizeObserver(([entry]) => {
		const width = Math.max(MIN_WIDTH, Math.floor(entry?.contentRect.width ?? FALLBACK_WIDTH));
		onWidth(width);
		plot()?.setSize({ width, height });
	});
	ro.observe(el);
	return () => {
		ro.disconnect();
		plot()?.destroy();
	};
}

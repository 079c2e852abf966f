/** A batch of small images as bytes, ready to draw as a grid (what the worker posts). */
export interface GridImages {
	/** count × height × width × channels bytes, channels 1 or 3. */
	data: Uint8Array | Uint8ClampedArray;
	count: number;
	height: number;
	width: number;
	channels: 1 | 3;
	/** Images per row. */
	columns: number;
}

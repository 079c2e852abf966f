/** Reads folders of PNG photos for the pretraining scripts (the patch provider is in src/lib/ml/data). */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { toChannels, type ByteImage } from '../../src/lib/ml/data/patches';

/** Reads every PNG of a folder, sorted by name, as 8-bit grayscale (channels 1) or RGB (3). */
export async function readPngFolder(dir: string, channels: 1 | 3): Promise<ByteImage[]> {
	const names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.png')).sort();
	const out: ByteImage[] = [];
	for (const name of names) {
		const png = decode(await readFile(join(dir, name)));
		out.push(toChannels({ ...png, data: png.data as Uint8Array, name }, channels));
	}
	return out;
}

/**
 * Free colour photographs for the colour denoiser: the CC0 / public-domain sample photos that
 * scikit-image ships, taken from Debian's `python3-skimage` package (fetched with apt-get download,
 * unpacked with dpkg-deb into .cache/, never committed). Each file is checked against its sha256.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { toChannels, type ByteImage } from '../../src/lib/ml/data/patches';

export const SKIMAGE_PACKAGE = 'python3-skimage';
const DATA_PATH = 'usr/lib/python3/dist-packages/skimage/data';

/** The photographs used, with their licence as scikit-image's data module documents it. */
export const COLOUR_PHOTOS = [
	{
		file: 'astronaut.png',
		sha256: '88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5',
		licence: 'public domain (NASA)'
	},
	{
		file: 'chelsea.png',
		sha256: '596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb',
		licence: 'CC0 (Stefan van der Walt)'
	},
	{
		file: 'rocket.jpg',
		sha256: 'c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c',
		licence: 'public domain (SpaceX)'
	},
	{
		file: 'hubble_deep_field.jpg',
		sha256: '3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4',
		licence: 'public domain (NASA)'
	},
	// Held out for validation (last).
	{
		file: 'coffee.png',
		sha256: 'cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7',
		licence: 'CC0 (Rachel Michetti)'
	}
] as const;

/** Unpacks python3-skimage into `dir` unless it is there already; returns the data folder. */
export async function ensureSkimagePhotos(dir: string, log: (l: string) => void): Promise<string> {
	const data = join(dir, DATA_PATH);
	if (COLOUR_PHOTOS.every((p) => existsSync(join(data, p.file)))) return data;
	await mkdir(dir, { recursive: true });
	log(`fetching the Debian package ${SKIMAGE_PACKAGE} (apt-get download) for its sample photos…`);
	execFileSync('apt-get', ['download', SKIMAGE_PACKAGE], { cwd: dir, stdio: 'inherit' });
	const deb = (await readdir(dir)).find(
		(f) => f.startsWith(`${SKIMAGE_PACKAGE}_`) && f.endsWith('.deb')
	);
	if (!deb) throw new Error(`apt-get download ${SKIMAGE_PACKAGE} produced no .deb in ${dir}`);
	execFileSync('dpkg-deb', ['-x', deb, '.'], { cwd: dir, stdio: 'inherit' });
	return data;
}

/** Decodes a PNG or baseline/progressive JPEG into an RGB ByteImage. */
export function decodeRgb(bytes: Uint8Array, name: string): ByteImage {
	if (name.toLowerCase().endsWith('.png')) {
		const png = decodePng(bytes);
		return toChannels({ ...png, data: png.data as Uint8Array, name }, 3);
	}
	const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
	return toChannels({ width: j.width, height: j.height, channels: 4, data: j.data, name }, 3);
}

/** Reads and verifies the photographs; the last one is the validation image. */
export async function loadColourPhotos(
	dir: string,
	log: (l: string) => void
): Promise<ByteImage[]> {
	const data = await ensureSkimagePhotos(dir, log);
	const out: ByteImage[] = [];
	for (const p of COLOUR_PHOTOS) {
		const bytes = new Uint8Array(await readFile(join(data, p.file)));
		const hash = createHash('sha256').update(bytes).digest('hex');
		if (hash !== p.sha256) throw new Error(`${p.file}: sha256 ${hash}, expected ${p.sha256}`);
		out.push(decodeRgb(bytes, p.file));
	}
	return out;
}

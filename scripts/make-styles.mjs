// Makes the built-in style images: each public-domain painting in ../shared/data/styles is
// downscaled to at most 512 px on its long side into static/styles/<id>.jpg (the one permitted
// copy from shared data; see src/lib/photo/styles.ts for titles and credits).
//   node scripts/make-styles.mjs [--from /work/shared/data/styles]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

const LONG_SIDE = 512;
/** id → source file; keep in step with STYLES in src/lib/photo/styles.ts. */
const SOURCES = {
	'starry-night': 'starry_night_van_gogh.jpg',
	'the-scream': 'the_scream_munch.jpg',
	'the-shipwreck': 'shipwreck_turner.jpg',
	'great-wave': 'great_wave_hokusai.jpg',
	'woman-with-a-hat': 'woman_with_a_hat_matisse.jpg',
	'composition-vii': 'composition_vii_kandinsky.jpg',
	udnie: 'udnie_picabia.jpg'
};

const i = process.argv.indexOf('--from');
const from = (i > 0 ? process.argv[i + 1] : undefined) ?? '../shared/data/styles';
const to = join('static', 'styles');
await mkdir(to, { recursive: true });
for (const [id, file] of Object.entries(SOURCES)) {
	const info = await sharp(join(from, file))
		.rotate()
		.resize(LONG_SIDE, LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
		.jpeg({ quality: 85, mozjpeg: true })
		.toFile(join(to, `${id}.jpg`));
	console.log(`${id}.jpg ${info.width}×${info.height} ${(info.size / 1024).toFixed(0)} KiB`);
}

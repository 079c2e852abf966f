// Renders the app icon (one SVG, drawn here) to the PNG sizes the manifest and iOS need.
// Run once after changing the design: `node scripts/make-icons.mjs`; the outputs are committed.
import sharp from 'sharp';
import { writeFile, mkdir } from 'node:fs/promises';

/**
 * A latent-space motif: three clusters of dots on a gradient, with a path through them.
 * @param {{ padding: number }} opts
 */
function iconSvg({ padding }) {
	const s = 512;
	const inner = s - 2 * padding;
	const p = (/** @type {number} */ x) => padding + x * inner;
	/** @type {[number, number, string][]} */
	const dots = [
		[0.28, 0.32, '#f472b6'],
		[0.36, 0.24, '#f472b6'],
		[0.22, 0.22, '#f472b6'],
		[0.7, 0.34, '#facc15'],
		[0.78, 0.26, '#facc15'],
		[0.64, 0.24, '#facc15'],
		[0.46, 0.74, '#34d399'],
		[0.56, 0.8, '#34d399'],
		[0.4, 0.82, '#34d399']
	];
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#312e81"/><stop offset="1" stop-color="#4338ca"/></linearGradient></defs>
  <rect width="${s}" height="${s}" rx="${padding ? 0 : 96}" fill="url(#g)"/>
  <path d="M ${p(0.28)} ${p(0.28)} C ${p(0.5)} ${p(0.05)}, ${p(0.6)} ${p(0.1)}, ${p(0.71)} ${p(0.3)} S ${p(0.6)} ${p(0.7)}, ${p(0.48)} ${p(0.78)}"
    fill="none" stroke="#e0e7ff" stroke-width="${inner * 0.025}" stroke-linecap="round" stroke-dasharray="${inner * 0.05} ${inner * 0.04}"/>
  ${dots.map(([x, y, c]) => `<circle cx="${p(x)}" cy="${p(y)}" r="${inner * 0.055}" fill="${c}"/>`).join('\n  ')}
</svg>`;
}

await mkdir('static/icons', { recursive: true });
const plain = Buffer.from(iconSvg({ padding: 0 }));
// Maskable icons keep their content inside the 80 % safe zone.
const maskable = Buffer.from(iconSvg({ padding: 72 }));
await writeFile('static/icons/favicon.svg', iconSvg({ padding: 0 }));
await sharp(plain).resize(192, 192).png().toFile('static/icons/icon-192.png');
await sharp(plain).resize(512, 512).png().toFile('static/icons/icon-512.png');
await sharp(maskable).resize(512, 512).png().toFile('static/icons/maskable-512.png');
await sharp(maskable).resize(180, 180).png().toFile('static/icons/apple-touch-icon.png');
console.log('icons written to static/icons');

/**
 * The built-in styles: photographs of public-domain paintings, downscaled to ≤ 512 px by
 * scripts/make-styles.mjs into static/styles/<id>.jpg. Credit is shown wherever a style is offered.
 */
export interface StyleInfo {
	id: string;
	title: string;
	artist: string;
	year: string;
	/** URL of the bundled image. */
	src: string;
	/** File in /work/shared/data/styles the bundled image is made from. */
	source: string;
}

const style = (
	id: string,
	title: string,
	artist: string,
	year: string,
	source: string
): StyleInfo => ({
	id,
	title,
	artist,
	year,
	src: `/styles/${id}.jpg`,
	source
});

export const STYLES: readonly StyleInfo[] = [
	style(
		'starry-night',
		'The Starry Night',
		'Vincent van Gogh',
		'1889',
		'starry_night_van_gogh.jpg'
	),
	style('the-scream', 'The Scream', 'Edvard Munch', '1893', 'the_scream_munch.jpg'),
	style('the-shipwreck', 'The Shipwreck', 'J. M. W. Turner', '1805', 'shipwreck_turner.jpg'),
	style(
		'great-wave',
		'The Great Wave off Kanagawa',
		'Katsushika Hokusai',
		'c. 1831',
		'great_wave_hokusai.jpg'
	),
	style(
		'woman-with-a-hat',
		'Woman with a Hat',
		'Henri Matisse',
		'1905',
		'woman_with_a_hat_matisse.jpg'
	),
	style(
		'composition-vii',
		'Composition VII',
		'Wassily Kandinsky',
		'1913',
		'composition_vii_kandinsky.jpg'
	),
	style('udnie', 'Udnie', 'Francis Picabia', '1913', 'udnie_picabia.jpg')
];

/** The credit line shown with a style: "The Starry Night — Vincent van Gogh, 1889". */
export function credit(s: StyleInfo): string {
	return `${s.title} — ${s.artist}, ${s.year}`;
}

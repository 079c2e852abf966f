import { describe, expect, it } from 'vitest';
import { decode } from 'fast-png';
import { createImage } from './image';
import { downloadName, encodePng } from './encode';

describe('encodePng', () => {
	it('round-trips RGBA bit-exactly at the original size', () => {
		const img = createImage(37, 23);
		for (let i = 0; i < img.data.length; i++) img.data[i] = (i * 31) & 0xff;
		const back = decode(encodePng(img));
		expect([back.width, back.height, back.channels, back.depth]).toEqual([37, 23, 4, 8]);
		expect(Buffer.from(back.data as Uint8Array).equals(Buffer.from(img.data))).toBe(true);
	});
});

describe('downloadName', () => {
	it('keeps the stem and adds what was done', () => {
		expect(downloadName('IMG_0042.JPG', 'denoised', 'png')).toBe('IMG_0042-denoised.png');
		expect(downloadName('holiday.photo.webp', 'starry-night', 'jpeg')).toBe(
			'holiday.photo-starry-night.jpg'
		);
		expect(downloadName('C:\\pics\\a:b?.png', 'denoised', 'png')).toBe('a_b_-denoised.png');
		expect(downloadName('', 'denoised', 'png')).toBe('photo-denoised.png');
		expect(downloadName('.hidden', 'denoised', 'png')).toBe('.hidden-denoised.png');
	});
});

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, arXiv:1708.07747; MIT licence, Zalando SE):
 * file names, sizes and sha256 of the *decompressed* IDX content (mirrors re-gzip the files,
 * so hashes of the .gz bytes differ). Copied from scripts/lib/datasets.mjs — keep in sync.
 */

export interface DatasetFile {
	file: string;
	sha256: string;
	/** Decompressed size in bytes. */
	bytes: number;
}

export const FASHION_MNIST_SOURCE = 'https://github.com/zalandoresearch/fashion-mnist';
export const FASHION_MNIST_LICENCE = 'MIT (Zalando SE, 2017)';

export const FASHION_MNIST_FILES = {
	trainImages: {
		file: 'train-images-idx3-ubyte.gz',
		sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
		bytes: 47040016
	},
	trainLabels: {
		file: 'train-labels-idx1-ubyte.gz',
		sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
		bytes: 60008
	},
	testImages: {
		file: 't10k-images-idx3-ubyte.gz',
		sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
		bytes: 7840016
	},
	testLabels: {
		file: 't10k-labels-idx1-ubyte.gz',
		sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
		bytes: 10008
	}
} as const satisfies Record<string, DatasetFile>;

/** Class names in label order (0–9). */
export const FASHION_MNIST_LABELS = [
	'T-shirt/top',
	'Trouser',
	'Pullover',
	'Dress',
	'Coat',
	'Sandal',
	'Shirt',
	'Sneaker',
	'Bag',
	'Ankle boot'
] as const;

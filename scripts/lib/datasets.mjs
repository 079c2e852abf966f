// The datasets the app serves, where to find them on this machine, where they officially live, and
// the sha256 of their *decompressed* IDX content (mirrors re-gzip the files, so the .gz bytes differ).

/** @typedef {{ file: string, sha256: string, bytes: number }} DatasetFile */

export const FASHION_MNIST = {
	name: 'fashion-mnist',
	title: 'Fashion-MNIST',
	licence: 'MIT (Zalando SE, 2017)',
	source: 'https://github.com/zalandoresearch/fashion-mnist',
	/** Debian's dataset-fashion-mnist package, then other common local locations. */
	localDirs: ['/usr/share/datasets/fashion-mnist', 'data/fashion-mnist'],
	/** Official download locations (tried in order when no local copy exists). */
	urls: [
		'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
		'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/'
	],
	/** @type {DatasetFile[]} */
	files: [
		{
			file: 'train-images-idx3-ubyte.gz',
			sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
			bytes: 47040016
		},
		{
			file: 'train-labels-idx1-ubyte.gz',
			sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
			bytes: 60008
		},
		{
			file: 't10k-images-idx3-ubyte.gz',
			sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
			bytes: 7840016
		},
		{
			file: 't10k-labels-idx1-ubyte.gz',
			sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
			bytes: 10008
		}
	]
};

export const DATASETS = [FASHION_MNIST];

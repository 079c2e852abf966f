/**
 * npm run weights:vgg -- [--file <vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5>] [--version 1]
 * Imports Keras' official ImageNet VGG19 (no top) weights into a tfjs float16 feature extractor
 * (block1_conv1 … block5_conv1, preprocessing inside) at weights/vgg19/<version>/ (not committed:
 * the path is in .gitignore) and adds it to weights/manifest.json. Without --file it downloads the
 * official file and checks Keras' published md5; offline it explains what to supply and exits 1.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { importVgg19 } from './vgg19-import.mts';
import {
	VGG19_NOTOP_FILE,
	VGG19_NOTOP_MD5,
	VGG19_NOTOP_URL
} from '../../src/lib/ml/models/vgg/import';

/** Lower-case hex md5 of a file. */
async function md5File(path: string): Promise<string> {
	return createHash('md5')
		.update(await readFile(path))
		.digest('hex');
}

const { values } = parseArgs({
	options: {
		file: { type: 'string' },
		version: { type: 'string', default: '1' },
		'skip-md5': { type: 'boolean', default: false }
	}
});

const OFFLINE_HELP = `
The VGG19 ImageNet weights are not in this repository and could not be downloaded.
Supply Keras' official file yourself:
  ${VGG19_NOTOP_FILE}
  from ${VGG19_NOTOP_URL}
  (md5 ${VGG19_NOTOP_MD5}, as published in keras.applications.vgg19)
then run:
  npm run weights:vgg -- --file /path/to/${VGG19_NOTOP_FILE}
`;

async function download(): Promise<string | undefined> {
	const dest = join('.cache', 'weights', VGG19_NOTOP_FILE);
	if (existsSync(dest)) return dest;
	try {
		console.error(`downloading ${VGG19_NOTOP_URL} …`);
		const res = await fetch(VGG19_NOTOP_URL, { signal: AbortSignal.timeout(300_000) });
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		await mkdir(join('.cache', 'weights'), { recursive: true });
		await writeFile(dest, new Uint8Array(await res.arrayBuffer()));
		return dest;
	} catch (err) {
		console.error(`download failed: ${err instanceof Error ? err.message : String(err)}`);
		return undefined;
	}
}

const file = values.file ?? (await download());
if (!file || !existsSync(file)) {
	if (values.file) console.error(`no such file: ${values.file}`);
	console.error(OFFLINE_HELP);
	process.exit(1);
}
if (!values['skip-md5']) {
	const md5 = await md5File(file);
	if (md5 !== VGG19_NOTOP_MD5) {
		console.error(
			`${file} has md5 ${md5}, not the published ${VGG19_NOTOP_MD5}: not the official file (use --skip-md5 only for your own conversions).`
		);
		process.exit(1);
	}
}
await tf.setBackend('cpu');
const entry = await importVgg19({
	file,
	weightsDir: 'weights',
	version: values.version,
	requireOfficialWidths: !values['skip-md5'],
	command: `npm run weights:vgg -- --file ${VGG19_NOTOP_FILE}`
});
console.error(`wrote ${entry.files.map((f) => f.path).join(', ')} (${entry.params} params) and weights/manifest.json`);

/** Imports a Keras VGG19 .h5 from disk into weights/vgg19/<version>/ and the manifest. */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
	importKerasVgg19,
	vgg19CatalogueEntry,
	VGG19_NAME
} from '../../src/lib/ml/models/vgg/import';
import { upsertManifest, writeModelFiles, type ManifestEntry } from '../pretrain/artifacts.mts';

export interface ImportVggOptions {
	file: string;
	weightsDir: string;
	version: string;
	/** Refuse files whose block widths are not VGG19's (64, 128, 256, 512, 512). */
	requireOfficialWidths: boolean;
	command: string;
}

/** Reads the .h5, builds the model, writes weights/vgg19/<version>/ and the manifest entry. */
export async function importVgg19(opts: ImportVggOptions): Promise<ManifestEntry> {
	const bytes = await readFile(opts.file);
	const imported = await importKerasVgg19(
		bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
		{ label: basename(opts.file), requireOfficialWidths: opts.requireOfficialWidths }
	);
	const written = await writeModelFiles(imported, opts.weightsDir, VGG19_NAME, opts.version);
	const entry = vgg19CatalogueEntry(opts.version, written.files, imported, opts.command);
	await upsertManifest(join(opts.weightsDir, 'manifest.json'), entry);
	return entry;
}

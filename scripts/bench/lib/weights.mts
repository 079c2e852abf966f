/** Shipped model files for the benchmarks, at the newest version `weights/manifest.json` lists. */
import { join } from 'node:path';
import { readManifest } from '../../pretrain/artifacts.mts';

/** Resolves `name`'s files in `dir` (default 'weights'); throws when the manifest lacks it. */
export async function shippedWeights(
	dir = 'weights'
): Promise<(name: string, file?: string) => string> {
	const { models } = await readManifest(join(dir, 'manifest.json'));
	return (name, file = 'model.json') => {
		const versions = models
			.filter((m) => m.name === name)
			.map((m) => m.version)
			.sort((a, b) => Number(b) - Number(a));
		if (!versions[0]) throw new Error(`${join(dir, 'manifest.json')} lists no ${name}`);
		return join(dir, name, versions[0], file);
	};
}

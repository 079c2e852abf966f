/**
 * Models installed from the app at run time (today: VGG19) live in their own catalogue object,
 * weights/installed.json, because `npm start` re-seeds weights/manifest.json from the repository
 * and would otherwise drop them. GET /api/weights lists both.
 */
import { CatalogueModelSchema, type CatalogueModel } from '../../../src/lib/share/schema';

export const INSTALLED_KEY = 'weights/installed.json';

/** The installed models (an empty list when there are none or the object is unreadable). */
export async function installedModels(bucket: R2Bucket): Promise<CatalogueModel[]> {
	const object = await bucket.get(INSTALLED_KEY);
	if (!object) return [];
	try {
		const raw = (await object.json()) as { models?: unknown };
		const models = Array.isArray(raw.models) ? raw.models : [];
		return models.flatMap((m) => {
			const parsed = CatalogueModelSchema.safeParse(m);
			return parsed.success ? [parsed.data] : [];
		});
	} catch {
		console.warn(`${INSTALLED_KEY} is not JSON; ignoring it`);
		return [];
	}
}

/** Adds or replaces (same name and version) one installed model. */
export async function putInstalledModel(bucket: R2Bucket, entry: CatalogueModel): Promise<void> {
	const checked = CatalogueModelSchema.parse(entry);
	const models = (await installedModels(bucket)).filter(
		(m) => !(m.name === checked.name && m.version === checked.version)
	);
	models.push(checked);
	await bucket.put(INSTALLED_KEY, JSON.stringify({ models }), {
		httpMetadata: { contentType: 'application/json' }
	});
}

/**
 * What a stylizer being trained in the app learns from: the person's photos and the style image,
 * kept per model so training resumes after a reload with nothing open. They live in a database of
 * their own ('latent-lab-stylizer-inputs'), not in the model record: a shared model must carry the
 * network, never the photo it was trained on. Runs in the page and in Web Workers.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ByteImage } from '$lib/ml/data/patches';
import { isQuotaError, StorageFullError } from './errors';

export const STYLIZER_INPUTS_DB_NAME = 'latent-lab-stylizer-inputs';

export interface StylizerInputs {
	modelId: string;
	/** The photos the stylizer trains on (RGB bytes at their training size). */
	photos: ByteImage[];
	/** The painting or photo whose style it learns (RGB bytes). */
	style: ByteImage;
}

interface Schema extends DBSchema {
	inputs: { key: string; value: StylizerInputs };
}

const opened = new Map<string, Promise<IDBPDatabase<Schema>>>();

function open(name: string): Promise<IDBPDatabase<Schema>> {
	let p = opened.get(name);
	if (!p) {
		if (typeof indexedDB === 'undefined') {
			return Promise.reject(new Error('This browser session cannot store training photos.'));
		}
		p = openDB<Schema>(name, 1, {
			upgrade(db) {
				db.createObjectStore('inputs', { keyPath: 'modelId' });
			},
			blocking() {
				opened.delete(name);
			}
		});
		opened.set(name, p);
		p.catch(() => opened.delete(name));
	}
	return p;
}

interface DbName {
	dbName?: string;
}

/** Stores a model's training photo and style; StorageFullError when the quota refuses them. */
export async function saveStylizerInputs(inputs: StylizerInputs, opts: DbName = {}): Promise<void> {
	const db = await open(opts.dbName ?? STYLIZER_INPUTS_DB_NAME);
	try {
		await db.put('inputs', inputs);
	} catch (err) {
		if (isQuotaError(err)) {
			const bytes = inputs.photos.reduce((n, p) => n + p.data.byteLength, 0);
			throw new StorageFullError(bytes + inputs.style.data.byteLength, { cause: err });
		}
		throw err;
	}
}

/** A model's training inputs, or undefined (a shared or imported stylizer has none). */
export async function getStylizerInputs(
	modelId: string,
	opts: DbName = {}
): Promise<StylizerInputs | undefined> {
	const db = await open(opts.dbName ?? STYLIZER_INPUTS_DB_NAME);
	return db.get('inputs', modelId);
}

/** Forgets a model's training inputs (the model itself stays usable). */
export async function deleteStylizerInputs(modelId: string, opts: DbName = {}): Promise<void> {
	const db = await open(opts.dbName ?? STYLIZER_INPUTS_DB_NAME);
	await db.delete('inputs', modelId);
}

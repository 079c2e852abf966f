/**
 * The user's own image sets, kept in IndexedDB so a run on them can resume after a reload.
 * They live in a database of their own ('latent-lab-datasets'): the sets are plain byte arrays
 * with no link to checkpoints, and a separate database keeps the model library's schema and
 * migrations untouched. Runs in the page and in Web Workers.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { newId } from './db';
import { isQuotaError, StorageFullError } from './errors';

export const DATASETS_DB_NAME = 'latent-lab-datasets';
const VERSION = 1;

/** Prefix of a user set's dataset id in train requests and model records ('user:<id>'). */
export const USER_DATASET_PREFIX = 'user:';

/** A file that could not be used, with the reason in words. */
export interface SkippedFile {
	name: string;
	reason: string;
}

/** Summary of a stored set (without its pixels). */
export interface UserDatasetInfo {
	id: string;
	name: string;
	createdAt: number;
	count: number;
	/** Images are side×side×channels unsigned bytes, row-major. */
	side: number;
	channels: 1 | 3;
	skipped: SkippedFile[];
	/** Class names when the set is labelled (imported as one folder per class), in label order. */
	classNames?: string[];
}

export interface UserDatasetRecord extends UserDatasetInfo {
	images: Uint8Array;
	/** One class index per image, present exactly when classNames is. */
	labels?: Uint8Array;
}

interface Schema extends DBSchema {
	datasets: { key: string; value: UserDatasetRecord; indexes: { createdAt: number } };
}

let opening: Promise<IDBPDatabase<Schema>> | undefined;

function open(name = DATASETS_DB_NAME): Promise<IDBPDatabase<Schema>> {
	if (name !== DATASETS_DB_NAME) return openWith(name);
	opening ??= openWith(name).catch((err: unknown) => {
		opening = undefined;
		throw err;
	});
	return opening;
}

function openWith(name: string): Promise<IDBPDatabase<Schema>> {
	if (typeof indexedDB === 'undefined') {
		return Promise.reject(new Error('This browser session cannot store image sets.'));
	}
	return openDB<Schema>(name, VERSION, {
		upgrade(db) {
			db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
		},
		blocking() {
			opening = undefined;
		}
	});
}

function info(r: UserDatasetRecord): UserDatasetInfo {
	const { images: _images, labels: _labels, ...rest } = r;
	return rest;
}

/** Stores a new set; throws StorageFullError when the quota refuses it. */
export async function saveUserDataset(
	set: Omit<UserDatasetRecord, 'id' | 'createdAt'>,
	opts: { dbName?: string } = {}
): Promise<UserDatasetInfo> {
	const px = set.side * set.side * set.channels;
	if (set.count < 1 || set.images.length !== set.count * px) {
		throw new RangeError(`${set.images.length} bytes are not ${set.count} images of ${px}`);
	}
	if ((set.labels === undefined) !== (set.classNames === undefined)) {
		throw new RangeError('labels and class names come together');
	}
	if (set.labels && set.classNames) {
		const classes = set.classNames.length;
		if (set.labels.length !== set.count || set.labels.some((l) => l >= classes)) {
			throw new RangeError(
				`${set.labels.length} labels do not fit ${set.count} images of ${classes} classes`
			);
		}
	}
	const record: UserDatasetRecord = { ...set, id: newId(), createdAt: Date.now() };
	const db = await open(opts.dbName);
	try {
		await db.put('datasets', record);
	} catch (err) {
		if (isQuotaError(err)) throw new StorageFullError(set.images.byteLength, { cause: err });
		throw err;
	}
	return info(record);
}

/** A stored set with its pixels, or undefined when it is gone. */
export async function getUserDataset(
	id: string,
	opts: { dbName?: string } = {}
): Promise<UserDatasetRecord | undefined> {
	const db = await open(opts.dbName);
	return db.get('datasets', id);
}

/** All stored sets, newest first, without pixels; [] when storage is unavailable. */
export async function listUserDatasets(opts: { dbName?: string } = {}): Promise<UserDatasetInfo[]> {
	try {
		const db = await open(opts.dbName);
		const all = await db.getAllFromIndex('datasets', 'createdAt');
		return all.reverse().map(info);
	} catch {
		return [];
	}
}

/** Removes a set (models trained on it keep their weights but can no longer resume). */
export async function deleteUserDataset(id: string, opts: { dbName?: string } = {}): Promise<void> {
	const db = await open(opts.dbName);
	await db.delete('datasets', id);
}

/** The stored set id inside a dataset id like 'user:<id>', or undefined for built-in sets. */
export function userDatasetId(dataset: string | null | undefined): string | undefined {
	return dataset?.startsWith(USER_DATASET_PREFIX)
		? dataset.slice(USER_DATASET_PREFIX.length)
		: undefined;
}

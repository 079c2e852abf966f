/** D1 access for shared models: one row per share, the zip itself in R2 under its sha256. */
import type { ShareMeta } from '../../../src/lib/share/schema';
import type { ValidatedModel } from '../../../src/lib/share/validate';
import type { ZipEntry } from '../../../src/lib/share/zip';

/** What the metadata column holds: the validated meta.json plus facts found while validating. */
export interface StoredMetadata {
	meta: ShareMeta;
	models: ValidatedModel[];
	weightFiles: string[];
	hasThumbnail: boolean;
}

/** A shared_models row, with its JSON columns parsed. */
export interface Share {
	id: string;
	createdAt: number;
	name: string;
	kind: string;
	dataset: string;
	size: number;
	sha256: string;
	metadata: StoredMetadata;
	deleteTokenHash: string;
	entries: ZipEntry[];
}

interface ShareRow {
	id: string;
	created_at: number;
	name: string;
	kind: string;
	dataset: string;
	size: number;
	sha256: string;
	metadata: string;
	delete_token_hash: string;
	entries: string;
}

/** The R2 key of a stored share zip. */
export function shareBlobKey(sha256: string): string {
	return `models/${sha256}.zip`;
}

/** Inserts a share row. */
export async function insertShare(db: D1Database, s: Share): Promise<void> {
	await db
		.prepare(
			`INSERT INTO shared_models
			 (id, created_at, name, kind, dataset, size, sha256, metadata, delete_token_hash, entries)
			 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`
		)
		.bind(
			s.id,
			s.createdAt,
			s.name,
			s.kind,
			s.dataset,
			s.size,
			s.sha256,
			JSON.stringify(s.metadata),
			s.deleteTokenHash,
			JSON.stringify(s.entries)
		)
		.run();
}

/** The share with this id, or undefined. */
export async function findShare(db: D1Database, id: string): Promise<Share | undefined> {
	const row = await db
		.prepare('SELECT * FROM shared_models WHERE id = ?1')
		.bind(id)
		.first<ShareRow>();
	if (!row) return undefined;
	return {
		id: row.id,
		createdAt: row.created_at,
		name: row.name,
		kind: row.kind,
		dataset: row.dataset,
		size: row.size,
		sha256: row.sha256,
		metadata: JSON.parse(row.metadata) as StoredMetadata,
		deleteTokenHash: row.delete_token_hash,
		entries: JSON.parse(row.entries) as ZipEntry[]
	};
}

/** How many shares store their zip under `sha256`. */
export async function countShares(db: D1Database, sha256: string): Promise<number> {
	const row = await db
		.prepare('SELECT COUNT(*) AS n FROM shared_models WHERE sha256 = ?1')
		.bind(sha256)
		.first<{ n: number }>();
	return row?.n ?? 0;
}

/**
 * Deletes the row if its token hash still matches; returns whether it was deleted and how many
 * other rows still reference the same zip (both read in one batch, i.e. one transaction).
 */
export async function deleteShare(
	db: D1Database,
	s: Pick<Share, 'id' | 'deleteTokenHash' | 'sha256'>
): Promise<{ deleted: boolean; remaining: number }> {
	const [del, count] = await db.batch([
		db
			.prepare('DELETE FROM shared_models WHERE id = ?1 AND delete_token_hash = ?2')
			.bind(s.id, s.deleteTokenHash),
		db.prepare('SELECT COUNT(*) AS n FROM shared_models WHERE sha256 = ?1').bind(s.sha256)
	]);
	const remaining = (count?.results[0] as { n: number } | undefined)?.n ?? 0;
	return { deleted: (del?.meta.changes ?? 0) > 0, remaining };
}

/** The Worker's bindings, as declared in wrangler.toml. */
export interface Env {
	ASSETS: Fetcher;
	BUCKET: R2Bucket;
	DB: D1Database;
	/** Share uploads allowed per client per hour (a `[vars]` entry); 20 when unset or invalid. */
	UPLOADS_PER_HOUR?: string;
}

/** The Worker's bindings, as declared in wrangler.toml. */
export interface Env {
	ASSETS: Fetcher;
	BUCKET: R2Bucket;
	DB: D1Database;
}

/** The Worker's bindings, as declared in wrangler.toml. */
export interface Env {
	ASSETS: Fetcher;
	BUCKET: R2Bucket;
	DB: D1Database;
	/** Share uploads allowed per client per hour (a `[vars]` entry); 20 when unset or invalid. */
	UPLOADS_PER_HOUR?: string;
	/** Where "Install VGG19" downloads the Keras file (a mirror); Keras' official URL when unset. */
	VGG19_SOURCE_URL?: string;
	/** The md5 that file must have; Keras' published md5 when unset (set only for a mirror or tests). */
	VGG19_SOURCE_MD5?: string;
}

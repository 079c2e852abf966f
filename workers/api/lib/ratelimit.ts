/** Fixed-window rate limits kept in D1, so they hold across isolates and restarts. */
import { HttpError } from '../http';
import { sha256Hex } from '../../../src/lib/share/sha256';

const WINDOW_SECONDS = 3600;
const DEFAULT_UPLOADS_PER_HOUR = 20;

/** The client key: Cloudflare's connecting IP, else one shared key for local use. */
export function clientKey(request: Request): string {
	return request.headers.get('cf-connecting-ip') ?? 'local';
}

/** Parses the UPLOADS_PER_HOUR binding; anything but a positive integer means the default. */
export function uploadsPerHour(value: string | undefined): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : DEFAULT_UPLOADS_PER_HOUR;
}

/**
 * Counts one attempt for `client` in the current hour; throws 429 with Retry-After when the count
 * exceeds `limit`. Clients are stored hashed: the table never holds an IP address.
 */
export async function takeUploadSlot(
	db: D1Database,
	client: string,
	limit: number,
	nowMs = Date.now()
): Promise<void> {
	const now = Math.floor(nowMs / 1000);
	const windowStart = now - (now % WINDOW_SECONDS);
	const key = await sha256Hex('upload:' + client);
	const row = await db
		.prepare(
			`INSERT INTO rate_limits (client, window_start, count) VALUES (?1, ?2, 1)
			 ON CONFLICT (client, window_start) DO UPDATE SET count = count + 1
			 RETURNING count`
		)
		.bind(key, windowStart)
		.first<{ count: number }>();
	if ((row?.count ?? 0) > limit) {
		const retryAfter = Math.max(1, windowStart + WINDOW_SECONDS - now);
		throw new HttpError(429, 'rate_limited', `Too many uploads; try again in ${retryAfter} s.`, {
			'retry-after': String(retryAfter)
		});
	}
}

/** Drops counters of windows that have ended (called in the background after uploads). */
export async function pruneRateLimits(db: D1Database, nowMs = Date.now()): Promise<void> {
	const now = Math.floor(nowMs / 1000);
	await db
		.prepare('DELETE FROM rate_limits WHERE window_start < ?1')
		.bind(now - (now % WINDOW_SECONDS))
		.run();
}

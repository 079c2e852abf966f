// Runs before each test file. The files share one workerd (starting one per file cost about 8 s
// each), so each file starts from what a fresh deployment has: the D1 migrations applied, as
// `wrangler d1 migrations apply` does, and no rows or R2 objects left by an earlier file.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

const tables = await env.DB.prepare(
	"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'"
).all<{ name: string }>();
await env.DB.batch(tables.results.map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`)));

let cursor: string | undefined;
do {
	const page = await env.BUCKET.list({ cursor, limit: 1000 });
	if (page.objects.length > 0) await env.BUCKET.delete(page.objects.map((o) => o.key));
	cursor = page.truncated ? page.cursor : undefined;
} while (cursor !== undefined);

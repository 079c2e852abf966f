// "Install VGG19" inside workerd: the official download fails (nothing listens at the URL), a
// file that is not the official one is refused by its md5, too-large uploads get 413, and the
// fixture .h5 (whose md5 stands in for the official one) is imported, stored and catalogued.
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { VggInstallEvent, WeightsCatalogue } from '../../src/lib/share/schema';

const URL_INSTALL = 'http://localhost/api/weights/vgg19/install';

async function events(res: Response): Promise<VggInstallEvent[]> {
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('application/x-ndjson');
	const text = await res.text();
	return text
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as VggInstallEvent);
}

function post(body?: BodyInit): Promise<Response> {
	return exports.default.fetch(new Request(URL_INSTALL, { method: 'POST', body }));
}

const fixture = Uint8Array.from(atob(env.VGG19_FIXTURE_BASE64), (c) => c.charCodeAt(0));

describe('POST /api/weights/vgg19/install', () => {
	it('reports an unreachable official file so the app can offer the file picker', async () => {
		const ev = await events(await post());
		expect(ev[0]).toMatchObject({ type: 'progress', phase: 'download' });
		const last = ev.at(-1);
		expect(last?.type).toBe('error');
		if (last?.type === 'error') expect(last.code).toBe('source_unreachable');
	});

	it('refuses a file whose md5 is not the published one, and stores nothing', async () => {
		const other = fixture.slice();
		other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 0xff;
		const last = (await events(await post(other))).at(-1);
		expect(last).toMatchObject({ type: 'error', code: 'not_official' });
		expect(await env.BUCKET.head('weights/vgg19/1/model.json')).toBeNull();
	});

	it('answers 413 to an upload larger than any VGG19 file', async () => {
		const res = await exports.default.fetch(
			new Request(URL_INSTALL, {
				method: 'POST',
				headers: { 'content-length': String(200 * 1024 * 1024) },
				body: new Uint8Array(16)
			})
		);
		expect(res.status).toBe(413);
		await res.text();
	});

	it('imports the file, stores float16 weights with their sha256, and lists them', async () => {
		const ev = await events(await post(fixture));
		const phases = new Set(ev.flatMap((e) => (e.type === 'progress' ? [e.phase] : [])));
		expect([...phases]).toEqual(['check', 'convert', 'store']);
		const done = ev.at(-1);
		expect(done?.type).toBe('done');
		if (done?.type !== 'done') return;
		expect(done.model.name).toBe('vgg19');
		expect(done.model.outputShape).toEqual([null, null, 8]);
		for (const f of done.model.files) {
			const res = await exports.default.fetch(
				new Request(`http://localhost/api/weights/${f.path}`)
			);
			const bytes = new Uint8Array(await res.arrayBuffer());
			expect(bytes.byteLength).toBe(f.bytes);
			const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
			expect([...d].map((b) => b.toString(16).padStart(2, '0')).join('')).toBe(f.sha256);
		}
		const model = JSON.parse(
			await (
				await exports.default.fetch(new Request('http://localhost/api/weights/vgg19/1/model.json'))
			).text()
		) as { weightsManifest: { weights: { quantization?: { dtype: string } }[] }[] };
		expect(
			model.weightsManifest[0]?.weights.every((w) => w.quantization?.dtype === 'float16')
		).toBe(true);
		const cat = (await (
			await exports.default.fetch(new Request('http://localhost/api/weights'))
		).json()) as WeightsCatalogue;
		expect(cat.models.map((m) => m.name)).toContain('vgg19');
		// A second install finds it installed and does no work.
		const again = await events(await post());
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ type: 'done' });
	});
});

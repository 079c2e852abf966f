import { describe, expect, it } from 'vitest';
import { takeEvents, VggInstallError } from './vgg-install';

describe('takeEvents', () => {
	it('returns whole NDJSON lines and keeps the unfinished tail for the next chunk', () => {
		const a = takeEvents('{"type":"progress","phase":"check","done":0,"total":1}\n{"type":"pro');
		expect(a.events).toEqual([{ type: 'progress', phase: 'check', done: 0, total: 1 }]);
		expect(a.rest).toBe('{"type":"pro');
		const b = takeEvents(a.rest + 'gress","phase":"store","done":1,"total":2}\n\n');
		expect(b.events).toEqual([{ type: 'progress', phase: 'store', done: 1, total: 2 }]);
		expect(b.rest).toBe('');
	});

	it('throws on a line that is not JSON', () => {
		expect(() => takeEvents('<html>\n')).toThrow();
	});
});

describe('VggInstallError', () => {
	it('asks for the file only when the server cannot reach the official one', () => {
		expect(new VggInstallError('source_unreachable', 'x').wantsFile).toBe(true);
		expect(new VggInstallError('not_official', 'x').wantsFile).toBe(false);
	});
});

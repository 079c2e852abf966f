import { afterEach, describe, expect, it } from 'vitest';
import { liftWasmThreadCap } from './backend';

const g = globalThis as { navigator?: object };
const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

afterEach(() => {
	if (original) Object.defineProperty(globalThis, 'navigator', original);
	else delete g.navigator;
});

/** A navigator like a browser's: hardwareConcurrency is a getter on the prototype. */
function fakeNavigator(cores: number): { hardwareConcurrency: number } {
	class FakeNavigator {
		get hardwareConcurrency() {
			return cores;
		}
	}
	const nav = new FakeNavigator();
	Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true });
	return nav;
}

describe('liftWasmThreadCap', () => {
	it('doubles the reported cores while tfjs-wasm starts, then restores the real value', () => {
		const nav = fakeNavigator(2);
		const restore = liftWasmThreadCap(2);
		expect(nav.hardwareConcurrency).toBe(4);
		restore();
		expect(nav.hardwareConcurrency).toBe(2);
		expect(Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency')).toBeUndefined();
	});

	it('is a no-op where there is no navigator (Node 20, workerd)', () => {
		Object.defineProperty(globalThis, 'navigator', { value: undefined, configurable: true });
		expect(() => liftWasmThreadCap(4)()).not.toThrow();
	});
});

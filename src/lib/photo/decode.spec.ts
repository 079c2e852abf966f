import { describe, expect, it } from 'vitest';
import { needsOrientation } from './decode';

describe('needsOrientation', () => {
	const never = () => Promise.reject(new Error('probe should not be needed'));

	it('reads the answer from the decoded size when the rotation swaps a non-square photo', async () => {
		const stored = { width: 40, height: 30 };
		expect(await needsOrientation(6, stored, { width: 40, height: 30 }, never)).toBe(true);
		expect(await needsOrientation(6, stored, { width: 30, height: 40 }, never)).toBe(false);
		expect(await needsOrientation(8, stored, { width: 30, height: 40 }, never)).toBe(false);
	});

	it('asks the probe when size cannot tell (square photo, or a flip/180°)', async () => {
		const yes = () => Promise.resolve(true);
		const no = () => Promise.resolve(false);
		expect(
			await needsOrientation(3, { width: 40, height: 30 }, { width: 40, height: 30 }, yes)
		).toBe(false);
		expect(
			await needsOrientation(3, { width: 40, height: 30 }, { width: 40, height: 30 }, no)
		).toBe(true);
		expect(
			await needsOrientation(6, { width: 32, height: 32 }, { width: 32, height: 32 }, no)
		).toBe(true);
	});

	it('never touches an upright photo', async () => {
		expect(await needsOrientation(1, { width: 4, height: 3 }, { width: 4, height: 3 }, never)).toBe(
			false
		);
	});
});

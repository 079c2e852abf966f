import { describe, expect, it } from 'vitest';
import { classesFromPaths, compactClasses, MAX_CLASSES } from './class-folders';

describe('classesFromPaths', () => {
	it('labels files by the first folder below the picked one, classes in name order', () => {
		const r = classesFromPaths([
			'shoes/sandal/a.png',
			'shoes/boot/b.png',
			'shoes/sandal/deeper/c.png',
			'shoes/boot10/d.png',
			'shoes/boot2/e.png',
			'shoes/loose.png'
		]);
		// Numeric-aware order: boot2 before boot10.
		expect(r?.classNames).toEqual(['boot', 'boot2', 'boot10', 'sandal']);
		expect(r?.labels).toEqual([3, 0, 3, 2, 1, undefined]);
	});

	it('gives no labels for loose files, one class folder, or too many classes', () => {
		expect(classesFromPaths(['', '', ''])).toBeUndefined();
		expect(classesFromPaths(['pics/a.png', 'pics/b.png'])).toBeUndefined();
		expect(classesFromPaths(['pics/only/a.png', 'pics/only/b.png'])).toBeUndefined();
		const many = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `root/c${i}/x.png`);
		expect(classesFromPaths(many)).toBeUndefined();
		expect(classesFromPaths(many.slice(1))?.classNames.length).toBe(MAX_CLASSES);
	});
});

describe('compactClasses', () => {
	it('drops classes nothing was kept of and renumbers the rest in order', () => {
		const r = compactClasses([3, 0, 3, 0], ['a', 'b', 'c', 'd']);
		expect(r.classNames).toEqual(['a', 'd']);
		expect(Array.from(r.labels)).toEqual([1, 0, 1, 0]);
	});
});

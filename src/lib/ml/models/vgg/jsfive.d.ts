// jsfive ships no type declarations; this covers the read-only subset the VGG19 import uses.
declare module 'jsfive' {
	/** Attribute values as jsfive decodes them (strings, numbers or arrays of them). */
	export type AttributeValue = string | number | Array<string | number>;

	export class Dataset {
		readonly shape: number[];
		readonly dtype: string | unknown[];
		/** Elements in C order; a plain Array for numeric data. */
		readonly value: ArrayLike<number>;
		readonly attrs: Record<string, AttributeValue>;
	}

	export class Group {
		readonly keys: string[];
		readonly attrs: Record<string, AttributeValue>;
		get(path: string): Group | Dataset | null;
	}

	export class File extends Group {
		constructor(buffer: ArrayBuffer, filename?: string);
	}
}

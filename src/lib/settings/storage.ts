/** Small user preferences in localStorage; reads never throw (private mode, disabled storage). */

export type SettingKey = 'locale' | 'theme' | 'backend' | 'threads';

const PREFIX = 'latent-lab:';

/** Returns the saved value, or undefined when absent or storage is unavailable. */
export function readSetting(key: SettingKey): string | undefined {
	try {
		return globalThis.localStorage?.getItem(PREFIX + key) ?? undefined;
	} catch {
		return undefined;
	}
}

/** Saves a value (or removes it when undefined); failures are ignored, preferences are optional. */
export function writeSetting(key: SettingKey, value: string | undefined): void {
	try {
		if (value === undefined) globalThis.localStorage?.removeItem(PREFIX + key);
		else globalThis.localStorage?.setItem(PREFIX + key, value);
	} catch {
		// Storage full or disabled: the app still works with defaults.
	}
}

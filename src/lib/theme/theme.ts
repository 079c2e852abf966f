/** Light/dark theme: 'system' follows the OS; the choice is saved and applied to <html data-theme>. */
import { readSetting, writeSetting } from '$lib/settings/storage';

export type Theme = 'system' | 'light' | 'dark';

/** Reads the saved theme, defaulting to following the system. */
export function savedTheme(): Theme {
	const t = readSetting('theme');
	return t === 'light' || t === 'dark' ? t : 'system';
}

/** Applies and saves a theme. */
export function applyTheme(theme: Theme): void {
	writeSetting('theme', theme === 'system' ? undefined : theme);
	if (typeof document === 'undefined') return;
	if (theme === 'system') delete document.documentElement.dataset.theme;
	else document.documentElement.dataset.theme = theme;
}

/** i18n set-up: svelte-i18n with English and Korean, chosen from navigator.language or the user. */
import { addMessages, getLocaleFromNavigator, init, locale } from 'svelte-i18n';
import { en } from './en';
import { ko } from './ko';
import { readSetting, writeSetting } from '$lib/settings/storage';

export const LOCALES = [
	{ code: 'en', label: 'English' },
	{ code: 'ko', label: '한국어' }
] as const;

export type LocaleCode = (typeof LOCALES)[number]['code'];

/** Picks the UI language: the user's saved choice, else the browser's, else English. */
export function pickLocale(saved: string | undefined, navigatorLocale: string | null): LocaleCode {
	const wanted = (saved ?? navigatorLocale ?? 'en').toLowerCase();
	return wanted.startsWith('ko') ? 'ko' : 'en';
}

let started = false;

/** Registers the dictionaries and sets the initial locale; safe to call more than once. */
export function setupI18n(): void {
	if (started) return;
	started = true;
	addMessages('en', en);
	addMessages('ko', ko);
	const initial = pickLocale(readSetting('locale'), getLocaleFromNavigator());
	init({ fallbackLocale: 'en', initialLocale: initial });
	locale.subscribe((l) => {
		if (l && typeof document !== 'undefined') document.documentElement.lang = l;
	});
}

/** Switches the UI language and remembers the choice. */
export function setLocale(code: LocaleCode): void {
	writeSetting('locale', code);
	locale.set(code);
}

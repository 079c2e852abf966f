/** Time left, split for display: whole seconds under a minute, minutes and seconds, then hours. */
export type EtaParts =
	| { unit: 'seconds'; s: number }
	| { unit: 'minutes'; m: number; s: number }
	| { unit: 'hours'; h: number; m: number };

/** Splits `seconds` (rounded up to a whole second first, so no "1 min 60 s"); undefined if unknown. */
export function etaParts(seconds: number | undefined): EtaParts | undefined {
	if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
	const t = Math.ceil(seconds);
	if (t < 60) return { unit: 'seconds', s: t };
	if (t < 3600) return { unit: 'minutes', m: Math.floor(t / 60), s: t % 60 };
	const minutes = Math.round(t / 60);
	return { unit: 'hours', h: Math.floor(minutes / 60), m: minutes % 60 };
}

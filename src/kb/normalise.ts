/**
 * Normalises error text for matching: undoes JSON string escapes (`\"`, `\n`, `\u00e9`) that nested bodies carry,
 * collapses whitespace (pasted output wraps lines mid-sentence) and folds Unicode to NFKC. Case is kept; matching
 * is case-insensitive.
 */
export function normaliseText(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
		.replace(/\\+[nrt]/g, ' ')
		.replace(/\\+(["'/])/g, '$1')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Compiles a KB pattern: case-insensitive, Unicode-aware. Throws on an invalid pattern. */
export function compilePattern(pattern: string): RegExp {
	return new RegExp(pattern, 'iu');
}

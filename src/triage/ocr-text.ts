/**
 * Text read from a screenshot by OCR, tidied before triage: recognition leaves its own kind of noise, which would
 * otherwise hide documented error strings from the matcher. Pure; conservative (only changes that a recogniser's
 * known habits explain).
 */

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** Tesseract's Chinese model puts a space between ideographs (and between an ideograph and CJK punctuation). */
const SPACE_IN_CJK = new RegExp(
	`(?<=[${CJK}\\u3000-\\u303f\\uff00-\\uffef])[ \\t]+(?=[${CJK}\\u3000-\\u303f\\uff00-\\uffef])`,
	'gu',
);
/** Typographic quotes and dashes the recogniser substitutes for ASCII in code. */
const LOOKALIKES: readonly [RegExp, string][] = [
	[/[\u2018\u2019\u201a\u201b\u2032]/g, "'"],
	[/[\u201c\u201d\u201e\u201f\u2033]/g, '"'],
	[/[\u2010-\u2015\u2212]/g, '-'],
	[/\u00a0/g, ' '],
	[/[\ufb01]/g, 'fi'],
	[/[\ufb02]/g, 'fl'],
];
/** An HTTP status misread with a letter for a digit after "Error code:" / "HTTP" / "Status" (`4O3`, `4Ol`). */
const STATUS_LIKE = /\b(code:?|HTTP\/?[\d.]*|Status(?: Code)?:?|Error:?)(\s*)([1-5][0-9OolIS]{2})\b/gi;
const DIGIT_FOR: Readonly<Record<string, string>> = { O: '0', o: '0', l: '1', I: '1', S: '5' };

/** An identifier broken at a line or word gap after `_` or before it (`region_ territory`), joined again. */
const BROKEN_SNAKE = /([A-Za-z0-9])_[ \t]+(?=[a-z0-9])|([a-z0-9])[ \t]+_(?=[A-Za-z0-9])/g;

/** A key's prefix with the recogniser's stray spaces around its dashes (`sk-proj -Zq8…`, `sk - ant-…`). */
const KEY_PREFIX =
	/\b(sk(?:[ \t]?-[ \t]?(?:proj|ant|or|v1|svcacct|admin|api\d{2}))*[ \t]?-[ \t]?|AIza|gh[pousr]_|github_pat_|gsk_|xai-|hf_)(?=[A-Za-z0-9])/g;
/** A chunk that reads like the rest of a key split by a stray space: letters with digits or inner capitals. */
const KEY_TAIL_CHUNK = /^[ \t]([A-Za-z0-9_-]{3,})/;
/**
 * Has a capital after a small letter (`aB…`, `ABcD`). Found from the first small letter on, once: a `[a-z].*[A-Z]`
 * search restarts at every small letter and rescans the rest, quadratic in a long chunk.
 */
function hasInnerCapital(chunk: string): boolean {
	const firstSmall = chunk.search(/[a-z]/);
	return firstSmall !== -1 && /[A-Z]/.test(chunk.slice(firstSmall + 1));
}
const looksRandom = (chunk: string): boolean => /\d/.test(chunk) || hasInnerCapital(chunk);

const KEY_BODY = /\b(?:sk-[A-Za-z0-9_-]*|AIza|gh[pousr]_|github_pat_|gsk_|xai-|hf_)[A-Za-z0-9_-]{8,}/g;

/**
 * Joins a key the recogniser split with spaces, so the redaction engine sees (and removes) all of it: a key in a
 * screenshot is as leaked as a pasted one.
 */
function joinSplitKeys(raw: string): string {
	const text = raw.replace(KEY_PREFIX, (prefix) => prefix.replace(/[ \t]/g, ''));
	let out = '';
	let from = 0;
	for (const match of text.matchAll(KEY_BODY)) {
		const start = match.index ?? 0;
		if (start < from) continue;
		let end = start + match[0].length;
		let key = match[0];
		for (let i = 0; i < 6; i++) {
			const chunk = KEY_TAIL_CHUNK.exec(text.slice(end))?.[1];
			if (chunk === undefined || !looksRandom(chunk)) break;
			key += chunk;
			end += chunk.length + 1;
		}
		out += text.slice(from, start) + key;
		from = end;
	}
	return out + text.slice(from);
}

/** OCR text as triage should read it: the recogniser's known noise removed, lines kept. */
export function tidyOcrText(raw: string): string {
	let text = raw.replace(/\r\n?/g, '\n');
	text = joinSplitKeys(text);
	for (const [pattern, replacement] of LOOKALIKES) text = text.replace(pattern, replacement);
	text = text.replace(SPACE_IN_CJK, '');
	text = text.replace(BROKEN_SNAKE, (_m, before: string | undefined, after: string | undefined) =>
		before === undefined ? `${after ?? ''}_` : `${before}_`,
	);
	text = text.replace(
		STATUS_LIKE,
		(_m, label: string, gap: string, status: string) =>
			`${label}${gap}${status.replace(/[OolIS]/g, (c) => DIGIT_FOR[c] ?? c)}`,
	);
	return text
		.split('\n')
		.map((line) => line.replace(/[ \t]+$/, ''))
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

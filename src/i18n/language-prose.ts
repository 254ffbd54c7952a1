import { markerStrength } from '../triage/error-markers.js';
import { analyseText } from '../triage/text-regions.js';

/** Bounds the work per post: the language shows in the first few hundred characters of prose. */
const MAX_PROSE = 2000;

const INLINE_CODE = /`[^`\n]{0,400}`/g;
const URL = /\b(?:https?|wss?):\/\/[^\s)>\]}"']{1,400}/g;
const EMAIL = /[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g;
/** A flat JSON-ish object or array (an error body pasted inline); applied repeatedly to peel nested ones. */
const FLAT_OBJECT = /\{[^{}\n]{0,600}\}|\[[^[\]\n]{0,600}\]/g;
/** ASCII-quoted strings: an error message or identifier quoted in a sentence. Typographic and CJK quotes stay. */
const QUOTED = /(^|[\s(:：,，（])(["'])[^"'\n]{1,400}\2/g;
const HAN = /\p{Script=Han}/u;
/** A letter outside ASCII: Han, kana, Hangul, Cyrillic, or a Latin letter with a diacritic (é, ñ, ç, ü …). */
const NON_ASCII_LETTER = /(?!\p{ASCII})\p{L}/u;

/** Whether a line holds Han characters (a Chinese or Japanese sentence, not only pasted English). */
function hasHan(line: string): boolean {
	return HAN.test(line);
}

/**
 * Whether a part of an error line is the poster's own words rather than the (English) error: API error text is
 * ASCII, a sentence in Chinese, Spanish, French, Russian … almost always has a letter that is not.
 */
function hasOwnLetters(part: string): boolean {
	return NON_ASCII_LETTER.test(part);
}

/**
 * The words of a post that tell its language: the prose without code, pasted output (error bodies, logs,
 * tracebacks), inline code, URLs, e-mail addresses, JSON bodies, quoted strings and the English error lines
 * themselves. A Chinese sentence around an English error body leaves only the Chinese. A line that mixes both keeps
 * its Han text and drops the error part after a colon. Pure.
 */
export function languageProse(text: string): string {
	const regions = analyseText(text.slice(0, MAX_PROSE * 4));
	const pasted = new Set<number>();
	for (const block of regions.blocks) for (let k = block.firstLine; k <= block.lastLine; k += 1) pasted.add(k);
	const kept: string[] = [];
	for (const line of regions.lines) {
		if (pasted.has(line.index)) continue;
		let rest = line.text.replace(INLINE_CODE, ' ').replace(URL, ' ').replace(EMAIL, ' ');
		for (let i = 0; i < 4; i += 1) {
			const peeled = rest.replace(FLAT_OBJECT, ' ');
			if (peeled === rest) break;
			rest = peeled;
		}
		rest = rest.replace(QUOTED, '$1 ');
		// An error line (a status with an error word, an exception, a JSON error): only the parts written in the
		// poster's own letters count ("报403", "me sale un error 403 y no sé por qué"), never its English. A sentence
		// that only mentions "error" stays.
		if (markerStrength(rest) >= 2) {
			rest = rest
				.split(/[:：]/)
				.filter((part) => hasOwnLetters(part))
				.join(' ');
			if (rest.trim() === '') continue;
		}
		rest = rest.replace(/\s+/g, ' ').trim();
		if (rest.length > 0) kept.push(rest);
	}
	// In a post that has Han sentences, a line with none is pasted output the block finder did not catch (an
	// error message on its own line): a Chinese post quoting an English error is Chinese.
	const han = kept.filter(hasHan);
	return (han.length > 0 ? han : kept).join('\n').slice(0, MAX_PROSE);
}

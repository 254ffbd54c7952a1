import { eld } from 'eld/large';
import type { PosterLanguage } from '../kb/entry-translation.js';
import { languageProse } from './language-prose.js';
import { posterLanguageOf } from './messages.js';

/** What the detector made of a post's own words. */
export interface DetectedLanguage {
	/** ISO 639-1 code of the language the prose is in; null when there is no prose or the detector is unsure. */
	readonly code: string | null;
	/** How much prose there was, a Han character counting as three letters (it carries about a word). */
	readonly weight: number;
}

/**
 * Below this much prose a later post does not switch the thread's language: a short thanks ("ok", "解决了，谢谢",
 * 15) is not a change of language; a sentence is (eight Han characters, or about five English words).
 */
const CLEAR_WEIGHT = 24;

/** Less prose than this tells nothing: "model gpt-4o" reads as Romanian. Four Han characters are enough. */
const MIN_WEIGHT = 12;

function proseWeight(prose: string): number {
	let weight = 0;
	for (const ch of prose) {
		if (/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul}/u.test(ch)) weight += 3;
		else if (/\p{L}/u.test(ch)) weight += 1;
	}
	return weight;
}

/**
 * The language of a post's own words (`languageProse`: no code, error bodies, URLs or quoted strings), by ELD (the
 * detector measured best on short technical posts; see README "Languages"). Pure.
 */
export function detectLanguage(text: string): DetectedLanguage {
	const prose = languageProse(text);
	const weight = proseWeight(prose);
	if (weight < MIN_WEIGHT) return { code: null, weight };
	const result = eld.detect(prose);
	return { code: result.isReliable() && result.language !== '' ? result.language : null, weight };
}

/**
 * The language to answer a post in: the detected one when the bot speaks it; English for a language it does not
 * speak (no half translation); `fallback` (DEFAULT_LANGUAGE) when detection is unsure. Pure.
 */
export function answerLanguage(detected: DetectedLanguage, fallback: PosterLanguage): PosterLanguage {
	if (detected.code === null) return fallback;
	return posterLanguageOf(detected.code) ?? 'en';
}

/**
 * A thread's language: that of its owner's first post (with the title), unless a later owner post is clearly in
 * another language (reliably detected, with enough prose); `fallback` when the first post says nothing clear. Pure.
 */
export function threadLanguage(ownerPosts: readonly string[], fallback: PosterLanguage): PosterLanguage {
	const [first, ...later] = ownerPosts;
	let lang = first === undefined ? fallback : answerLanguage(detectLanguage(first), fallback);
	for (const post of later) {
		const detected = detectLanguage(post);
		if (detected.code !== null && detected.weight >= CLEAR_WEIGHT) lang = answerLanguage(detected, fallback);
	}
	return lang;
}

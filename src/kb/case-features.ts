import { ByteStringIds } from './byte-string-ids.js';
import { normaliseText } from './normalise.js';
import { grown } from './typed-arrays.js';

const STOPWORDS = new Set(
	(
		'the and for you your with this that from are was were have has had not but can could would should will when what ' +
		'which who how why where there their then than them they its into also just like get got use using used any all ' +
		'our out one two http https www com null none true false please see more line file self return print import ' +
		'const let var def new after before same some does did doing been being here only still now very'
	).split(' '),
);

const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** The first code point of those scripts (U+1100, Hangul Jamo): a token of lower ones holds none (tested). */
export const CJK_FROM = 0x1100;

/** Whether a token holds a character of the CJK scripts; most are ASCII, answered without the regex. */
function hasCjk(token: string): boolean {
	for (let i = 0; i < token.length; i += 1) if (token.charCodeAt(i) >= CJK_FROM) return HAS_CJK.test(token);
	return false;
}

/**
 * Folds common English endings so `keys`/`key`, `restricted`/`restrict` meet: the longest of -ing, -ed/-es, -s (what
 * `replace(/(?:ing|ed|es|s)$/, '')` takes), then at most 24 characters.
 */
function stem(word: string): string {
	const cut = word.endsWith('ing') ? 3 : word.endsWith('ed') || word.endsWith('es') ? 2 : word.endsWith('s') ? 1 : 0;
	return word.slice(0, Math.min(24, word.length - cut)) || word;
}

/**
 * Features of a text: Latin-script words (3+ letters, stemmed, stopwords out), 4xx/5xx statuses, and overlapping
 * character pairs of CJK runs (Chinese has no spaces; pairs are what a word segmenter would mostly find).
 */
export function caseFeatures(text: string): Map<string, number> {
	return featuresOfLower(normaliseText(text).toLowerCase());
}

/** `caseFeatures` of the normalised, lower-cased text. */
function featuresOfLower(lower: string): Map<string, number> {
	const features = new Map<string, number>();
	const add = (f: string) => features.set(f, (features.get(f) ?? 0) + 1);
	if (!NON_ASCII.test(lower)) {
		asciiFeatures(lower, add);
		return features;
	}
	for (const token of lower.match(TOKEN) ?? []) tokenFeatures(token, add);
	return features;
}

/** The tokens of lower-cased text that holds more than ASCII. */
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The features of one token of such text, in order (a CJK run gives one per character pair). */
function tokenFeatures(token: string, add: (feature: string) => void): void {
	if (token.length === 3 && /^[45]\d\d$/.test(token)) {
		add(`#${token}`);
		return;
	}
	// Most tokens hold no CJK: the split below would give the token back whole, as its last branch.
	if (!hasCjk(token)) {
		if (token.length >= 3 && token.length <= 40 && !/^\d+$/.test(token) && !STOPWORDS.has(token))
			add(`w:${stem(token)}`);
		return;
	}
	for (const run of token.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/u)) {
		if (run.length === 0) continue;
		if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(run)) {
			if (run.length === 1) add(`c:${run}`);
			for (let i = 0; i + 1 < run.length; i += 1) add(`c:${run.slice(i, i + 2)}`);
		} else if (/^[45]\d\d$/.test(run)) {
			add(`#${run}`);
		} else if (run.length >= 3 && run.length <= 40 && !/^\d+$/.test(run) && !STOPWORDS.has(run)) {
			add(`w:${stem(run)}`);
		}
	}
}

/** Any UTF-16 code unit outside ASCII (surrogates included: the regex has no u flag). */
const NON_ASCII = /[\u0080-\uffff]/;

/** Whether a code unit is a letter, digit or `_` of lower-cased ASCII text (what `[\p{L}\p{N}_]` is there). */
const isWordCode = (code: number): boolean =>
	(code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || (code >= 65 && code <= 90);

/**
 * `caseFeatures` of lower-cased ASCII text, which holds no CJK: the same tokens in the same order as the Unicode
 * regex finds them, read by character codes (most posts and cases are ASCII; the regex's array of tokens was garbage).
 */
function asciiFeatures(lower: string, add: (feature: string) => void): void {
	let start = -1;
	for (let i = 0; i <= lower.length; i += 1) {
		const word = i < lower.length && isWordCode(lower.charCodeAt(i));
		if (word) {
			if (start < 0) start = i;
			continue;
		}
		if (start < 0) continue;
		const feature = asciiFeature(lower.slice(start, i));
		start = -1;
		if (feature !== null) add(feature);
	}
}

/** The feature of one token of lower-cased ASCII text: a 4xx/5xx status, a stemmed word, or none. */
function asciiFeature(token: string): string | null {
	if (token.length === 3 && STATUS.test(token)) return `#${token}`;
	if (token.length >= 3 && token.length <= 40 && !DIGITS.test(token) && !STOPWORDS.has(token))
		return `w:${stem(token)}`;
	return null;
}
const STATUS = /^[45]\d\d$/;
const DIGITS = /^\d+$/;

/**
 * Reads the features of many texts for building the case index, as ids: each distinct token of an ASCII text is
 * classified once (`asciiFeature`) and its feature's id remembered, so a case's thousand tokens make no string each
 * (building the index of 10,000 cases read 3 million characters); a token of other text is classified once too.
 * The features come in the order `caseFeatures` gives them, each with its count.
 */
export class CaseFeatureReader {
	private readonly words = new ByteStringIds();
	/** Per word id: its feature's id, or -1 when the word is no feature. */
	private readonly featureOfWord: number[] = [];
	private bytes: Uint8Array = new Uint8Array(64);
	private counts: Float64Array = new Float64Array(256);
	private order: Int32Array = new Int32Array(256);
	/** How many features the text being read has so far (their ids are `order[0, distinct)`). */
	private distinct = 0;
	/** Feature ids of the tokens of texts holding more than ASCII, by token. */
	private readonly featuresByToken = new Map<string, readonly number[]>();

	/** `idOf` gives a feature its id (the first time it is asked about one, a new one). */
	constructor(private readonly idOf: (feature: string) => number) {}

	/** Calls `onFeature(id, count)` for each feature of `text`, in `caseFeatures` order. */
	read(text: string, onFeature: (id: number, count: number) => void): void {
		const lower = normaliseText(text).toLowerCase();
		this.distinct = 0;
		if (NON_ASCII.test(lower)) {
			for (const token of lower.match(TOKEN) ?? []) for (const id of this.featuresOfToken(token)) this.count(id);
		} else {
			let start = -1;
			for (let i = 0; i <= lower.length; i += 1) {
				if (i < lower.length && isWordCode(lower.charCodeAt(i))) {
					if (start < 0) start = i;
					continue;
				}
				if (start < 0) continue;
				const id = this.featureOfAsciiToken(lower, start, i);
				start = -1;
				if (id >= 0) this.count(id);
			}
		}
		const distinct = this.distinct;
		for (let k = 0; k < distinct; k += 1) {
			const id = this.order[k] as number;
			onFeature(id, this.counts[id] as number);
			this.counts[id] = 0;
		}
	}

	private count(id: number): void {
		if (id >= this.counts.length) this.counts = grown(this.counts, 2 * (id + 1));
		if (this.counts[id] === 0) {
			if (this.distinct === this.order.length) this.order = grown(this.order, 2 * this.order.length);
			this.order[this.distinct] = id;
			this.distinct += 1;
		}
		this.counts[id] = (this.counts[id] as number) + 1;
	}

	/** The feature ids of a token of text holding more than ASCII, in order, worked out once per distinct token. */
	private featuresOfToken(token: string): readonly number[] {
		let ids = this.featuresByToken.get(token);
		if (ids === undefined) {
			const found: number[] = [];
			tokenFeatures(token, (feature) => found.push(this.idOf(feature)));
			ids = found;
			this.featuresByToken.set(token, ids);
		}
		return ids;
	}

	/** The feature id of the ASCII token `lower[start, end)`, or -1. */
	private featureOfAsciiToken(lower: string, start: number, end: number): number {
		const length = end - start;
		if (length > this.bytes.length) this.bytes = new Uint8Array(2 * length);
		const bytes = this.bytes;
		for (let k = 0; k < length; k += 1) bytes[k] = lower.charCodeAt(start + k);
		let word = this.words.find(bytes, length);
		if (word < 0) {
			word = this.words.add(bytes, length);
			const feature = asciiFeature(lower.slice(start, end));
			this.featureOfWord.push(feature === null ? -1 : this.idOf(feature));
		}
		return this.featureOfWord[word] as number;
	}
}

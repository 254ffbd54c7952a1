import {
	CATEGORY_BLOCKS,
	CATEGORY_DATA,
	CATEGORY_MAP,
	DIACRITIC_CHARS,
	DIACRITIC_KEYS,
	FOLD_ENTRIES,
	FOLD_OFFSETS,
} from './unicode61-tables.js';

/*
 * SQLite FTS5's 'porter unicode61 remove_diacritics 2' tokenizer, ported line by line from sqlite3.c (fts5_unicode2.c,
 * fts5_tokenize.c) so the in-memory BM25 index sees exactly the tokens FTS5 sees. Tokens are byte strings: each
 * character of the returned string is one byte of the token's UTF-8 (the porter stemmer works on bytes, and may cut
 * a multi-byte character as SQLite's does).
 */

function table(base64: string): Uint16Array {
	const bytes = atob(base64);
	const out = new Uint16Array(bytes.length / 2);
	for (let i = 0; i < out.length; i += 1) out[i] = bytes.charCodeAt(2 * i) | (bytes.charCodeAt(2 * i + 1) << 8);
	return out;
}

const aDia = table(DIACRITIC_KEYS);
const aChar = table(DIACRITIC_CHARS);
const aEntry = table(FOLD_ENTRIES);
const aiOff = table(FOLD_OFFSETS);
const aBlock = table(CATEGORY_BLOCKS);
const aMap = table(CATEGORY_MAP);
const aData = table(CATEGORY_DATA);

function removeDiacritic(c: number, complex: boolean): number {
	const key = ((c << 3) | 7) >>> 0;
	let iRes = 0;
	let iHi = aDia.length - 1;
	let iLo = 0;
	while (iHi >= iLo) {
		const iTest = (iHi + iLo) >> 1;
		if (key >= (aDia[iTest] as number)) {
			iRes = iTest;
			iLo = iTest + 1;
		} else iHi = iTest - 1;
	}
	const ch = aChar[iRes] as number;
	const dia = aDia[iRes] as number;
	if (!complex && ch & 0x80) return c;
	return c > (dia >> 3) + (dia & 7) ? c : ch & 0x7f;
}

function isDiacritic(c: number): boolean {
	if (c < 768 || c > 817) return false;
	return c < 768 + 32 ? (0x08029fdf & (1 << (c - 768))) !== 0 : (0x000361f8 & (1 << (c - 768 - 32))) !== 0;
}

/** sqlite3Fts5UnicodeFold(c, 2). */
export function fold(c: number): number {
	if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
	if (c < 65536) {
		let iHi = aEntry.length / 3 - 1;
		let iLo = 0;
		let iRes = -1;
		while (iHi >= iLo) {
			const iTest = (iHi + iLo) >> 1;
			if (c - (aEntry[3 * iTest] as number) >= 0) {
				iRes = iTest;
				iLo = iTest + 1;
			} else iHi = iTest - 1;
		}
		let ret = c;
		const code = aEntry[3 * iRes] as number;
		const flags = aEntry[3 * iRes + 1] as number;
		const range = aEntry[3 * iRes + 2] as number;
		if (c < code + range && (1 & flags & (code ^ c)) === 0) ret = (c + (aiOff[flags >> 1] as number)) & 0xffff;
		return removeDiacritic(ret, true);
	}
	return c >= 66560 && c < 66600 ? c + 40 : c;
}

/** sqlite3Fts5UnicodeCategory. */
function category(code: number): number {
	if (code >= 1 << 20) return 0;
	let iRes = -1;
	let iLo = aBlock[code >> 16] as number;
	let iHi = aBlock[1 + (code >> 16)] as number;
	const key = code & 0xffff;
	while (iHi > iLo) {
		const iTest = (iHi + iLo) >> 1;
		if (key >= (aMap[iTest] as number)) {
			iRes = iTest;
			iLo = iTest + 1;
		} else iHi = iTest;
	}
	if (iRes < 0) return 0;
	const data = aData[iRes] as number;
	if (key >= (aMap[iRes] as number) + (data >> 5)) return 0;
	const ret = data & 0x1f;
	if (ret !== 30) return ret;
	return (key - (aMap[iRes] as number)) & 1 ? 5 : 9;
}

/** The default categories 'L* N* Co' (sqlite3Fts5UnicodeCatParse also always sets slot 0). */
const TOKEN_CATEGORY = new Uint8Array(32);
for (const slot of [0, 5, 6, 7, 8, 9, 30, 13, 14, 15, 31]) TOKEN_CATEGORY[slot] = 1;

/** sqlite3Fts5UnicodeAscii: which ASCII characters are token characters. */
const ASCII_TOKEN = new Uint8Array(128);
{
	let i = 0;
	let iTbl = 0;
	while (i < 128) {
		const data = aData[iTbl] as number;
		const bToken = TOKEN_CATEGORY[data & 0x1f] as number;
		const n = (data >> 5) + i;
		for (; i < 128 && i < n; i += 1) ASCII_TOKEN[i] = bToken;
		iTbl += 1;
	}
	ASCII_TOKEN[0] = 0;
}

function isTokenChar(c: number): boolean {
	return TOKEN_CATEGORY[category(c)] === 1;
}

/** A code point as SQLite reads it from the UTF-8 better-sqlite3 writes (lone surrogates, U+FFFE/F → U+FFFD). */
function codePointAt(text: string, i: number): number {
	const c = text.codePointAt(i) as number;
	if ((c & 0xfffff800) === 0xd800 || (c & 0xfffffffe) === 0xfffe) return 0xfffd;
	return c;
}

/** Writes code point `c` as UTF-8 into `bytes` at `at` (room for 4 bytes is there); returns the next position. */
function putUtf8(bytes: Uint8Array, at: number, c: number): number {
	if (c < 0x80) {
		bytes[at] = c;
		return at + 1;
	}
	if (c < 0x800) {
		bytes[at] = 0xc0 | (c >> 6);
		bytes[at + 1] = 0x80 | (c & 0x3f);
		return at + 2;
	}
	if (c < 0x10000) {
		bytes[at] = 0xe0 | (c >> 12);
		bytes[at + 1] = 0x80 | ((c >> 6) & 0x3f);
		bytes[at + 2] = 0x80 | (c & 0x3f);
		return at + 3;
	}
	bytes[at] = 0xf0 | (c >> 18);
	bytes[at + 1] = 0x80 | ((c >> 12) & 0x3f);
	bytes[at + 2] = 0x80 | ((c >> 6) & 0x3f);
	bytes[at + 3] = 0x80 | (c & 0x3f);
	return at + 4;
}

/** A byte string (one character per byte) of `bytes[0, length)`. */
export function byteString(bytes: Uint8Array, length: number): string {
	if (length <= 1024) return String.fromCharCode.apply(null, bytes.subarray(0, length) as unknown as number[]);
	let out = '';
	for (let at = 0; at < length; at += 1024)
		out += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(length, at + 1024)) as unknown as number[]);
	return out;
}

const ASCII_ONLY = /^[^\u0080-\uffff]*$/;
/** Runs of ASCII token characters, built from the table (letters and digits). */
const ASCII_TOKEN_RUN = new RegExp(
	`[${[...ASCII_TOKEN.keys()]
		.filter((c) => ASCII_TOKEN[c] === 1)
		.map((c) => `\\x${c.toString(16).padStart(2, '0')}`)
		.join('')}]+`,
	'g',
);

/** fts5UnicodeTokenize with remove_diacritics 2: the folded tokens of `text`, in order, as UTF-8 byte strings. */
export function unicode61Tokens(text: string): string[] {
	// ASCII text (most of a KB's): its tokens are its runs of token characters, lower-cased.
	if (ASCII_ONLY.test(text)) return text.toLowerCase().match(ASCII_TOKEN_RUN) ?? [];
	const tokens: string[] = [];
	forEachTokenBytes(text, (bytes, length) => {
		tokens.push(byteString(bytes, length));
	});
	return tokens;
}

/** The bytes of the token being read, shared by every call (grown when a token needs more). */
let tokenBytes: Uint8Array = new Uint8Array(256);
/** The length of the token `readRest` read. */
let restLength = 0;

function growTokenBytes(): Uint8Array {
	const grown = new Uint8Array(tokenBytes.length * 2);
	grown.set(tokenBytes);
	tokenBytes = grown;
	return grown;
}

/**
 * fts5UnicodeTokenize with remove_diacritics 2 on any text: hands each folded token, in order, to `onToken` as its
 * UTF-8 bytes `bytes[0, length)` (overwritten by the next token). An index looks tokens up by their bytes: making a
 * string of each of the 1.6 million tokens of a 10,000-entry KB, to look it up in a Map, was most of its build.
 */
export function forEachTokenBytes(text: string, onToken: (bytes: Uint8Array, length: number) => void): void {
	const n = text.length;
	let i = 0;
	while (i < n) {
		// Skip separators.
		let c = text.charCodeAt(i);
		if (c < 0x80) {
			if (ASCII_TOKEN[c] === 0) {
				i += 1;
				continue;
			}
		} else {
			c = codePointAt(text, i);
			if (!isTokenChar(c)) {
				i += c > 0xffff ? 2 : 1;
				continue;
			}
		}
		// A token: most are ASCII, read in a tight loop; at a non-ASCII character `readRest` reads on.
		let bytes = tokenBytes;
		let length = 0;
		while (i < n) {
			c = text.charCodeAt(i);
			if (c >= 0x80 || ASCII_TOKEN[c] === 0) break;
			if (length === bytes.length) bytes = growTokenBytes();
			bytes[length] = c >= 65 && c <= 90 ? c + 32 : c;
			length += 1;
			i += 1;
		}
		if (i < n && c >= 0x80) {
			i = readRest(text, i, length);
			bytes = tokenBytes;
			length = restLength;
		}
		onToken(bytes, length);
	}
}

/**
 * Reads on from `i` (a non-ASCII character) a token of which `length` bytes are read: later characters may be token
 * characters or diacritics (folded away), the first one must be a token character (it is). Returns where it ends.
 */
function readRest(text: string, from: number, read: number): number {
	const n = text.length;
	let bytes = tokenBytes;
	let length = read;
	let first = read === 0;
	let i = from;
	while (i < n) {
		if (length + 4 > bytes.length) bytes = growTokenBytes();
		let c = text.charCodeAt(i);
		if (c < 0x80) {
			if (ASCII_TOKEN[c] === 0) break;
			bytes[length] = c >= 65 && c <= 90 ? c + 32 : c;
			length += 1;
			i += 1;
		} else {
			c = codePointAt(text, i);
			if (!first && !isTokenChar(c) && !isDiacritic(c)) break;
			const folded = fold(c);
			if (folded !== 0) length = putUtf8(bytes, length, folded);
			i += c > 0xffff ? 2 : 1;
		}
		first = false;
	}
	restLength = length;
	return i;
}

// The porter stemmer of fts5_tokenize.c, on byte strings. Out-of-range reads (aBuf[-1]) give undefined, which,
// like the zero byte SQLite reads there, matches no case.

const isVowel = (c: string | undefined, yIsVowel: boolean): boolean =>
	c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');

function gobbleVC(s: string, from: number, end: number, prevCons: boolean): number {
	let cons = prevCons;
	let i = from;
	for (; i < end; i += 1) {
		cons = !isVowel(s[i], cons);
		if (!cons) break;
	}
	for (i += 1; i < end; i += 1) {
		cons = !isVowel(s[i], cons);
		if (cons) return i + 1 - from;
	}
	return 0;
}

const mGt0 = (s: string, n: number): boolean => gobbleVC(s, 0, n, false) !== 0;
function mGt1(s: string, n: number): boolean {
	const m = gobbleVC(s, 0, n, false);
	return m !== 0 && gobbleVC(s, m, n, true) !== 0;
}
function mEq1(s: string, n: number): boolean {
	const m = gobbleVC(s, 0, n, false);
	return m !== 0 && gobbleVC(s, m, n, true) === 0;
}
function oStar(s: string, n: number): boolean {
	const last = s[n - 1];
	if (last === 'w' || last === 'x' || last === 'y') return false;
	let mask = 0;
	let cons = false;
	for (let i = 0; i < n; i += 1) {
		cons = !isVowel(s[i], cons);
		mask = ((mask << 1) + (cons ? 1 : 0)) | 0;
	}
	return (mask & 7) === 5;
}
const mGt1SorT = (s: string, n: number): boolean => (s[n - 1] === 's' || s[n - 1] === 't') && mGt1(s, n);
function hasVowel(s: string, n: number): boolean {
	for (let i = 0; i < n; i += 1) if (isVowel(s[i], i > 0)) return true;
	return false;
}

type Cond = (s: string, n: number) => boolean;
/** [suffix, condition, replacement], grouped by the suffix's second-last character, in SQLite's order. */
type Rules = Readonly<Record<string, readonly (readonly [string, Cond, string])[]>>;

const STEP2: Rules = {
	a: [
		['ational', mGt0, 'ate'],
		['tional', mGt0, 'tion'],
	],
	c: [
		['enci', mGt0, 'ence'],
		['anci', mGt0, 'ance'],
	],
	e: [['izer', mGt0, 'ize']],
	g: [['logi', mGt0, 'log']],
	l: [
		['bli', mGt0, 'ble'],
		['alli', mGt0, 'al'],
		['entli', mGt0, 'ent'],
		['eli', mGt0, 'e'],
		['ousli', mGt0, 'ous'],
	],
	o: [
		['ization', mGt0, 'ize'],
		['ation', mGt0, 'ate'],
		['ator', mGt0, 'ate'],
	],
	s: [
		['alism', mGt0, 'al'],
		['iveness', mGt0, 'ive'],
		['fulness', mGt0, 'ful'],
		['ousness', mGt0, 'ous'],
	],
	t: [
		['aliti', mGt0, 'al'],
		['iviti', mGt0, 'ive'],
		['biliti', mGt0, 'ble'],
	],
};
const STEP3: Rules = {
	a: [['ical', mGt0, 'ic']],
	s: [['ness', mGt0, '']],
	t: [
		['icate', mGt0, 'ic'],
		['iciti', mGt0, 'ic'],
	],
	u: [['ful', mGt0, '']],
	v: [['ative', mGt0, '']],
	z: [['alize', mGt0, 'al']],
};
const STEP4: Rules = {
	a: [['al', mGt1, '']],
	c: [
		['ance', mGt1, ''],
		['ence', mGt1, ''],
	],
	e: [['er', mGt1, '']],
	i: [['ic', mGt1, '']],
	l: [
		['able', mGt1, ''],
		['ible', mGt1, ''],
	],
	n: [
		['ant', mGt1, ''],
		['ement', mGt1, ''],
		['ment', mGt1, ''],
		['ent', mGt1, ''],
	],
	o: [
		['ion', mGt1SorT, ''],
		['ou', mGt1, ''],
	],
	s: [['ism', mGt1, '']],
	t: [
		['ate', mGt1, ''],
		['iti', mGt1, ''],
	],
	u: [['ous', mGt1, '']],
	v: [['ive', mGt1, '']],
	z: [['ize', mGt1, '']],
};

/** One generated step: the first suffix (by the C code's order) that ends the word decides; its condition may fail. */
function applyStep(s: string, rules: Rules): string {
	const n = s.length;
	const group = rules[s[n - 2] ?? ''];
	if (group === undefined) return s;
	for (const [suffix, cond, replacement] of group) {
		if (n > suffix.length && s.endsWith(suffix)) {
			const stem = n - suffix.length;
			return cond(s, stem) ? s.slice(0, stem) + replacement : s;
		}
	}
	return s;
}

/** fts5PorterCb: the stem of one token (byte string); tokens shorter than 3 or longer than 64 bytes pass through. */
export function porterStem(token: string): string {
	if (token.length > 64 || token.length < 3) return token;
	let s = token;
	// Step 1A.
	if (s[s.length - 1] === 's') {
		const n = s.length;
		if (s[n - 2] === 'e') {
			if ((n > 4 && s[n - 4] === 's' && s[n - 3] === 's') || (n > 3 && s[n - 3] === 'i')) s = s.slice(0, n - 2);
			else s = s.slice(0, n - 1);
		} else if (s[n - 2] !== 's') s = s.slice(0, n - 1);
	}
	// Step 1B.
	let step1b = false;
	{
		const n = s.length;
		if (s[n - 2] === 'e') {
			if (n > 3 && s.endsWith('eed')) {
				if (mGt0(s, n - 3)) s = `${s.slice(0, n - 3)}ee`;
			} else if (n > 2 && s.endsWith('ed')) {
				if (hasVowel(s, n - 2)) {
					s = s.slice(0, n - 2);
					step1b = true;
				}
			}
		} else if (s[n - 2] === 'n' && n > 3 && s.endsWith('ing')) {
			if (hasVowel(s, n - 3)) {
				s = s.slice(0, n - 3);
				step1b = true;
			}
		}
	}
	if (step1b) {
		// Step 1B2.
		const n = s.length;
		const before = s[n - 2];
		let replaced = false;
		if (before === 'a' && n > 2 && s.endsWith('at')) replaced = true;
		else if (before === 'b' && n > 2 && s.endsWith('bl')) replaced = true;
		else if (before === 'i' && n > 2 && s.endsWith('iz')) replaced = true;
		if (replaced) s = `${s}e`;
		else {
			const c = s[n - 1];
			if (!isVowel(c, false) && c !== 'l' && c !== 's' && c !== 'z' && c === s[n - 2]) s = s.slice(0, n - 1);
			else if (mEq1(s, n) && oStar(s, n)) s = `${s}e`;
		}
	}
	// Step 1C.
	if (s[s.length - 1] === 'y' && hasVowel(s, s.length - 1)) s = `${s.slice(0, -1)}i`;
	s = applyStep(s, STEP2);
	s = applyStep(s, STEP3);
	s = applyStep(s, STEP4);
	// Step 5a.
	if (s[s.length - 1] === 'e') {
		const n = s.length - 1;
		if (mGt1(s, n) || (mEq1(s, n) && !oStar(s, n))) s = s.slice(0, n);
	}
	// Step 5b.
	const n = s.length;
	if (n > 1 && s[n - 1] === 'l' && s[n - 2] === 'l' && mGt1(s, n - 1)) s = s.slice(0, n - 1);
	return s;
}

/** Stems by token: a KB or a post repeats its words. Bounded so odd input cannot grow it without end. */
const stems = new Map<string, string>();

/** The tokens FTS5's 'porter unicode61 remove_diacritics 2' tokenizer gives `text`, in order. */
export function ftsTokens(text: string): string[] {
	const tokens = unicode61Tokens(text);
	for (let i = 0; i < tokens.length; i += 1) {
		const token = tokens[i] as string;
		let stem = stems.get(token);
		if (stem === undefined) {
			stem = porterStem(token);
			if (stems.size >= 50_000) stems.clear();
			stems.set(token, stem);
		}
		tokens[i] = stem;
	}
	return tokens;
}

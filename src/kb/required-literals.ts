import { needsUnicode } from './normalise.js';

/**
 * Literals one of which every match of a KB pattern contains, so the matcher can skip the regex when none is in the
 * post (one look-up in its scan of the post instead of a regex run). Read from the pattern's structure: a run of
 * plain characters is required; so is a group that is not optional, through one literal of each of its alternatives
 * (`\b(?:suspended|banned)\b` needs `suspended` or `banned`). Of a sequence's required parts the longest run is kept,
 * else the most selective group (its shortest literal the longest, then the fewest literals). Lower-cased, as the
 * post's text is looked up.
 */

/** Punctuation that an escape makes literal. */
const ESCAPED_LITERAL = /[.$()[\]{}*+?^|\\/\-'"`:@#%&=!<>,;~ ]/;
const NOT_QUANTIFIED = { optional: false, quantified: false } as const;
const OPTIONAL = { optional: true, quantified: true } as const;
const REPEATED = { optional: false, quantified: true } as const;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Whether a post holding this character (in any case) holds the literal's lower-cased form in its lower-cased text, as
 * a case-insensitive regex sees it: ASCII and caseless characters (CJK) do; other cased letters only when their case
 * mapping is one to one (not `ſ`, `ı`, `İ`, `ß` …, whose folding differs between regexes and `toLowerCase`).
 */
function foldsSafely(char: string, unicode: boolean): boolean {
	const code = char.charCodeAt(0);
	// With the `u` flag, `ſ` matches s and the Kelvin sign k (NFKC folds both, but an unescaped \u017f stays).
	if (code < 0x80) return !(unicode && (char === 's' || char === 'S' || char === 'k' || char === 'K'));
	const lower = char.toLowerCase();
	const upper = char.toUpperCase();
	if (lower === upper) return code < 0xd800 || code > 0xdfff;
	const latinOrCyrillic = (code >= 0xc0 && code <= 0x24f) || (code >= 0x400 && code <= 0x45f);
	return (
		latinOrCyrillic &&
		!'ſıİßµ'.includes(char) &&
		lower.length === 1 &&
		upper.length === 1 &&
		upper.toLowerCase() === lower &&
		lower.toUpperCase() === upper
	);
}

/** A literal worth looking for: three characters, or two of a script with no spaces (CJK words are short). */
function usable(literal: string): boolean {
	if (literal.length >= 3) return true;
	return literal.length === 2 && [...literal].every((c) => (c.codePointAt(0) ?? 0) >= 0x2e80);
}

/** Shortest literal of a set (what makes it selective), then how few there are. */
function better(a: readonly string[], b: readonly string[]): boolean {
	const shortest = (xs: readonly string[]) => {
		let least = Number.POSITIVE_INFINITY;
		for (const x of xs) if (x.length < least) least = x.length;
		return least;
	};
	const sa = shortest(a);
	const sb = shortest(b);
	return sa > sb || (sa === sb && a.length < b.length);
}

/**
 * Lower-cased literals one of which every match of `pattern` contains, or null when none is certain (or the pattern
 * is beyond this reading: then the regex always runs). One pass, by recursive descent: each alternative of a level
 * gives its most selective required set, and the level the union of them (null when an alternative has none).
 */
export function requiredLiterals(pattern: string): string[] | null {
	const unicode = needsUnicode(pattern);
	let i = 0;
	let unreadable = false;

	/** Reads a quantifier at `i`, if any: whether the atom before it may be absent, and whether there was one. */
	const quantifier = (): { optional: boolean; quantified: boolean } => {
		const c = pattern[i];
		let optional: boolean;
		if (c === '?' || c === '*' || c === '+') {
			optional = c !== '+';
			i += 1;
		} else if (c === '{') {
			// {n}, {n,}, {n,m} (and {,m}, {}: read as optional, which only ever drops a literal); else a literal brace.
			let end = i + 1;
			let least = 0;
			while (end < pattern.length && isDigit(pattern.charCodeAt(end))) {
				least = least * 10 + pattern.charCodeAt(end) - 48;
				end += 1;
			}
			if (pattern[end] === ',') for (end += 1; end < pattern.length && isDigit(pattern.charCodeAt(end)); ) end += 1;
			if (pattern[end] !== '}') return NOT_QUANTIFIED;
			optional = least === 0;
			i = end + 1;
		} else return NOT_QUANTIFIED;
		if (pattern[i] === '?') i += 1; // lazy
		return optional ? OPTIONAL : REPEATED;
	};

	/** The index of the `)` closing a group whose body starts at `from` (past escapes and classes), or -1. */
	const closingParen = (from: number): number => {
		let depth = 0;
		for (let at = from; at < pattern.length; at += 1) {
			const c = pattern[at];
			if (c === '\\') at += 1;
			else if (c === '[') {
				for (at += 1; at < pattern.length && pattern[at] !== ']'; at += 1) if (pattern[at] === '\\') at += 1;
			} else if (c === '(') depth += 1;
			else if (c === ')') {
				if (depth === 0) return at;
				depth -= 1;
			}
		}
		return -1;
	};

	/** The alternatives from `i` up to the `)` closing this level (or the end), joined; `i` is left on that `)`. */
	function alternatives(): string[] | null {
		let union: Set<string> | null = new Set();
		for (;;) {
			const set = sequence();
			if (unreadable) return null;
			if (set === null) union = null;
			else if (union !== null) for (const literal of set) union.add(literal);
			if (pattern[i] !== '|') return union === null ? null : [...union];
			i += 1;
		}
	}

	/**
	 * One alternative's most selective required set. A run of plain text (the longest, the first of equals) comes
	 * before any group's set: it is what the pattern's author wrote out, while a group's alternatives are often words
	 * that many patterns share.
	 */
	function sequence(): string[] | null {
		let run = '';
		let longestRun = '';
		/** Where the required groups' bodies start. */
		const groups: number[] = [];
		// Characters that fold safely lower-case one to one: the run is lower-cased once, when it is kept.
		const endRun = () => {
			if (run.length > longestRun.length && usable(run)) longestRun = run;
			run = '';
		};
		const char = (c: string) => {
			const { optional, quantified } = quantifier();
			if (optional || !foldsSafely(c, unicode)) return endRun();
			run += c;
			// A repeated character is there at least once, but what follows it may not follow this one.
			if (quantified) endRun();
		};
		while (i < pattern.length) {
			const c = pattern[i] as string;
			if (c === ')' || c === '|') break;
			if (c === '(') {
				let body = i + 1;
				let lookaround = false;
				if (pattern[body] === '?') {
					const kind = pattern.slice(body + 1, body + 3);
					if (kind.startsWith(':')) body += 2;
					else if (kind.startsWith('=') || kind.startsWith('!')) {
						lookaround = true;
						body += 2;
					} else if (kind === '<=' || kind === '<!') {
						lookaround = true;
						body += 3;
					} else if (kind.startsWith('<') && pattern.indexOf('>', body) > 0) body = pattern.indexOf('>', body) + 1;
					else unreadable = true;
				}
				const close = unreadable ? -1 : closingParen(body);
				if (close < 0) {
					unreadable = true;
					return null;
				}
				i = close + 1;
				const { optional } = quantifier();
				endRun();
				// A look-around matches no text of its own (a negative one asks for absence): it requires nothing. A
				// group's literals are read only if the sequence has no run of its own (most patterns have one).
				if (!lookaround && !optional) groups.push(body);
				continue;
			}
			if (c === '[') {
				for (i += 1; i < pattern.length && pattern[i] !== ']'; i += 1) if (pattern[i] === '\\') i += 1;
				if (i >= pattern.length) {
					unreadable = true;
					return null;
				}
				i += 1;
				quantifier();
				endRun();
				continue;
			}
			if (c === '\\') {
				const next = pattern[i + 1];
				if (next === undefined) {
					unreadable = true;
					return null;
				}
				i += 2;
				if (ESCAPED_LITERAL.test(next)) {
					char(next);
					continue;
				}
				// Escapes with a body: \p{…} \u{…} \uXXXX \xHH \cX \k<name> and back-references; the rest stand alone.
				if ((next === 'p' || next === 'P' || next === 'u') && pattern[i] === '{') {
					const close = pattern.indexOf('}', i);
					if (close < 0) {
						unreadable = true;
						return null;
					}
					i = close + 1;
				} else if (next === 'u') i += 4;
				else if (next === 'x') i += 2;
				else if (next === 'c') i += 1;
				else if (next === 'k' && pattern[i] === '<') {
					const close = pattern.indexOf('>', i);
					if (close < 0) {
						unreadable = true;
						return null;
					}
					i = close + 1;
				} else if (isDigit(next.charCodeAt(0))) while (i < pattern.length && isDigit(pattern.charCodeAt(i))) i += 1;
				quantifier();
				endRun();
				continue;
			}
			i += 1;
			if (c === '.' || c === '^' || c === '$') {
				quantifier();
				endRun();
				continue;
			}
			char(c);
		}
		endRun();
		if (longestRun.length > 0) return [longestRun.toLowerCase()];
		let bestGroup: string[] | null = null;
		const after = i;
		for (const body of groups) {
			i = body;
			const set = alternatives();
			if (unreadable) return null;
			if (set !== null && (bestGroup === null || better(set, bestGroup))) bestGroup = set;
		}
		i = after;
		return bestGroup;
	}

	const literals = alternatives();
	return unreadable || i !== pattern.length ? null : literals;
}

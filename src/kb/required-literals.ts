import { needsUnicode } from './normalise.js';

/**
 * Literals one of which every match of a KB pattern contains, so the matcher can skip the regex when none is in the
 * post (one look-up in its scan of the post instead of a regex run). Read from the pattern's structure: a run of
 * plain characters is required; so is a group that is not optional, through one literal of each of its alternatives
 * (`\b(?:suspended|banned)\b` needs `suspended` or `banned`). Of a sequence's required parts the longest run is kept,
 * else the most selective group (its shortest literal the longest, then the fewest literals). Lower-cased, as the
 * post's text is looked up.
 */

/** A part of a pattern: a plain character, a group's alternatives, or anything else (class, escape, dot, look-around). */
type Item =
	| { readonly kind: 'char'; readonly char: string; readonly optional: boolean; readonly quantified: boolean }
	| { readonly kind: 'group'; readonly alternatives: readonly Item[][]; readonly optional: boolean }
	| { readonly kind: 'other' };

/** Punctuation that an escape makes literal. */
const ESCAPED_LITERAL = /[.$()[\]{}*+?^|\\/\-'"`:@#%&=!<>,;~ ]/;
const QUANTIFIER = /^(?:[?*+]|\{\d*(?:,\d*)?\})/;

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

interface Parsed {
	readonly alternatives: Item[][];
	readonly end: number;
}

/** Parses alternatives from `start` up to the `)` closing this level (or the end); `end` is that `)`'s index. */
function parseAlternatives(pattern: string, start: number): Parsed | null {
	const alternatives: Item[][] = [[]];
	let i = start;
	const current = (): Item[] => alternatives[alternatives.length - 1] as Item[];
	/** Reads a quantifier after an atom at `i`: whether the atom may be absent, and whether there was one. */
	const quantifier = (): { optional: boolean; quantified: boolean } => {
		const q = QUANTIFIER.exec(pattern.slice(i, i + 16))?.[0];
		if (q === undefined) return { optional: false, quantified: false };
		i += q.length;
		if (pattern[i] === '?') i += 1; // lazy
		const optional = q === '?' || q === '*' || (q.startsWith('{') && /^\{(?:0*|0*,\d*)\}$/.test(q));
		return { optional, quantified: true };
	};
	while (i < pattern.length) {
		const c = pattern[i] as string;
		if (c === ')') return { alternatives, end: i };
		if (c === '|') {
			alternatives.push([]);
			i += 1;
			continue;
		}
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
				} else if (kind.startsWith('<')) {
					const close = pattern.indexOf('>', body);
					if (close < 0) return null;
					body = close + 1;
				} else return null;
			}
			const inner = parseAlternatives(pattern, body);
			if (inner === null || pattern[inner.end] !== ')') return null;
			i = inner.end + 1;
			const { optional } = quantifier();
			// A look-around matches no text of its own (a negative one asks for absence): it requires nothing.
			current().push(lookaround ? { kind: 'other' } : { kind: 'group', alternatives: inner.alternatives, optional });
			continue;
		}
		if (c === '[') {
			for (i += 1; i < pattern.length && pattern[i] !== ']'; i += 1) if (pattern[i] === '\\') i += 1;
			if (i >= pattern.length) return null;
			i += 1;
			quantifier();
			current().push({ kind: 'other' });
			continue;
		}
		if (c === '\\') {
			const next = pattern[i + 1];
			if (next === undefined) return null;
			i += 2;
			if (ESCAPED_LITERAL.test(next)) {
				current().push({ kind: 'char', char: next, ...quantifier() });
				continue;
			}
			// Escapes with a body: \p{…} \u{…} \uXXXX \xHH \cX \k<name> and back-references; the rest stand alone.
			if ((next === 'p' || next === 'P' || next === 'u') && pattern[i] === '{') {
				const close = pattern.indexOf('}', i);
				if (close < 0) return null;
				i = close + 1;
			} else if (next === 'u') i += 4;
			else if (next === 'x') i += 2;
			else if (next === 'c') i += 1;
			else if (next === 'k' && pattern[i] === '<') {
				const close = pattern.indexOf('>', i);
				if (close < 0) return null;
				i = close + 1;
			} else if (/\d/.test(next)) while (i < pattern.length && /\d/.test(pattern[i] as string)) i += 1;
			quantifier();
			current().push({ kind: 'other' });
			continue;
		}
		i += 1;
		if (c === '.' || c === '^' || c === '$') {
			quantifier();
			current().push({ kind: 'other' });
			continue;
		}
		current().push({ kind: 'char', char: c, ...quantifier() });
	}
	return { alternatives, end: i };
}

/** Shortest literal of a set (what makes it selective), then how few there are. */
const better = (a: readonly string[], b: readonly string[]): boolean => {
	const shortest = (xs: readonly string[]) => Math.min(...xs.map((x) => x.length));
	return shortest(a) > shortest(b) || (shortest(a) === shortest(b) && a.length < b.length);
};

/**
 * The most selective literal set that every match of the sequence needs, or null when none is certain. A run of plain
 * text (the longest, the first of equals) comes before any group's set: it is what the pattern's author wrote out,
 * while a group's alternatives are often words that many patterns share.
 */
function sequenceLiterals(items: readonly Item[], unicode: boolean): string[] | null {
	let best: string[] | null = null;
	let longestRun = '';
	const consider = (set: string[] | null) => {
		if (set !== null && (best === null || better(set, best))) best = set;
	};
	let run = '';
	const endRun = () => {
		if (usable(run) && run.length > longestRun.length) longestRun = run;
		run = '';
	};
	for (const item of items) {
		if (item.kind === 'char') {
			if (item.optional || !foldsSafely(item.char, unicode)) {
				endRun();
				continue;
			}
			run += item.char.toLowerCase();
			// A repeated character is there at least once, but what follows it may not follow this one.
			if (item.quantified) endRun();
			continue;
		}
		endRun();
		if (item.kind === 'group' && !item.optional) consider(alternativesLiterals(item.alternatives, unicode));
	}
	endRun();
	return longestRun.length > 0 ? [longestRun] : best;
}

/** One literal set per alternative, joined: a match takes one alternative. Null when any alternative has none. */
function alternativesLiterals(alternatives: readonly Item[][], unicode: boolean): string[] | null {
	const all = new Set<string>();
	for (const alternative of alternatives) {
		const literals = sequenceLiterals(alternative, unicode);
		if (literals === null) return null;
		for (const literal of literals) all.add(literal);
	}
	return [...all];
}

/**
 * Lower-cased literals one of which every match of `pattern` contains, or null when none is certain (or the pattern
 * is beyond this reading: then the regex always runs).
 */
export function requiredLiterals(pattern: string): string[] | null {
	const parsed = parseAlternatives(pattern, 0);
	if (parsed === null || parsed.end !== pattern.length) return null;
	return alternativesLiterals(parsed.alternatives, needsUnicode(pattern));
}

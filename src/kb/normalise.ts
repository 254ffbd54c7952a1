/**
 * Normalises error text for matching: undoes JSON string escapes (`\"`, `\n`, `\u00e9`) that nested bodies carry,
 * collapses whitespace (pasted output wraps lines mid-sentence) and folds Unicode to NFKC. Case is kept; matching
 * is case-insensitive.
 */
export function normaliseText(text: string): string {
	const unescaped = text.normalize('NFKC').replace(ESCAPE_RUN, unescapeRun);
	// Text whose whitespace is single spaces already (normalised evidence, read again) is kept, not copied.
	return (UNCOLLAPSED.test(unescaped) ? unescaped.replace(/\s+/g, ' ') : unescaped).trim();
}

/** Whitespace that `\s+` → ' ' would change: any but a space, or two in a row. */
const UNCOLLAPSED = /[^\S ]|\s\s/;

/**
 * A whole run of backslashes and what it escapes, if anything. The run is taken at once (a `\\+[nrt]` search would
 * restart inside every run and rescan it: quadratic in a long run of backslashes); doubled escapes (a `\n` escaped
 * twice, in JSON quoted in JSON) unescape like single ones.
 */
const ESCAPE_RUN = /\\+(?:u([0-9a-fA-F]{4})|([nrt])|(["'/]))?/g;

function unescapeRun(
	run: string,
	hex: string | undefined,
	space: string | undefined,
	quote: string | undefined,
): string {
	if (hex !== undefined) return String.fromCharCode(Number.parseInt(hex, 16));
	if (space !== undefined) return ' ';
	return quote ?? run;
}

/** Needs the `u` flag: Unicode property classes, code-point escapes, or characters outside the BMP. */
const NEEDS_UNICODE = /\\[pP]\{|\\u\{|[\uD800-\uDFFF]/;

/**
 * Compiles a KB pattern, case-insensitive. The `u` flag is used only when the pattern needs it: V8 runs the
 * alternation-heavy patterns of the KB about ten times slower with it, and for patterns of BMP characters (CJK
 * included) it changes nothing. Throws on an invalid pattern.
 */
export function compilePattern(pattern: string): RegExp {
	return new RegExp(boundRepetition(pattern), needsUnicode(pattern) ? 'iu' : 'i');
}

/** Whether `compilePattern` compiles the pattern with the `u` flag. */
export const needsUnicode = (pattern: string): boolean => NEEDS_UNICODE.test(pattern);

/** Most repetitions an unbounded quantifier of a KB pattern may take (a word ending, a model id, a quoted key). */
export const MAX_KB_REPEAT = 64;

/**
 * The pattern with every unbounded quantifier (`*`, `+`, `{n,}`) bounded to {@link MAX_KB_REPEAT}. KB patterns are
 * data written by contributors: `模型\s*\S*\s*无可用渠道` rescans a whole CJK run from every `模型` in it (minutes on
 * 256 KB), and bounding each repetition makes every pattern's work per position a constant.
 */
export function boundRepetition(pattern: string): string {
	let out = '';
	for (let i = 0; i < pattern.length; i += 1) {
		const c = pattern[i] ?? '';
		if (c === '\\') {
			out += pattern.slice(i, i + 2);
			i += 1;
		} else if (c === '[') {
			// A class is copied as is: `*` and `+` inside it are literal.
			let end = i + 1;
			for (; end < pattern.length && pattern[end] !== ']'; end += 1) if (pattern[end] === '\\') end += 1;
			out += pattern.slice(i, end + 1);
			i = end;
		} else if (c === '*') out += `{0,${MAX_KB_REPEAT}}`;
		else if (c === '+') out += `{1,${MAX_KB_REPEAT}}`;
		else {
			const open = c === '{' ? /^\{(\d+),\}/.exec(pattern.slice(i, i + 12)) : null;
			if (open === null) out += c;
			else {
				out += `{${open[1]},${Math.max(MAX_KB_REPEAT, Number(open[1]))}}`;
				i += open[0].length - 1;
			}
		}
	}
	return out;
}

const ESCAPED_LITERAL = /[.$()[\]{}*+?^|\\/\-'"`:@#%&=!<>,;~ ]/;

/**
 * A lower-cased literal that every match of `pattern` must contain (the longest run of plain characters outside
 * groups, classes and quantified atoms), or null when none of at least 3 characters is certain (e.g. top-level
 * alternation). Lets the matcher skip a regex with one `includes` when its literal is absent.
 */
export function requiredLiteral(pattern: string): string | null {
	let depth = 0;
	let run = '';
	let best = '';
	const endRun = () => {
		if (run.length > best.length) best = run;
		run = '';
	};
	for (let i = 0; i < pattern.length; i += 1) {
		const c = pattern[i] ?? '';
		const next = pattern[i + 1] ?? '';
		if (c === '\\') {
			i += 1;
			if (depth === 0 && ESCAPED_LITERAL.test(next)) {
				run += next;
				continue;
			}
			endRun();
			if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 1] === '{') i = pattern.indexOf('}', i);
			if (i < 0) return null;
			continue;
		}
		if (c === '[') {
			endRun();
			for (i += 1; i < pattern.length && pattern[i] !== ']'; i += 1) if (pattern[i] === '\\') i += 1;
			continue;
		}
		if (c === '(') {
			endRun();
			depth += 1;
			continue;
		}
		if (c === ')') {
			depth -= 1;
			endRun();
			continue;
		}
		if (c === '|') {
			if (depth === 0) return null;
			continue;
		}
		if (c === '?' || c === '*' || (c === '{' && /^\{\d*(?:,\d*)?\}/.test(pattern.slice(i)))) {
			// The atom before an optional or counted quantifier may be absent (or repeated): drop it.
			run = run.slice(0, -1);
			endRun();
			if (c === '{') i = pattern.indexOf('}', i);
			continue;
		}
		if (c === '+' || c === '.' || c === '^' || c === '$') {
			endRun();
			continue;
		}
		if (depth === 0) run += c;
	}
	endRun();
	return best.length >= 3 ? best.toLowerCase() : null;
}

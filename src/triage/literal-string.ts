/** Line breaks a string may continue over when a pasted body was wrapped inside a string. */
const MAX_STRING_LINES = 4;
/** Characters looked ahead for the closing quote. */
const MAX_LOOKAHEAD = 1200;
const NEW_KEY_LINE = /^\s{0,40}["'][\w@.$-]{1,60}["']\s{0,4}:/;
const FENCE_LINE = /^\s{0,8}(?:```|~~~)/;

/**
 * Whether a string literal cut by the line break at `at` goes on (a terminal or the paste wrapped it): the closing
 * `quote` must appear within the next few lines, with no blank line, no code fence and no `"key":` line before it.
 * Otherwise the literal was truncated there.
 */
export function stringContinues(s: string, at: number, quote: number, limit: number): boolean {
	let lineStart = at + 1;
	const stop = Math.min(limit, at + MAX_LOOKAHEAD);
	for (let lines = 0; lines < MAX_STRING_LINES && lineStart < stop; lines += 1) {
		let lineEnd = s.indexOf('\n', lineStart);
		if (lineEnd === -1 || lineEnd > stop) lineEnd = stop;
		const line = s.slice(lineStart, lineEnd);
		if (line.trim() === '' || FENCE_LINE.test(line) || NEW_KEY_LINE.test(line)) return false;
		for (let i = 0; i < line.length; i += 1) {
			const c = line.charCodeAt(i);
			if (c === 92) i += 1;
			else if (c === quote) return true;
		}
		lineStart = lineEnd + 1;
	}
	return false;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\n': '' };

/**
 * Decodes the escape whose backslash ends just before `pos` (JSON and Python: `\n`, `\"`, `\'`, `\uXXXX`, `\xXX`;
 * a backslash-newline continues the line). Unknown escapes give the character itself.
 */
export function readEscape(s: string, pos: number): { text: string; next: number } {
	const c = s.charAt(pos);
	if (c === '') return { text: '', next: pos };
	const simple = SIMPLE_ESCAPES[c];
	if (simple !== undefined) return { text: simple, next: pos + 1 };
	if (c === 'u' || c === 'x') {
		const width = c === 'u' ? 4 : 2;
		const hex = s.slice(pos + 1, pos + 1 + width);
		if (hex.length === width && /^[0-9a-fA-F]+$/.test(hex))
			return { text: String.fromCharCode(Number.parseInt(hex, 16)), next: pos + 1 + width };
	}
	return { text: c, next: pos + 1 };
}

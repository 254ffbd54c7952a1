import { MAX_LITERAL_CHARS, MAX_LITERAL_DEPTH, MAX_LITERAL_ENTRIES, MAX_LITERAL_STRING } from './limits.js';
import { readEscape, stringContinues } from './literal-string.js';

/** A plain object parsed from a literal. */
export type LiteralObject = { [key: string]: unknown };

/** What one tolerant parse produced. */
export interface LiteralParse {
	/** The value read; for a cut or malformed literal, everything read before the problem. */
	readonly value: unknown;
	/** Index just after the last character consumed. */
	readonly end: number;
	/** False when the literal was truncated, malformed or over a bound (the value is then partial). */
	readonly complete: boolean;
	/** True when Python-only syntax was seen (single quotes, `None`, `True`, `False`). */
	readonly python: boolean;
	/** True when keys were bare words (`{ status: 403 }`): Node's `util.inspect`, not JSON or Python. */
	readonly inspect: boolean;
}

export interface LiteralOptions {
	/** Parse the members of an object whose `{` is missing (a fragment pasted from the middle of a body). */
	readonly implicitObject?: boolean;
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;
const isIdentStart = (c: number): boolean =>
	(c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 64;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/** Marks `...` / `…` in a literal (an elided part of a pasted body); dropped from the result. */
const ELLIPSIS = Symbol('ellipsis');

const KEYWORDS: Record<string, unknown> = {
	null: null,
	None: null,
	undefined: null,
	NaN: null,
	Infinity: null,
	true: true,
	True: true,
	false: false,
	False: false,
};
const PYTHON_KEYWORDS = new Set(['None', 'True', 'False']);

/**
 * A forgiving reader for JSON, Python literals (`repr` of dicts: single quotes, `None`/`True`/`False`) and Node's
 * `util.inspect` output (bare keys, `Headers { … }`). It never throws: on a truncated or malformed literal it stops and
 * returns what it read, marked incomplete. Bounded by depth, entries, string length and characters consumed.
 */
class LiteralReader {
	private pos: number;
	private readonly limit: number;
	private stopped = false;
	python = false;
	inspect = false;

	constructor(
		private readonly s: string,
		start: number,
	) {
		this.pos = start;
		this.limit = Math.min(s.length, start + MAX_LITERAL_CHARS);
	}

	get end(): number {
		return this.pos;
	}

	get complete(): boolean {
		return !this.stopped;
	}

	private stop(): undefined {
		this.stopped = true;
		return undefined;
	}

	private code(at = this.pos): number {
		return at < this.limit ? this.s.charCodeAt(at) : -1;
	}

	private skipSpace(): boolean {
		let sawNewline = false;
		while (this.pos < this.limit && isSpace(this.s.charCodeAt(this.pos))) {
			if (this.s.charCodeAt(this.pos) === 10) sawNewline = true;
			this.pos += 1;
		}
		return sawNewline;
	}

	private readEllipsis(): boolean {
		if (this.s.startsWith('...', this.pos)) {
			this.pos += 3;
			return true;
		}
		if (this.code() === 0x2026) {
			this.pos += 1;
			return true;
		}
		return false;
	}

	value(depth: number): unknown {
		this.skipSpace();
		const c = this.code();
		if (c === -1) return this.stop();
		if (c === 123) return this.object(depth);
		if (c === 91) return this.array(depth);
		if (c === 34 || c === 39) return this.string(c);
		if (c === 45 || (c >= 48 && c <= 57)) return this.number();
		if (this.readEllipsis()) return ELLIPSIS;
		if (isIdentStart(c)) return this.identifier(depth);
		return this.stop();
	}

	/** Members of an object, up to the closing `}` (or, for an implicit object, up to the first problem). */
	members(depth: number, implicit: boolean): Record<string, unknown> | undefined {
		if (depth > MAX_LITERAL_DEPTH) return this.stop();
		const obj: Record<string, unknown> = {};
		let count = 0;
		for (;;) {
			this.skipSpace();
			const c = this.code();
			if (c === -1) {
				if (!implicit) this.stop();
				return obj;
			}
			if (c === 125) {
				if (!implicit) this.pos += 1;
				return obj;
			}
			if (c === 44) {
				this.pos += 1;
				continue;
			}
			if (this.readEllipsis()) continue;
			let key: string | undefined;
			if (c === 34 || c === 39) key = this.string(c);
			else if (isIdentStart(c)) {
				key = this.bareWord();
				this.inspect = true;
			}
			if (key === undefined || this.stopped) {
				if (!implicit) this.stop();
				return obj;
			}
			this.skipSpace();
			if (this.code() !== 58) {
				if (!implicit) this.stop();
				return obj;
			}
			this.pos += 1;
			const value = this.value(depth + 1);
			if (value !== undefined && value !== ELLIPSIS && key !== '__proto__' && count < MAX_LITERAL_ENTRIES) {
				obj[key] = value;
				count += 1;
			}
			if (this.stopped) return obj;
			this.afterValue(125);
			if (this.stopped) return obj;
		}
	}

	/** After a value: consumes a `,`, or accepts the closer or a line break (a missing comma between lines). */
	private afterValue(closer: number): void {
		const newline = this.skipSpace();
		const c = this.code();
		if (c === 44) this.pos += 1;
		else if (c !== closer && c !== -1 && !newline && !this.readEllipsis()) this.stop();
	}

	private object(depth: number): unknown {
		this.pos += 1;
		const obj = this.members(depth, false);
		return obj ?? {};
	}

	private array(depth: number): unknown {
		if (depth > MAX_LITERAL_DEPTH) return this.stop();
		this.pos += 1;
		const items: unknown[] = [];
		for (;;) {
			this.skipSpace();
			const c = this.code();
			if (c === -1) {
				this.stop();
				return items;
			}
			if (c === 93) {
				this.pos += 1;
				return items;
			}
			if (c === 44) {
				this.pos += 1;
				continue;
			}
			const value = this.value(depth + 1);
			if (value !== undefined && value !== ELLIPSIS && items.length < MAX_LITERAL_ENTRIES) items.push(value);
			if (this.stopped) return items;
			this.afterValue(93);
			if (this.stopped) return items;
		}
	}

	private bareWord(): string {
		const start = this.pos;
		while (this.pos < this.limit && this.pos - start < 100 && isIdentPart(this.s.charCodeAt(this.pos))) this.pos += 1;
		return this.s.slice(start, this.pos);
	}

	private identifier(depth: number): unknown {
		const word = this.bareWord();
		if (word in KEYWORDS) {
			if (PYTHON_KEYWORDS.has(word)) this.python = true;
			return KEYWORDS[word];
		}
		// `Headers { … }`, `Object [ … ]` in util.inspect output: the container is the value.
		const save = this.pos;
		this.skipSpace();
		const c = this.code();
		if (c === 123 || c === 91) return this.value(depth);
		this.pos = save;
		return word;
	}

	private number(): unknown {
		const start = this.pos;
		if (this.code() === 45) this.pos += 1;
		while (this.pos < this.limit && this.pos - start < 40) {
			const c = this.s.charCodeAt(this.pos);
			if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) this.pos += 1;
			else break;
		}
		const n = Number(this.s.slice(start, this.pos));
		if (this.pos === start + 1 && this.s.charCodeAt(start) === 45) return this.stop();
		return Number.isFinite(n) ? n : this.s.slice(start, this.pos);
	}

	private string(quote: number): string {
		if (quote === 39) this.python = true;
		this.pos += 1;
		const parts: string[] = [];
		let length = 0;
		let runStart = this.pos;
		const take = (piece: string): void => {
			if (length < MAX_LITERAL_STRING) {
				parts.push(piece);
				length += piece.length;
			}
		};
		while (this.pos < this.limit) {
			const c = this.s.charCodeAt(this.pos);
			if (c === quote) {
				take(this.s.slice(runStart, this.pos));
				this.pos += 1;
				return parts.join('').slice(0, MAX_LITERAL_STRING);
			}
			if (c === 92) {
				take(this.s.slice(runStart, this.pos));
				this.pos += 1;
				const escaped = readEscape(this.s, this.pos);
				take(escaped.text);
				this.pos = escaped.next;
				runStart = this.pos;
				continue;
			}
			if (c === 10) {
				take(this.s.slice(runStart, this.pos));
				if (!stringContinues(this.s, this.pos, quote, this.limit)) {
					this.stop();
					return parts.join('').trimEnd().slice(0, MAX_LITERAL_STRING);
				}
				take(' ');
				this.pos += 1;
				this.skipSpace();
				runStart = this.pos;
				continue;
			}
			this.pos += 1;
		}
		take(this.s.slice(runStart, this.pos));
		this.stop();
		return parts.join('').slice(0, MAX_LITERAL_STRING);
	}
}

/**
 * Reads one JSON / Python / inspect literal starting at `start` (usually a `{`). Never throws.
 * With `implicitObject`, reads `"key": value` members without an opening brace.
 */
export function parseLiteral(text: string, start: number, options: LiteralOptions = {}): LiteralParse {
	const reader = new LiteralReader(text, start);
	let value: unknown;
	try {
		value = options.implicitObject === true ? reader.members(0, true) : reader.value(0);
	} catch {
		// The reader is written not to throw; this guards the contract against a bug.
		value = undefined;
	}
	return {
		value: value === ELLIPSIS ? undefined : value,
		end: reader.end,
		complete: reader.complete,
		python: reader.python,
		inspect: reader.inspect,
	};
}

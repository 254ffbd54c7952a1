import { MAX_LITERAL_DEPTH, MAX_LITERAL_ENTRIES } from './limits.js';
import {
	type Charset,
	CONTEXT_RULES,
	type ContextRule,
	isKeyBoundary,
	PREFIX_RULES,
	PREFIX_START,
} from './secret-rules.js';
import { type SecretKind, SecretKindSchema } from './types.js';

/** Text with every recognised secret replaced by `[REDACTED:<kind>]`, and the kinds found. */
export interface Redaction {
	readonly text: string;
	readonly kinds: SecretKind[];
}

/** The marker that replaces a secret. */
export const redactionMarker = (kind: SecretKind): string => `[REDACTED:${kind}]`;

/** Line breaks a wrapped key may span. */
const MAX_CONTINUATION_LINES = 4;
/** Indentation skipped at the start of a continuation line. */
const MAX_CONTINUATION_INDENT = 16;

interface TokenSpan {
	readonly body: string;
	readonly end: number;
	readonly lineBreaks: number;
}

/**
 * Finds the end of runs of key characters. Each run is scanned once per charset and remembered, so the many candidate
 * starts inside one long run (`sk-sk-sk-…`) cost constant time each: linear overall.
 */
class RunScanner {
	private readonly runs = new Map<Charset, { start: number; end: number }>();

	constructor(readonly text: string) {}

	/** End of the run of `charset` characters starting at `from`, at most `limit` long. */
	end(from: number, charset: Charset, limit: number): number {
		const known = this.runs.get(charset);
		let end: number;
		if (known !== undefined && from >= known.start && from <= known.end) end = known.end;
		else {
			end = from;
			while (end < this.text.length && charset(this.text.charCodeAt(end))) end += 1;
			this.runs.set(charset, { start: from, end });
		}
		return Math.min(end, from + limit);
	}
}

/**
 * Reads a key body from `from`. While the body is shorter than `fullBody` and runs into a line break, it may continue
 * with the run at the start of the next line (after indentation). Returns every reading, longest first: the caller
 * keeps the longest that is a valid key, so a complete key at the end of a line does not swallow the next line.
 * Reads at most `maxBody + 1` characters, so a body longer than `maxBody` can be told apart.
 */
function readToken(runs: RunScanner, from: number, charset: Charset, fullBody: number, maxBody: number): TokenSpan[] {
	const text = runs.text;
	let end = runs.end(from, charset, maxBody + 1);
	let body = text.slice(from, end);
	let lineBreaks = 0;
	const spans: TokenSpan[] = [{ body, end, lineBreaks }];
	while (body.length < fullBody && lineBreaks < MAX_CONTINUATION_LINES && text.charCodeAt(end) === 10) {
		let next = end + 1;
		const indentStop = Math.min(text.length, next + MAX_CONTINUATION_INDENT);
		while (next < indentStop && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next += 1;
		const runEnd = runs.end(next, charset, maxBody + 1 - body.length);
		if (runEnd === next) break;
		body += text.slice(next, runEnd);
		end = runEnd;
		lineBreaks += 1;
		spans.push({ body, end, lineBreaks });
	}
	return spans.reverse();
}

const RULE_BY_PREFIX = new Map(PREFIX_RULES.map((rule) => [rule.prefix, rule]));

type Found = (kind: SecretKind) => void;

function redactPrefixed(text: string, found: Found): string {
	const out: string[] = [];
	let last = 0;
	const re = new RegExp(PREFIX_START.source, PREFIX_START.flags);
	const runs = new RunScanner(text);
	for (let m = re.exec(text); m !== null; m = re.exec(text)) {
		const rule = RULE_BY_PREFIX.get(m[0]);
		if (rule === undefined) continue;
		if (!isKeyBoundary(text, m.index)) {
			re.lastIndex = m.index + 1;
			continue;
		}
		const start = m.index + m[0].length;
		const token = readToken(runs, start, rule.charset, rule.fullBody, rule.maxBody).find(
			({ body }) =>
				body.length >= rule.minBody &&
				body.length <= rule.maxBody &&
				(rule.validate === undefined || rule.validate(body)),
		);
		if (token === undefined) continue;
		out.push(text.slice(last, m.index), redactionMarker(rule.kind), '\n'.repeat(token.lineBreaks));
		last = token.end;
		re.lastIndex = token.end;
		found(rule.kind);
	}
	if (last === 0) return text;
	out.push(text.slice(last));
	return out.join('');
}

function redactByContext(text: string, found: Found, rules: readonly ContextRule[]): string {
	let current = text;
	for (const rule of rules) {
		const out: string[] = [];
		let last = 0;
		const re = new RegExp(rule.start.source, rule.start.flags);
		const runs = new RunScanner(current);
		for (let m = re.exec(current); m !== null; m = re.exec(current)) {
			const leadEnd = m.index + m[0].length;
			const at = m.index;
			const before = (): string => current.slice(Math.max(0, at - 300), at);
			let kind: SecretKind | null = null;
			let token: TokenSpan | undefined;
			for (const span of readToken(runs, leadEnd, rule.charset, rule.fullBody, rule.maxBody)) {
				if (span.body.length < rule.minBody || span.body.length > rule.maxBody) continue;
				kind = rule.classify(span.body, m[0], before);
				if (kind !== null) {
					token = span;
					break;
				}
			}
			if (kind === null || token === undefined) {
				// A zero-width start would match the same place forever: skip the run on this line (not the
				// continuation, which may hold a real secret of its own).
				if (m[0].length === 0) re.lastIndex = Math.max(leadEnd + 1, runs.end(leadEnd, rule.charset, rule.maxBody + 1));
				continue;
			}
			out.push(current.slice(last, rule.keepLead ? leadEnd : m.index), redactionMarker(kind));
			out.push('\n'.repeat(token.lineBreaks));
			last = token.end;
			re.lastIndex = token.end;
			found(kind);
		}
		if (last > 0) {
			out.push(current.slice(last));
			current = out.join('');
		}
	}
	return current;
}

const KIND_ORDER = SecretKindSchema.options;
const DISCORD_FIRST = CONTEXT_RULES.filter((r) => r.name === 'discord');
const LATER_CONTEXT_RULES = CONTEXT_RULES.filter((r) => r.name !== 'discord');

function redactOnce(text: string, found: Found): string {
	// Discord tokens go first: their random third part can contain a vendor prefix such as `sk-`, and
	// redacting that part first would leave the token's id and timestamp parts behind.
	const early = redactByContext(text, found, DISCORD_FIRST);
	return redactByContext(redactPrefixed(early, found), found, LATER_CONTEXT_RULES);
}

const ESCAPED = /%([2-7][0-9A-Fa-f])|\\u00([2-7][0-9A-Fa-f])/g;

/**
 * `text` with URL escapes (`%2B`) and JSON `\u00XX` escapes of printable ASCII decoded, or null when it has none. A
 * key spelled with escapes (`sk%2Dproj…`, `AIza\u0053y…`, a base64 secret with `%2F`) is only recognisable decoded.
 */
function unescapePrintable(text: string): string | null {
	if (!text.includes('%') && !text.includes('\\u00')) return null;
	let changed = false;
	const out = text.replace(ESCAPED, (whole, url: string | undefined, json: string | undefined) => {
		const code = Number.parseInt(url ?? json ?? '', 16);
		if (code < 0x20 || code > 0x7e) return whole;
		changed = true;
		return String.fromCharCode(code);
	});
	return changed ? out : null;
}

/**
 * Finds API keys and tokens of every format in `secret-rules.ts` and replaces each with `[REDACTED:<kind>]`.
 * Specific vendor prefixes go first, then context rules (`Bearer `, `api-key:`, assignments, URL queries). A key is
 * found right after a JSON escape (`\n`, `\t`, `\"`, `\u0022`) or a URL escape, wrapped over a few lines, and
 * spelled with URL or `\u00XX` escapes: when only the decoded text shows a key, the decoded text, redacted, is
 * returned. Linear in the length of `text`. This is the one redaction engine: triage, escalation, storage, logs and
 * the LLM client all use it.
 */
export function redactSecrets(text: string): Redaction {
	const seen = new Set<SecretKind>();
	const found: Found = (kind) => {
		seen.add(kind);
	};
	let redacted = redactOnce(text, found);
	const decoded = unescapePrintable(redacted);
	if (decoded !== null) {
		const before = seen.size;
		let more = false;
		const again = redactOnce(decoded, (kind) => {
			more = true;
			seen.add(kind);
		});
		if (more || seen.size > before) redacted = again;
	}
	return { text: redacted, kinds: KIND_ORDER.filter((k) => seen.has(k)) };
}

/** Same as {@link redactString} for a nullable string. */
export const redactNullable = (text: string | null): string | null => (text === null ? null : redactString(text));

/** True when `text` holds something the engine would redact. */
export const hasSecret = (text: string): boolean => redactSecrets(text).kinds.length > 0;

/** Redacts one string, discarding the kinds. */
export const redactString = (text: string): string => redactSecrets(text).text;

/** Redacts every string inside a JSON-like value (bounded depth and width); other values are kept. */
export function redactDeep(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactString(value);
	if (value === null || typeof value !== 'object' || depth > MAX_LITERAL_DEPTH) return value;
	if (Array.isArray(value)) return value.slice(0, MAX_LITERAL_ENTRIES).map((v) => redactDeep(v, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value).slice(0, MAX_LITERAL_ENTRIES)) {
		const safeKey = redactString(key);
		if (safeKey !== '__proto__') out[safeKey] = redactDeep(v, depth + 1);
	}
	return out;
}

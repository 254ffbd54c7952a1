import { cutText } from '../message-text.js';

/**
 * Cuts that never keep part of a secret. Half a key is still a secret, and too short for the redaction patterns to
 * recognise, so a cut that falls inside a token (a run of key-like characters) drops the whole token, and a cut at a
 * line break drops a run that a key wrapped over that line break may have continued in.
 */

const isTokenCode = (c: number): boolean =>
	(c >= 48 && c <= 57) ||
	(c >= 65 && c <= 90) ||
	(c >= 97 && c <= 122) ||
	c === 95 || // _
	c === 45 || // -
	c === 43 || // +
	c === 47 || // /
	c === 61 || // =
	c === 46 || // .
	c === 126; // ~
const isBlank = (c: number): boolean => c === 32 || c === 9;

/** How far a cut may move to avoid keeping part of a token. */
const MAX_TOKEN_MOVE = 512;
/** Indentation a wrapped key may have on its continuation line (as the redaction rules allow). */
const MAX_INDENT = 16;
/** Line breaks a wrapped key may span (as the redaction rules allow). */
const MAX_WRAPS = 4;
/** How far a cut looks for a line break to fall on. */
const MAX_LINE_SNAP = 4096;

const tokenAt = (text: string, i: number): boolean => i >= 0 && i < text.length && isTokenCode(text.charCodeAt(i));

/** Whether the line starting at `start` begins (after indentation) with a token: a possible key continuation. */
function startsWithToken(text: string, start: number): boolean {
	let i = start;
	const stop = Math.min(text.length, start + MAX_INDENT);
	while (i < stop && isBlank(text.charCodeAt(i))) i += 1;
	return tokenAt(text, i);
}

/** Start of the token run that ends at `end` (at most {@link MAX_TOKEN_MOVE} back). */
function runStart(text: string, end: number): number {
	let i = end;
	const floor = Math.max(0, end - MAX_TOKEN_MOVE);
	while (i > floor && tokenAt(text, i - 1)) i -= 1;
	return i;
}

/** End of the token run that starts at `start` (at most {@link MAX_TOKEN_MOVE} on). */
function runEnd(text: string, start: number): number {
	let i = start;
	const ceiling = Math.min(text.length, start + MAX_TOKEN_MOVE);
	while (i < ceiling && tokenAt(text, i)) i += 1;
	return i;
}

/**
 * Cuts `text` to `max` characters. When the cut falls inside a token (a run of key-like characters), the whole
 * token is dropped: half a key is still a secret, and too short for the redaction patterns to recognise.
 */
export function cutAtTokenBoundary(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = cutText(text, max);
	if (!tokenAt(text, cut.length)) return cut;
	return cut.slice(0, runStart(text, cut.length));
}

/**
 * Where to end a part of `text` kept up to `at` (exclusive): at the last line break within a few KB before `at` when
 * there is one, else at `at`, moved back out of any token the cut falls in. A line ending in a token whose next line
 * starts with one (a key wrapped over the break) loses that token too.
 */
export function safeEnd(text: string, at: number): number {
	if (at >= text.length) return text.length;
	if (at <= 0) return 0;
	const nl = text.lastIndexOf('\n', at);
	if (nl >= 0 && nl >= at - MAX_LINE_SNAP) {
		if (tokenAt(text, nl - 1) && startsWithToken(text, nl + 1)) return runStart(text, nl);
		return nl;
	}
	const end = cutText(text, at).length;
	return tokenAt(text, end) ? runStart(text, end) : end;
}

/**
 * Where to start a part of `text` kept from `at` to its end: just after the first line break within a few KB after
 * `at` when there is one, else at `at`, moved on past any token the cut falls in. Lines that may continue a key
 * wrapped from the line before lose their leading token.
 */
export function safeStart(text: string, at: number): number {
	if (at <= 0) return 0;
	if (at >= text.length) return text.length;
	const nl = text.indexOf('\n', at - 1);
	let start: number;
	if (nl >= 0 && nl < at + MAX_LINE_SNAP) start = nl + 1;
	else {
		start = at;
		if (tokenAt(text, start - 1) && tokenAt(text, start)) start = runEnd(text, start);
		return start;
	}
	// A run at the start of this line may be the rest of a key begun on the line before.
	for (let wraps = 0; wraps < MAX_WRAPS && tokenAt(text, start - 2) && startsWithToken(text, start); wraps += 1) {
		let i = start;
		while (i < text.length && isBlank(text.charCodeAt(i))) i += 1;
		const end = runEnd(text, i);
		if (text.charCodeAt(end) !== 10) return end;
		start = end + 1;
	}
	return start;
}

import type { PostText } from '../model.js';
import { cutText, MAX_ATTACHMENT_CHARS, MAX_ATTACHMENTS, MAX_INPUT_CHARS, MAX_TITLE_CHARS } from './limits.js';

/** The post flattened into one bounded string, before redaction. */
export interface BoundedText {
	readonly text: string;
	readonly truncated: boolean;
}

const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~]/;
/** How far back a cut may retreat to avoid keeping half a token. */
const MAX_TOKEN_RETREAT = 512;

/**
 * Cuts `text` to `max` characters. When the cut falls inside a token (a run of key-like characters), the whole
 * token is dropped: half a key is still a secret, and too short for the redaction patterns to recognise.
 */
export function cutAtTokenBoundary(text: string, max: number): string {
	if (text.length <= max) return text;
	let cut = cutText(text, max);
	if (!TOKEN_CHAR.test(text.charAt(cut.length))) return cut;
	let end = cut.length;
	const floor = Math.max(0, end - MAX_TOKEN_RETREAT);
	while (end > floor && TOKEN_CHAR.test(cut.charAt(end - 1))) end -= 1;
	cut = cut.slice(0, end);
	return cut;
}

/** Normalises line ends and replaces control characters (binary noise) with spaces. */
export function cleanText(text: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
	return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Joins title, body and attachments (each introduced by an `[attachment: name]` line) within the bounds of
 * `limits.ts`. Tolerates malformed input at runtime (missing fields, non-strings).
 */
export function assemblePostText(post: PostText): BoundedText {
	let truncated = false;
	let budget = MAX_INPUT_CHARS;
	const parts: string[] = [];
	const push = (raw: string, cap: number): void => {
		if (budget <= 0) {
			if (raw.length > 0) truncated = true;
			return;
		}
		const limit = Math.min(cap, budget);
		const preCut = raw.length > limit + 1024;
		const cleaned = cleanText(preCut ? cutText(raw, limit + 1024) : raw);
		// A pre-cut may itself split a token, so the end is always re-checked then.
		const kept = cutAtTokenBoundary(cleaned, preCut ? Math.min(limit, cleaned.length - 1) : limit);
		if (preCut || kept.length < cleaned.length) truncated = true;
		parts.push(kept);
		budget -= kept.length + 2;
	};
	const title = asString(post?.title).trim();
	if (title.length > 0) push(title, MAX_TITLE_CHARS);
	push(asString(post?.body), MAX_INPUT_CHARS);
	const attachments = Array.isArray(post?.attachments) ? post.attachments : [];
	attachments.forEach((attachment, index) => {
		if (index >= MAX_ATTACHMENTS) {
			truncated = true;
			return;
		}
		const name = cleanText(asString(attachment?.name)).replace(/\n/g, ' ').slice(0, 200);
		push(`[attachment: ${name}]\n${asString(attachment?.text)}`, MAX_ATTACHMENT_CHARS);
	});
	return { text: parts.filter((p) => p.length > 0).join('\n\n'), truncated };
}

import { cutText } from '../message-text.js';
import type { PostText } from '../model.js';
import { windowText } from './attachment-window.js';
import {
	MAX_ATTACHMENT_CHARS,
	MAX_ATTACHMENTS,
	MAX_INPUT_CHARS,
	MAX_SCAN_CHARS,
	MAX_SCAN_TOTAL,
	MAX_TITLE_CHARS,
} from './limits.js';
import { redactSecrets } from './redact-secrets.js';
import { cutAtTokenBoundary, safeEnd, safeStart } from './token-cut.js';
import type { PartialAttachment, SecretKind } from './types.js';

/** The post flattened into one bounded string. Only the parts of over-long attachments are redacted yet. */
export interface BoundedText {
	readonly text: string;
	readonly truncated: boolean;
	/** Attachments not read whole, and what was read of each. */
	readonly partial: readonly PartialAttachment[];
	/** Kinds of secrets found in over-long attachments, the parts that were skipped included. */
	readonly secrets: readonly SecretKind[];
}

/** Normalises line ends and replaces control characters (binary noise) with spaces. */
export function cleanText(text: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
	return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * What is scanned of an over-long attachment: all of it up to `cap` characters, else its first and last halves of
 * `cap` (cut where no key is split), joined by a line break.
 */
function scanPart(raw: string, cap: number): string {
	if (raw.length <= cap) return cleanText(raw);
	const half = Math.floor(cap / 2);
	const head = raw.slice(0, safeEnd(raw, half));
	const tail = raw.slice(safeStart(raw, raw.length - half));
	return `${cleanText(head)}\n${cleanText(tail)}`;
}

/**
 * Joins title, body and attachments (each introduced by an `[attachment: name]` line) within the bounds of
 * `limits.ts`. An attachment longer than its share keeps its head, its tail and the lines around error markers
 * (see {@link windowText}); it is redacted first, so the cuts cannot split a key and a key in a skipped part is still
 * reported. Tolerates malformed input at runtime (missing fields, non-strings).
 */
export function assemblePostText(post: PostText): BoundedText {
	let truncated = false;
	let budget = MAX_INPUT_CHARS;
	let scanBudget = MAX_SCAN_TOTAL;
	const parts: string[] = [];
	const partial: PartialAttachment[] = [];
	const secrets = new Set<SecretKind>();
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
	const pushAttachment = (name: string, raw: string, isOcr: boolean): void => {
		// Text read from an image is marked as such: it is evidence that may hold recognition errors.
		const header = isOcr ? `[text read from image: ${name}]\n` : `[attachment: ${name}]\n`;
		const limit = Math.min(MAX_ATTACHMENT_CHARS, budget) - header.length;
		if (limit <= 0 && raw.length > 0) {
			truncated = true;
			partial.push({ name, chars: raw.length, readChars: 0, headChars: 0, tailChars: 0, excerpts: 0 });
			return;
		}
		if (raw.length <= limit) {
			push(`${header}${raw}`, MAX_ATTACHMENT_CHARS);
			return;
		}
		const scanCap = Math.max(limit, Math.min(MAX_SCAN_CHARS, scanBudget));
		const scanned = scanPart(raw, scanCap);
		scanBudget -= scanned.length;
		const redaction = redactSecrets(scanned);
		for (const kind of redaction.kinds) secrets.add(kind);
		const windows = windowText(redaction.text, limit);
		const text = `${header}${windows.text}`;
		parts.push(text);
		budget -= text.length + 2;
		// Line ends normalised, it may fit after all (a CRLF file a little over the bound).
		if (raw.length <= scanCap && windows.readChars === redaction.text.length) return;
		truncated = true;
		partial.push({
			name,
			chars: raw.length,
			readChars: Math.min(raw.length, windows.readChars),
			headChars: windows.headChars,
			tailChars: windows.tailChars,
			excerpts: windows.excerpts,
		});
	};
	const title = asString(post?.title).trim();
	if (title.length > 0) push(title, MAX_TITLE_CHARS);
	push(asString(post?.body), MAX_INPUT_CHARS);
	const attachments = Array.isArray(post?.attachments) ? post.attachments : [];
	attachments.forEach((attachment, index) => {
		const name = cleanText(asString(attachment?.name)).replace(/\n/g, ' ').slice(0, 200);
		const raw = asString(attachment?.text);
		if (index >= MAX_ATTACHMENTS) {
			truncated = true;
			if (raw.length > 0)
				partial.push({ name, chars: raw.length, readChars: 0, headChars: 0, tailChars: 0, excerpts: 0 });
			return;
		}
		pushAttachment(name, raw, attachment?.source === 'ocr');
	});
	return {
		text: parts.filter((p) => p.length > 0).join('\n\n'),
		truncated,
		partial,
		secrets: [...secrets],
	};
}

import { type PosterLanguage, t } from '../i18n/messages.js';
import type { FiredSignal } from '../kb/signals.js';
import { DISCORD_MESSAGE_LIMIT, escapeMentions } from '../message-text.js';
import type { PostAttachment } from '../model.js';
import { markerStrength } from '../triage/error-markers.js';
import { redactString } from '../triage/redact-secrets.js';
import { inlineCode } from './limits.js';

/** Signal kinds whose value is a literal that can be found on a line. */
const LITERAL_KINDS = new Set(['text', 'code', 'type', 'reason', 'exception', 'model', 'header']);
const QUOTE_MAX = 160;

/** The texts read from images (OCR) among a post's attachments. */
export const ocrTexts = (attachments: readonly PostAttachment[]): string[] =>
	attachments.filter((a) => a.source === 'ocr').map((a) => a.text);

/**
 * The line of the screenshot text an answer rests on: the first line holding a literal of a signal that fired, else
 * the line that reads most like an error, else null. Redacted: a key in the image never reaches the reply.
 */
export function screenshotLine(texts: readonly string[], fired: readonly FiredSignal[]): string | null {
	const lines = texts.flatMap((t) => t.split('\n')).map((l) => l.trim());
	const literals = fired
		.filter((f) => LITERAL_KINDS.has(f.kind) && f.weight > 0)
		.sort((a, b) => b.weight - a.weight)
		.map((f) => f.value.toLowerCase());
	for (const literal of literals) {
		const line = lines.find((l) => l.toLowerCase().includes(literal));
		if (line !== undefined) return redactString(line);
	}
	let best: { line: string; strength: number } | null = null;
	for (const line of lines) {
		const strength = markerStrength(line);
		if (strength > 0 && (best === null || strength > best.strength)) best = { line, strength };
	}
	return best === null ? null : redactString(best.line);
}

/**
 * An answer that rests on text read from a screenshot, saying so first and quoting the line it used, so the poster
 * can correct a misreading. The quote is dropped (not the answer) if both would not fit in one message.
 */
export function withScreenshotQuote(content: string, line: string, lang: PosterLanguage = 'en'): string {
	const quote = escapeMentions(t(lang, 'answer.screenshotQuote', { line: inlineCode(line, QUOTE_MAX) }));
	const joined = `${quote}\n\n${content}`;
	return joined.length <= DISCORD_MESSAGE_LIMIT ? joined : content;
}

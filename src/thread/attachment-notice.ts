import { CATALOGUES, POSTER_LANGUAGES, type PosterLanguage, t } from '../i18n/messages.js';
import type { PostAttachment, SkippedAttachment } from '../model.js';
import { MAX_IMAGES_PER_MESSAGE } from '../triage/limits.js';
import { redactString } from '../triage/redact-secrets.js';
import type { PartialAttachment } from '../triage/types.js';

const why = (reason: SkippedAttachment['reason'], lang: PosterLanguage): string =>
	t(lang, `attachment.why.${reason}`, { max: MAX_IMAGES_PER_MESSAGE });

/** The words of the "no OCR engine here" reason, which a thread hears once. */
export const NO_OCR_WORDS = why('no_ocr', 'en');
/** The same words in every catalogue: a thread told in any language is not told again. */
const NO_OCR_ALL = POSTER_LANGUAGES.map((lang) => CATALOGUES[lang]['attachment.why.no_ocr'] ?? NO_OCR_WORDS);

/**
 * The skipped attachments worth a notice: an image unread only because this bot has no OCR engine is said once per
 * thread (the poster knows after the first), every other reason each time.
 */
export function newsworthySkips(
	skipped: readonly SkippedAttachment[],
	priorReplies: readonly string[],
): SkippedAttachment[] {
	const toldNoOcr = priorReplies.some((r) => NO_OCR_ALL.some((words) => r.includes(words)));
	return toldNoOcr ? skipped.filter((s) => s.reason !== 'no_ocr') : [...skipped];
}

/** Attachments named in one notice; the others are counted. */
const MAX_NAMED = 3;

/** A file name as inline code, so it cannot format, link or mention. */
// A file name is user text: one holding a key is shown redacted.
const fileName = (name: string): string =>
	`\`${redactString(name)
		.replace(/[`\n\r]/g, '')
		.slice(0, 60)}\``;

/** A size for people: `12 KB`, `1.4 MB`. */
export function sizeText(chars: number): string {
	const kb = chars / 1024;
	if (kb >= 1000) return `${(kb / 1024).toFixed(1)} MB`;
	return `${Math.max(1, Math.round(kb))} KB`;
}

/** What was read of one attachment read in part. */
function partialLine(p: PartialAttachment, lang: PosterLanguage): string {
	const args = {
		name: fileName(p.name),
		size: sizeText(p.chars),
		head: sizeText(p.headChars),
		tail: sizeText(p.tailChars),
		skipped: sizeText(Math.max(0, p.chars - p.readChars)),
		parts: p.excerpts,
	};
	if (p.tailChars === 0) return t(lang, 'attachment.readHead', args);
	if (p.excerpts === 0) return t(lang, 'attachment.readHeadTail', args);
	return t(lang, 'attachment.readParts', args);
}

/**
 * The attachments of `message` that triage read in part or not at all, from the thread's triage (which also reads
 * earlier messages' attachments): matched by name and length.
 */
export function partialReadsOf(
	attachments: readonly PostAttachment[],
	partial: readonly PartialAttachment[] | undefined,
): PartialAttachment[] {
	if (partial === undefined || partial.length === 0) return [];
	const own = new Set(attachments.map((a) => `${a.text.length}:${a.name.replace(/[\r\n]/g, ' ').slice(0, 200)}`));
	return partial.filter((p) => own.has(`${p.chars}:${p.name}`));
}

export interface NoticeOptions {
	/** The reply asks for details (not an answer): tell the poster how to give the part that was skipped. */
	readonly asking?: boolean;
	/** The thread's language (English when absent). */
	readonly lang?: PosterLanguage;
}

/**
 * The small-print lines telling the poster which attachments were not read, or read only in part, and what to do
 * instead. Two versions, the full one first and a one-line short one, so the caller can keep whichever fits beside the
 * reply. Empty when every attachment was read whole.
 */
export function attachmentNotices(
	skipped: readonly SkippedAttachment[],
	partial: readonly PartialAttachment[] = [],
	options: NoticeOptions = {},
): string[] {
	const lang = options.lang ?? 'en';
	const unread = [
		...skipped.map((s) => t(lang, 'attachment.named', { name: fileName(s.name), why: why(s.reason, lang) })),
		...partial
			.filter((p) => p.readChars === 0)
			.map((p) => t(lang, 'attachment.named', { name: fileName(p.name), why: t(lang, 'attachment.pastLimit') })),
	];
	const read = partial.filter((p) => p.readChars > 0);
	if (unread.length === 0 && read.length === 0) return [];
	const lines: string[] = [];
	if (unread.length > 0) {
		const named = unread.slice(0, MAX_NAMED).join(t(lang, 'list.separator'));
		const list =
			unread.length > MAX_NAMED
				? t(lang, 'attachment.andMore', { list: named, count: unread.length - MAX_NAMED })
				: named;
		lines.push(t(lang, 'attachment.unread', { list }));
	}
	for (const p of read.slice(0, MAX_NAMED)) lines.push(`-# ${partialLine(p, lang)}`);
	if (read.length > MAX_NAMED) lines.push(t(lang, 'attachment.moreInPart', { count: read.length - MAX_NAMED }));
	const paste = t(lang, 'attachment.pasteSkipped');
	if (options.asking === true && read.length > 0) lines[lines.length - 1] += paste;
	const names = [...skipped.map((s) => s.name), ...partial.map((p) => p.name)];
	const short = `${t(lang, 'attachment.notAllRead', {
		name: fileName(names[0] ?? ''),
		more: names.length > 1 ? names.length - 1 : 'none',
	})}${options.asking === true ? paste : ''}`;
	return [lines.join('\n'), short];
}

/**
 * One line telling the poster which attachments were not read and what to do instead.
 * File names are shown as code so they cannot format, link or mention.
 */
export function attachmentNotice(
	skipped: readonly SkippedAttachment[],
	partial: readonly PartialAttachment[] = [],
	options: NoticeOptions = {},
): string | null {
	return attachmentNotices(skipped, partial, options)[0] ?? null;
}

import type { PostAttachment, SkippedAttachment } from '../model.js';
import { MAX_IMAGES_PER_MESSAGE } from '../triage/limits.js';
import { redactString } from '../triage/redact-secrets.js';
import type { PartialAttachment } from '../triage/types.js';

const WHY: Record<SkippedAttachment['reason'], string> = {
	too_large: 'it is larger than I read',
	not_text: 'it is not a text file',
	download_failed: 'I could not download it',
	no_ocr: 'I cannot read images here',
	image_unreadable: 'it is not an image I can open',
	image_no_text: 'I found no text in it',
	image_timeout: 'reading the image took too long',
	image_limit: `I read the first ${MAX_IMAGES_PER_MESSAGE} images of a message`,
};

/** The words of the "no OCR engine here" reason, which a thread hears once. */
export const NO_OCR_WORDS = WHY.no_ocr;

/**
 * The skipped attachments worth a notice: an image unread only because this bot has no OCR engine is said once per
 * thread (the poster knows after the first), every other reason each time.
 */
export function newsworthySkips(
	skipped: readonly SkippedAttachment[],
	priorReplies: readonly string[],
): SkippedAttachment[] {
	const toldNoOcr = priorReplies.some((r) => r.includes(NO_OCR_WORDS));
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
function partialLine(p: PartialAttachment): string {
	const skipped = sizeText(Math.max(0, p.chars - p.readChars));
	const head = `the first ${sizeText(p.headChars)}`;
	if (p.tailChars === 0)
		return `${fileName(p.name)} is ${sizeText(p.chars)}: I read ${head}; the rest (${skipped}) was skipped.`;
	const tail = `the last ${sizeText(p.tailChars)}`;
	if (p.excerpts === 0)
		return `${fileName(p.name)} is ${sizeText(p.chars)}: I read ${head} and ${tail}; the middle ${skipped} was skipped.`;
	const around = `${p.excerpts} ${p.excerpts === 1 ? 'part' : 'parts'} around error lines`;
	return `${fileName(p.name)} is ${sizeText(p.chars)}: I read ${head}, ${tail} and ${around}; the other ${skipped} was skipped.`;
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
	const unread = [
		...skipped.map((s) => `${fileName(s.name)} (${WHY[s.reason]})`),
		...partial.filter((p) => p.readChars === 0).map((p) => `${fileName(p.name)} (it is past what I read per post)`),
	];
	const read = partial.filter((p) => p.readChars > 0);
	if (unread.length === 0 && read.length === 0) return [];
	const lines: string[] = [];
	if (unread.length > 0) {
		const more = unread.length > MAX_NAMED ? ` and ${unread.length - MAX_NAMED} more` : '';
		lines.push(
			`-# I did not read ${unread.slice(0, MAX_NAMED).join(', ')}${more}. Paste the error part as text, or attach a smaller .txt file.`,
		);
	}
	for (const p of read.slice(0, MAX_NAMED)) lines.push(`-# ${partialLine(p)}`);
	if (read.length > MAX_NAMED) lines.push(`-# ${read.length - MAX_NAMED} more files were read only in part.`);
	const paste = ' If the error is in a part I skipped, paste that part as text.';
	if (options.asking === true && read.length > 0) lines[lines.length - 1] += paste;
	const names = [...skipped.map((s) => s.name), ...partial.map((p) => p.name)];
	const short = `-# I did not read all of ${fileName(names[0] ?? '')}${names.length > 1 ? ` and ${names.length - 1} more` : ''}.${options.asking === true ? paste : ''}`;
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

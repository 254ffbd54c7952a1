import { POSTER_LANGUAGES, type PosterLanguage, t } from '../i18n/messages.js';
import { DISCORD_MESSAGE_LIMIT, escapeMentions, truncate } from '../message-text.js';
import type { PostAttachment } from '../model.js';
import { redactSecrets } from '../triage/redact-secrets.js';
import type { SecretKind } from '../triage/types.js';

/** A member's message that holds a key: the same text and attachments redacted, and the kinds of key found. */
export interface ExposedKey {
	readonly kinds: readonly SecretKind[];
	readonly content: string;
	readonly attachments: readonly PostAttachment[];
}

/**
 * The keys in a message's text and readable attachments (and their names), with the redacted copies, or null when
 * the message holds none. The thread title is not part of it: a title is not a message the bot can delete.
 */
export function findExposedKey(content: string, attachments: readonly PostAttachment[]): ExposedKey | null {
	const kinds = new Set<SecretKind>();
	const redact = (text: string): string => {
		const r = redactSecrets(text);
		for (const k of r.kinds) kinds.add(k);
		return r.text;
	};
	const safeContent = redact(content);
	const safeAttachments = attachments.map((a) => ({
		name: redact(a.name),
		text: redact(a.text),
		...(a.source === undefined ? {} : { source: a.source }),
	}));
	if (kinds.size === 0) return null;
	return { kinds: [...kinds], content: safeContent, attachments: safeAttachments };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The first line of a repost, in any language it is written in; `parseRepost` recognises a repost (and its poster) by it. */
const HEADS = POSTER_LANGUAGES.map((lang) => {
	const [before = '', after = ''] = t(lang, 'repost.head', { who: '\u0000' }).split('\u0000');
	return new RegExp(`^${escapeRegExp(before)}<@(\\d{1,25})>(?: \\([^)\\n]{0,40}\\))?${escapeRegExp(after)}\\n`);
});
const QUOTE_PREFIX = '> ';
/** Room left for the quoted post after the head, the rotate line and the quote marks. */
const QUOTE_BUDGET = DISCORD_MESSAGE_LIMIT - 400;

/** The line telling the poster to rotate the key, for a repost or a notice when the bot could not remove it. */
export function rotateLine(kinds: readonly SecretKind[], removed: boolean, lang: PosterLanguage = 'en'): string {
	const kind = kinds.length === 1 && kinds[0] !== 'generic' ? kinds[0] : undefined;
	const what = kind === undefined ? t(lang, 'rotate.whatAny') : t(lang, 'rotate.whatKind', { kind });
	return t(lang, removed ? 'rotate.removed' : 'rotate.notRemoved', { what });
}

/**
 * The bot's repost of a member's message whose original it deleted: attributed to the poster (a mention that pings
 * no one: the sender passes `allowed_mentions: {parse: []}`), the text quoted and redacted, and the rotate warning.
 * A post too long for one message is cut here; `fullText` is then the whole redacted text, to attach as a file.
 */
export function repostMessage(
	authorId: string,
	exposed: ExposedKey,
	authorName: string | null = null,
	lang: PosterLanguage = 'en',
): { readonly content: string; readonly fullText: string | null } {
	// The name beside the mention, for readers whose client shows raw ids (logs, transcripts); plain text only.
	const plainName =
		authorName
			?.replace(/[^\p{L}\p{N} ._-]/gu, '')
			.trim()
			.slice(0, 32) ?? '';
	const who = plainName === '' ? `<@${authorId}>` : `<@${authorId}> (${plainName})`;
	const text = exposed.content.trim();
	const shown = truncate(text, QUOTE_BUDGET);
	const quoted =
		shown.length === 0 ? `${QUOTE_PREFIX}${t(lang, 'repost.attachmentsOnly')}` : quote(escapeMentions(shown));
	const images = exposed.attachments
		.filter((a) => a.source === 'ocr')
		.map((a) => `\`${a.name.replace(/[`\n]/g, '')}\``);
	const imageNote =
		images.length === 0
			? ''
			: `\n${t(lang, 'repost.imagesNotReposted', { images: images.join(t(lang, 'list.separator')) })}`;
	const note = (shown === text ? '' : `\n${t(lang, 'repost.wholePostAttached')}`) + imageNote;
	return {
		content: `${t(lang, 'repost.head', { who })}\n${quoted}\n\n${rotateLine(exposed.kinds, true, lang)}${note}`,
		fullText: shown === text ? null : text,
	};
}

const quote = (text: string): string =>
	text
		.split('\n')
		.map((line) => `${QUOTE_PREFIX}${line}`)
		.join('\n');

/** The poster and the quoted text of a repost by the bot, or null when `content` is not one. */
export function parseRepost(content: string): { readonly authorId: string; readonly text: string } | null {
	const head = HEADS.map((h) => h.exec(content)).find((m) => m !== null) ?? null;
	if (head === null || head[1] === undefined) return null;
	const lines: string[] = [];
	for (const line of content.slice(head[0].length).split('\n')) {
		if (!line.startsWith(QUOTE_PREFIX.trimEnd())) break;
		lines.push(line.startsWith(QUOTE_PREFIX) ? line.slice(QUOTE_PREFIX.length) : '');
	}
	return { authorId: head[1], text: lines.join('\n').replace(/\u200b/g, '') };
}

/** The one message to the moderators' queue when the bot may not delete a message holding a key. */
export function moderatorKeyNotice(
	threadUrl: string,
	authorId: string,
	kinds: readonly SecretKind[],
	lang: PosterLanguage = 'en',
): string {
	return t(lang, 'mod.keyNotice', { author: `<@${authorId}>`, thread: threadUrl, kinds: kinds.join(', ') });
}

/** The moderators' notice for a key removal a restart could not finish: the message is named by ids, never quoted. */
export const unreachableKeyNotice = (threadId: string, messageId: string, lang: PosterLanguage = 'en'): string =>
	t(lang, 'mod.keyUnreachable', { message: messageId, thread: `<#${threadId}>` });

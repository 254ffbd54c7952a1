import type { Attachment, Message, ThreadChannel } from 'discord.js';
import type { Author, IncomingMessage, PostAttachment, SkippedAttachment } from '../model.js';
import { memberAuthor } from './interaction-common.js';

export interface RoleConfig {
	readonly moderatorRoleIds: readonly string[];
	readonly helperRoleIds: readonly string[];
}

/** Extensions and content types read as text; `message.txt` is what Discord makes of a long paste. */
const TEXT_EXTENSIONS = /\.(txt|log|json|jsonl|md|py|js|mjs|ts|sh|yaml|yml|toml|env|csv|ini|cfg|out|err)$/i;

export function isTextAttachment(a: Pick<Attachment, 'name' | 'contentType'>): boolean {
	if (a.contentType?.startsWith('text/') || a.contentType?.startsWith('application/json')) return true;
	return TEXT_EXTENSIONS.test(a.name);
}

/** Classifies the author from their roles and permissions in the guild. */
export function toAuthor(message: Message, roles: RoleConfig): Author {
	if (message.member !== null) return memberAuthor(message.member, roles);
	// No member (left the guild, or uncached): no roles, so neither staff nor moderator.
	return {
		id: message.author.id,
		name: message.author.username,
		isBot: message.author.bot,
		isModerator: false,
		isStaff: false,
	};
}

/** Fetches an attachment's text, refusing more than `maxBytes`. */
export type Downloader = (url: string, maxBytes: number) => Promise<string>;

/** Downloads with a hard byte cap, so a 5 MB "log" cannot blow memory. */
export const fetchText: Downloader = async (url, maxBytes) => {
	const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
	if (!response.ok || response.body === null) throw new Error(`attachment download failed: HTTP ${response.status}`);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of response.body) {
		size += chunk.byteLength;
		if (size > maxBytes) throw new Error('attachment larger than the limit');
		chunks.push(chunk);
	}
	return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
};

async function readAttachments(
	message: Message,
	maxBytes: number,
	download: Downloader,
): Promise<{ attachments: PostAttachment[]; skipped: SkippedAttachment[] }> {
	const attachments: PostAttachment[] = [];
	const skipped: SkippedAttachment[] = [];
	for (const a of message.attachments.values()) {
		if (!isTextAttachment(a)) skipped.push({ name: a.name, reason: 'not_text' });
		else if (a.size > maxBytes) skipped.push({ name: a.name, reason: 'too_large' });
		else {
			try {
				attachments.push({ name: a.name, text: await download(a.url, maxBytes) });
			} catch {
				skipped.push({ name: a.name, reason: 'download_failed' });
			}
		}
	}
	return { attachments, skipped };
}

/** The one translation in: a discord.js message in a forum thread → the core's IncomingMessage. */
export async function toIncoming(
	message: Message<true>,
	thread: ThreadChannel,
	options: { roles: RoleConfig; maxAttachmentBytes: number; botUserId: string; download?: Downloader },
): Promise<IncomingMessage> {
	const { attachments, skipped } = await readAttachments(
		message,
		options.maxAttachmentBytes,
		options.download ?? fetchText,
	);
	return {
		guildId: thread.guildId,
		forumId: thread.parentId ?? '',
		threadId: thread.id,
		threadTitle: thread.name,
		threadOwnerId: thread.ownerId ?? '',
		messageId: message.id,
		isStarter: message.id === thread.id,
		author: toAuthor(message, options.roles),
		content: message.content,
		attachments,
		skippedAttachments: skipped,
		mentionsBot: message.mentions.users.has(options.botUserId),
		createdAt: message.createdTimestamp,
	};
}

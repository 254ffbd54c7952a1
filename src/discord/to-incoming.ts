import type { Attachment, Message, ThreadChannel } from 'discord.js';
import type {
	AttachmentReader,
	AttachmentsRead,
	Author,
	IncomingMessage,
	PostAttachment,
	SkippedAttachment,
} from '../model.js';
import { MAX_IMAGES_PER_MESSAGE } from '../triage/limits.js';
import { tidyOcrText } from '../triage/ocr-text.js';
import { memberAuthor, type RoleConfig } from './interaction-common.js';

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

/** Images whose text the bot reads with OCR (a GIF's or animated WebP's first frame). */
const IMAGE_TYPES = /^image\/(png|jpeg|webp|gif)\b/i;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|gif)$/i;

export function isImageAttachment(a: Pick<Attachment, 'name' | 'contentType'>): boolean {
	return (a.contentType !== null && IMAGE_TYPES.test(a.contentType)) || IMAGE_EXTENSIONS.test(a.name);
}

/**
 * Reads text from images (the OCR engine, implemented in `src/ocr`). Never throws: a failure is a reason, which the
 * poster sees as a note beside the reply.
 */
export interface ImageReader {
	/** Larger images are refused before download. */
	readonly maxBytes: number;
	/** Whether the engine runs here (false where it is not installed or switched off), and a line saying which. */
	status(): { readonly available: boolean; readonly detail: string };
	read(
		bytes: Buffer,
	): Promise<{ readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string }>;
}

/** Fetches an attachment's bytes, refusing more than `maxBytes`. */
export type Downloader = (url: string, maxBytes: number) => Promise<Buffer>;

/** Downloads with a hard byte cap, so a 5 MB "log" cannot blow memory. */
export const fetchBytes: Downloader = async (url, maxBytes) => {
	const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
	if (!response.ok || response.body === null) throw new Error(`attachment download failed: HTTP ${response.status}`);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of response.body) {
		size += chunk.byteLength;
		if (size > maxBytes) throw new Error('attachment larger than the limit');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
};

const decodeText = (bytes: Buffer): string => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/** The OCR engine's reasons, as the poster's note names them. */
const IMAGE_SKIP: Readonly<Record<string, SkippedAttachment['reason']>> = {
	unavailable: 'no_ocr',
	too_large: 'too_large',
	timeout: 'image_timeout',
	busy: 'image_timeout',
	no_text: 'image_no_text',
	malformed: 'image_unreadable',
};

/** An image's text, read by OCR and tidied (stray spaces in keys and CJK, look-alike quotes), or why not. */
async function readImage(
	a: Pick<Attachment, 'name' | 'size' | 'url'>,
	images: ImageReader | null,
	download: Downloader,
): Promise<PostAttachment | SkippedAttachment> {
	if (images === null || !images.status().available) return { name: a.name, reason: 'no_ocr' };
	// Refused on Discord's stated size, before a byte is fetched: a 20 MB image costs nothing.
	if (a.size > images.maxBytes) return { name: a.name, reason: 'too_large' };
	let bytes: Buffer;
	try {
		bytes = await download(a.url, images.maxBytes);
	} catch {
		return { name: a.name, reason: 'download_failed' };
	}
	const read = await images.read(bytes);
	if (!read.ok) return { name: a.name, reason: IMAGE_SKIP[read.reason] ?? 'image_unreadable' };
	return { name: a.name, text: tidyOcrText(read.text), source: 'ocr' };
}

async function readAttachments(
	message: Message,
	maxBytes: number,
	download: Downloader,
	images: ImageReader | null,
): Promise<AttachmentsRead> {
	const attachments: PostAttachment[] = [];
	const skipped: SkippedAttachment[] = [];
	let imagesRead = 0;
	for (const a of message.attachments.values()) {
		if (isImageAttachment(a) && imagesRead >= MAX_IMAGES_PER_MESSAGE)
			skipped.push({ name: a.name, reason: 'image_limit' });
		else if (isImageAttachment(a)) {
			imagesRead++;
			const read = await readImage(a, images, download);
			if ('text' in read) attachments.push(read);
			else skipped.push(read);
		} else if (!isTextAttachment(a)) skipped.push({ name: a.name, reason: 'not_text' });
		else if (a.size > maxBytes) skipped.push({ name: a.name, reason: 'too_large' });
		else {
			try {
				attachments.push({ name: a.name, text: decodeText(await download(a.url, maxBytes)) });
			} catch {
				skipped.push({ name: a.name, reason: 'download_failed' });
			}
		}
	}
	return { attachments, skipped };
}

/** A reader that reads at most once: the key scan and the core's reading share one download (and one OCR pass). */
export function readOnce(read: AttachmentReader): AttachmentReader {
	let pending: Promise<AttachmentsRead> | null = null;
	return () => {
		pending ??= read();
		return pending;
	};
}

/** How `toIncoming` reads a message. */
export interface ReadOptions {
	readonly roles: RoleConfig;
	readonly maxAttachmentBytes: number;
	readonly botUserId: string;
	readonly download?: Downloader;
	/** Null or absent: images are not read (the poster is asked for the text). */
	readonly images?: ImageReader | null;
}

/** The message's attachments as Discord serves them: downloaded (text) or read by OCR (images), once, when asked. */
export function attachmentReader(message: Message, options: ReadOptions): AttachmentReader {
	if (message.attachments.size === 0) return async () => ({ attachments: [], skipped: [] });
	return readOnce(() =>
		readAttachments(message, options.maxAttachmentBytes, options.download ?? fetchBytes, options.images ?? null),
	);
}

/**
 * The one translation in: a discord.js message in a forum thread → the core's IncomingMessage. Nothing is downloaded
 * here: the attachments are read when the message's reader is first called (by default `attachmentReader`).
 */
export function toIncoming(
	message: Message<true>,
	thread: ThreadChannel,
	options: ReadOptions,
	readAttachments: AttachmentReader = attachmentReader(message, options),
): IncomingMessage {
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
		readAttachments,
		mentionsBot: message.mentions.users.has(options.botUserId),
		createdAt: message.createdTimestamp,
	};
}

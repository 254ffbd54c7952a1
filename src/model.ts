/**
 * Shared vocabulary of the core: plain types (and `openAttachments`, which only calls the message's own reader).
 */

/** A text attachment of a post (Discord turns long pastes into `message.txt`). */
export interface PostAttachment {
	readonly name: string;
	readonly text: string;
	/**
	 * `ocr`: the text was read from an image (a screenshot) by OCR: evidence that may hold recognition errors, shown
	 * to the poster as "from your screenshot I read: …" when an answer rests on it. Absent: the file's own text.
	 */
	readonly source?: 'ocr';
}

/** What triage reads: a forum post (or a whole thread flattened into one post). */
export interface PostText {
	readonly title: string;
	readonly body: string;
	readonly attachments: readonly PostAttachment[];
}

/** Who wrote a message, with the role facts the core decides on. */
export interface Author {
	readonly id: string;
	readonly name: string;
	readonly isBot: boolean;
	/** Holds a configured moderator role or Manage Threads. */
	readonly isModerator: boolean;
	/** Holds a configured helper role (moderators count as staff too). */
	readonly isStaff: boolean;
}

/**
 * An attachment the bot did not read, and why: too large, not text, not downloaded; for images, no OCR engine here
 * (`no_ocr`), not an image the decoder opens (`image_unreadable`), no text in it (`image_no_text`), reading took
 * too long (`image_timeout`), or past the images read per message (`image_limit`).
 */
export interface SkippedAttachment {
	readonly name: string;
	readonly reason:
		| 'too_large'
		| 'not_text'
		| 'download_failed'
		| 'no_ocr'
		| 'image_unreadable'
		| 'image_no_text'
		| 'image_timeout'
		| 'image_limit';
}

/** A message in a watched forum thread, as the core sees it (no discord.js types). */
export interface IncomingMessage {
	readonly guildId: string;
	readonly forumId: string;
	readonly threadId: string;
	readonly threadTitle: string;
	readonly threadOwnerId: string;
	readonly messageId: string;
	/** The thread's first message (in forums its id equals the thread id). */
	readonly isStarter: boolean;
	readonly author: Author;
	readonly content: string;
	/**
	 * Reads the message's attachments (downloads, OCR) when called, once however often called: the edge supplies it.
	 * The core calls it for the owner's posts (kept as they arrive) and for a message the decision says the bot reads
	 * (see `handleMessage`); at the edge the key scan calls it for every message (see `removeExposedKey`).
	 */
	readonly readAttachments: AttachmentReader;
	readonly mentionsBot: boolean;
	/** Milliseconds since the epoch, from the message snowflake. */
	readonly createdAt: number;
}

/** What was read of a message's attachments: their text, and the ones the bot could not read (and why). */
export interface AttachmentsRead {
	readonly attachments: readonly PostAttachment[];
	readonly skipped: readonly SkippedAttachment[];
}

/** A port: reads a message's attachments on demand. Never throws: a file it cannot read is a skipped one. */
export type AttachmentReader = () => Promise<AttachmentsRead>;

/** A message whose attachments were read: what the read, plan and record steps work on. */
export interface OpenedMessage extends IncomingMessage {
	readonly attachments: readonly PostAttachment[];
	readonly skippedAttachments: readonly SkippedAttachment[];
}

/** Reads a message's attachments (through its reader) and returns the message with them. */
export async function openAttachments(message: IncomingMessage): Promise<OpenedMessage> {
	const read = await message.readAttachments();
	return { ...message, attachments: read.attachments, skippedAttachments: read.skipped };
}

/** Which path produced an answer: the KB template, the LLM phrasing it, or the LLM picking the cause. */
export const ANSWER_PATHS = ['kb', 'llm-phrased', 'llm-assisted'] as const;
export type AnswerPath = (typeof ANSWER_PATHS)[number];

/** The time source the core and its adapters read: epoch milliseconds (a fake one in tests). */
export interface Clock {
	now(): number;
}

/**
 * The matcher's confidence below which the bot does not answer, unless MATCH_THRESHOLD says otherwise. The calibration
 * is measured on the posts the bot would answer, so this is the share of such answers that were right: below 0.6, an
 * answer is closer to a guess than to a diagnosis, and asking is the better reply.
 */
export const DEFAULT_MATCH_THRESHOLD = 0.6;

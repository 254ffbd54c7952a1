import type { QueueMessage } from '../escalation/queue-message.js';
import type { EscalateInput, EscalateResult } from '../escalation/service.js';
import type { Actor } from '../escalation/types.js';
import type { AnswerPath, Clock } from '../model.js';
import type { ThreadSnapshot, ThreadState } from './state.js';
import type { OwnerPost } from './thread-text.js';

/** Thread records, as the core needs them; implemented by `store/threads.ts`. */
export interface ThreadStore {
	ensure(
		thread: { threadId: string; guildId: string; forumId: string; ownerId: string; title: string },
		now: number,
	): ThreadSnapshot;
	setState(threadId: string, state: ThreadState, now: number): void;
	setMuted(threadId: string, muted: boolean, by: string | null, now: number): void;
	setStaffTookOver(threadId: string, tookOver: boolean, now: number): void;
	advanceLastMessage(threadId: string, messageId: string, now: number): void;
	/** The newest message id handled in a thread, where catch-up resumes. */
	get(threadId: string): (ThreadSnapshot & { lastMessageId: string | null }) | null;
}

/** The at-least-once-in ledger; implemented by `store/processed-messages.ts`. */
export interface ProcessedLedger {
	markProcessed(messageId: string, threadId: string, authorId: string, outcome: string, now: number): boolean;
	isProcessed(messageId: string): boolean;
	lastOutcome(threadId: string): { outcome: string; at: number } | null;
	/** Every handled message of a thread with what the bot decided, oldest first (the conversation so far). */
	listInThread(threadId: string): { messageId: string; authorId: string; outcome: string }[];
}

export interface ReplyIntent {
	readonly id: number;
	readonly threadId: string;
	readonly inReplyTo: string;
	readonly kind: string;
	readonly nonce: string;
	readonly content: string;
	readonly status: 'pending' | 'sent' | 'dropped';
	readonly createdAt: number;
}

/** The exactly-once-out ledger; implemented by `store/bot-replies.ts`. */
export interface ReplyLedger {
	recordIntent(threadId: string, inReplyTo: string, kind: string, content: string, now: number): ReplyIntent;
	markSent(id: number, discordMessageId: string, now: number): void;
	markDropped(id: number): void;
	listPending(): ReplyIntent[];
	/** Every reply recorded in a thread, oldest first, with the Discord message it became once sent. */
	listInThread(threadId: string): (ReplyIntent & { readonly discordMessageId: string | null })[];
	/** Replaces a reply's text after the bot edited its message (an edited post read again). */
	updateContent(id: number, content: string): void;
}

/** One stored message of the thread owner (text and readable attachments, redacted). */
export interface StoredOwnerPost {
	readonly messageId: string;
	readonly createdAt: number;
	readonly post: OwnerPost;
}

/** The owner's messages as they arrived (redacted); implemented by `store/owner-posts.ts`. */
export interface OwnerPostStore {
	/** Stores a message, or replaces its text after an edit. */
	save(threadId: string, messageId: string, post: OwnerPost, createdAt: number, now: number): void;
	/** Oldest first. */
	list(threadId: string): StoredOwnerPost[];
}

/** Which path produced each answer, as `/doorman status` shows it; recorded by the Discord edge, kept by the store. */
export interface AnswerPathLog {
	/** Records (or corrects) the path that produced the bot's answer to `messageId`. */
	record(messageId: string, path: AnswerPath, now: number): void;
	/** Answers per path, every path present (0 when none); only those at or after `since` when given. */
	counts(since?: number): Record<AnswerPath, number>;
}

/** Hand-offs to humans; implemented by the escalation service over its SQLite store. */
export interface EscalationPort {
	escalate(input: EscalateInput): EscalateResult;
	/** Resolves the thread's escalation if one is open (the owner said it is solved); null when none was open. */
	resolveOpenForThread?(
		threadId: string,
		actor: Actor,
		note: string,
	): { readonly id: number; readonly queue: QueueMessage } | null;
}

export interface ThreadPorts {
	readonly escalations: EscalationPort;
	readonly threads: ThreadStore;
	readonly processed: ProcessedLedger;
	readonly replies: ReplyLedger;
	/** Where the owner's messages are kept as they arrive; absent: the thread is read from Discord each time. */
	readonly ownerPosts?: OwnerPostStore;
	readonly clock: Clock;
	/** Runs `fn` atomically (one SQLite transaction). */
	readonly atomically: <T>(fn: () => T) => T;
}

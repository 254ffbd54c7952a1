import type { EscalateInput, EscalateResult } from '../escalation/service.js';
import type { ThreadSnapshot, ThreadState } from './state.js';

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
}

export interface Clock {
	now(): number;
}

/** Hand-offs to humans; implemented by the escalation service over its SQLite store. */
export interface EscalationPort {
	escalate(input: EscalateInput): EscalateResult;
}

export interface ThreadPorts {
	readonly escalations: EscalationPort;
	readonly threads: ThreadStore;
	readonly processed: ProcessedLedger;
	readonly replies: ReplyLedger;
	readonly clock: Clock;
	/** Runs `fn` atomically (one SQLite transaction). */
	readonly atomically: <T>(fn: () => T) => T;
}

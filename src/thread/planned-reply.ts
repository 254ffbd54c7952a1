import type { QueueMessage } from '../escalation/queue-message.js';
import type { Assessment } from './advice.js';
import type { Decision } from './decision.js';
import type { ReplyIntent } from './ports.js';
import type { ThreadState } from './state.js';

/** A reply the Discord layer must send (with `nonce` and enforce_nonce), then confirm. */
export interface PlannedReply {
	/** One message, or two when an answer also hands the thread to the vendor (answer, then email draft). */
	readonly intents: readonly ReplyIntent[];
	readonly threadId: string;
	readonly replyTo: string;
	/** The thread's state after this reply, so the Discord layer can set the forum tag. */
	readonly state: ThreadState;
	/** Set when the message escalated the thread: the moderators' queue message to post. */
	readonly escalation: { readonly id: number; readonly queue: QueueMessage } | null;
	/** An open escalation the owner's "it works now" resolved: its queue message is refreshed. */
	readonly resolved?: { readonly id: number; readonly queue: QueueMessage };
}

/** What `handleMessage` did with one message. */
export interface HandleResult {
	readonly decision: Decision | { kind: 'silent'; reason: 'ALREADY_HANDLED' };
	readonly reply: PlannedReply | null;
	readonly assessment: Assessment | null;
}

/** The message was handled before (or by another delivery that won the race): nothing more to do. */
export const alreadyHandled = (assessment: Assessment | null = null): HandleResult => ({
	decision: { kind: 'silent', reason: 'ALREADY_HANDLED' },
	reply: null,
	assessment,
});

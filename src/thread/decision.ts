import type { ThreadState } from './state.js';

/** Why the bot stays quiet; logged by the caller, shown by `/doorman status`. */
export type SilentReason =
	| 'MUTED'
	| 'STAFF_TOOK_OVER'
	| 'NOT_THE_OWNER'
	| 'FROM_A_BOT'
	| 'ALREADY_HANDLED'
	| 'THREAD_SOLVED'
	| 'ALREADY_ESCALATED'
	/** The message adds nothing the bot has not already answered (an acknowledgement, the same answer again). */
	| 'NOTHING_NEW'
	/** The poster replied without the details the bot asked for (counted towards a hand-off). */
	| 'NO_NEW_DETAILS'
	/** An edit that does not change what the bot read. */
	| 'EDIT_UNCHANGED';

/** What a reply is, so each message gets at most one reply of each kind. */
export type ReplyKind =
	| 'answer'
	| 'ask'
	| 'abstain'
	| 'escalate'
	| 'mute'
	| 'unmute'
	| 'refuse'
	/** A member without standing mentioned the bot in a thread people took over: a pointer to the moderators. */
	| 'pointer'
	| 'ack'
	/** The poster says it works now: the "Solved it" button is offered. */
	| 'offer_solved'
	/** Not an access error (how-to, billing, an outage): an honest note, and the thread tagged for people. */
	| 'redirect';

export interface ReplyDecision {
	readonly kind: 'reply';
	readonly replyKind: ReplyKind;
	readonly content: string;
	/** The state the thread moves to once the reply is sent (undefined: unchanged). */
	readonly nextState?: ThreadState;
	readonly reason: string;
}

export interface SilentDecision {
	readonly kind: 'silent';
	readonly reason: SilentReason;
}

/** The core's answer to one event: a value, performed by the Discord layer. */
export type Decision = ReplyDecision | SilentDecision;

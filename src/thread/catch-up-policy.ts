/** What catch-up knows about a thread the bot has never handled. */
export interface UnseenThread {
	/** When the thread was created, ms since the epoch. */
	readonly createdAt: number;
	/** A helper or moderator (not the poster) already replied in it. */
	readonly hasStaffReply: boolean;
	/** It carries the Solved tag. */
	readonly isSolved: boolean;
}

export type CatchUpSkipReason = 'BEFORE_FIRST_START' | 'STAFF_REPLIED' | 'SOLVED';

export type CatchUpVerdict =
	| { readonly catchUp: true }
	| { readonly catchUp: false; readonly reason: CatchUpSkipReason };

const HOUR_MS = 3_600_000;

/**
 * The oldest creation time of a thread the bot still takes up without having seen it: its first start, less the
 * configured window (CATCH_UP_WINDOW_HOURS, default 0). Threads from before are the community's, not the bot's.
 */
export function catchUpCutoff(firstStartedAt: number, windowHours: number): number {
	return firstStartedAt - Math.max(0, windowHours) * HOUR_MS;
}

/**
 * Whether catch-up answers a thread the bot has never handled: created at or after `cutoff`, with no staff reply,
 * and not tagged Solved. Threads the bot already handles are always caught up (their own state decides). Pure.
 */
export function shouldCatchUpUnseen(thread: UnseenThread, cutoff: number): CatchUpVerdict {
	if (thread.createdAt < cutoff) return { catchUp: false, reason: 'BEFORE_FIRST_START' };
	if (thread.isSolved) return { catchUp: false, reason: 'SOLVED' };
	if (thread.hasStaffReply) return { catchUp: false, reason: 'STAFF_REPLIED' };
	return { catchUp: true };
}

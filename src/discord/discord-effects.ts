import type { ThreadState } from '../thread/state.js';

/** An effect on Discord an earlier run recorded and did not finish. */
export type PendingDiscordEffect =
	| { readonly kind: 'forum_tags'; readonly threadId: string; readonly state: ThreadState; readonly createdAt: number }
	| { readonly kind: 'key_removal'; readonly threadId: string; readonly messageId: string; readonly createdAt: number };

/**
 * Where the bot records the Discord effects that are not messages before it makes them (a post's state tag, the
 * removal of a pasted key) and marks them done after, so a restart finishes what a crash or a stop cut short. The
 * reply ledger does the same for messages. Implemented by `store/discord-effects.ts`.
 */
export interface DiscordEffectLog {
	recordTags(threadId: string, state: ThreadState, now: number): void;
	tagsDone(threadId: string, state: ThreadState): void;
	recordKeyRemoval(threadId: string, messageId: string, now: number): void;
	keyRemovalDone(messageId: string): void;
	/** Effects recorded before `before` (by an earlier run) and still pending, oldest first. */
	listPending(before: number): PendingDiscordEffect[];
}

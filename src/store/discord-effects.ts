import { z } from 'zod';
import { THREAD_STATES, type ThreadState } from '../thread/state.js';
import { durableTransaction } from './durable.js';
import type { Db } from './open.js';

const RowSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('forum_tags'),
		thread_id: z.string(),
		target: z.string(),
		state: z.enum(THREAD_STATES),
		created_at: z.number(),
	}),
	z.object({
		kind: z.literal('key_removal'),
		thread_id: z.string(),
		target: z.string(),
		state: z.null(),
		created_at: z.number(),
	}),
]);

/** A pending effect as stored (`src/discord/discord-effects.ts` names the shape the bot uses). */
function toEffect(row: unknown) {
	const r = RowSchema.parse(row);
	return r.kind === 'forum_tags'
		? { kind: r.kind, threadId: r.thread_id, state: r.state, createdAt: r.created_at }
		: { kind: r.kind, threadId: r.thread_id, messageId: r.target, createdAt: r.created_at };
}

/**
 * Discord effects that are not messages (a post's state tag, a key removal), recorded before the call and deleted
 * once done; what a crash or a stop left is listed at the next start. A later tag for the same post replaces the
 * earlier one, which is then no longer wanted.
 */
export function discordEffectRepository(db: Db) {
	const upsert = db.prepare(
		`INSERT INTO discord_effects (kind, thread_id, target, state, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (kind, target) DO UPDATE SET state = excluded.state, created_at = excluded.created_at`,
	);
	const remove = db.prepare('DELETE FROM discord_effects WHERE kind = ? AND target = ? AND state IS ?');
	const pending = db.prepare(
		'SELECT kind, thread_id, target, state, created_at FROM discord_effects WHERE created_at < ? ORDER BY id',
	);
	return {
		/** Records a post's wanted state tag; committed durably, since Discord is called right after. */
		recordTags(threadId: string, state: ThreadState, now: number): void {
			durableTransaction(db, () => upsert.run('forum_tags', threadId, threadId, state, now));
		},
		/** The tag of `state` is on the post (or the post is gone); a newer wanted state stays pending. */
		tagsDone(threadId: string, state: ThreadState): void {
			remove.run('forum_tags', threadId, state);
		},
		/** Records that message `messageId` holds a key to remove; committed durably before anything is reposted. */
		recordKeyRemoval(threadId: string, messageId: string, now: number): void {
			durableTransaction(db, () => upsert.run('key_removal', threadId, messageId, null, now));
		},
		keyRemovalDone(messageId: string): void {
			remove.run('key_removal', messageId, null);
		},
		/** What earlier runs left pending (recorded before `before`), oldest first. */
		listPending(before: number) {
			return pending.all(before).map(toEffect);
		},
	};
}

import { z } from 'zod';
import { THREAD_STATES, type ThreadState } from '../thread/state.js';
import { redactString } from '../triage/redact-secrets.js';
import type { Db } from './open.js';

const ThreadStateSchema = z.enum(THREAD_STATES);

export interface ThreadRecord {
	readonly threadId: string;
	readonly guildId: string;
	readonly forumId: string;
	readonly ownerId: string;
	readonly title: string;
	readonly state: ThreadState;
	readonly muted: boolean;
	readonly mutedBy: string | null;
	readonly staffTookOver: boolean;
	readonly lastMessageId: string | null;
	readonly createdAt: number;
	readonly updatedAt: number;
}

const RowSchema = z.object({
	thread_id: z.string(),
	guild_id: z.string(),
	forum_id: z.string(),
	owner_id: z.string(),
	title: z.string(),
	state: ThreadStateSchema,
	muted: z.number(),
	muted_by: z.string().nullable(),
	staff_took_over: z.number(),
	last_message_id: z.string().nullable(),
	created_at: z.number(),
	updated_at: z.number(),
});

function toRecord(row: unknown): ThreadRecord {
	const r = RowSchema.parse(row);
	return {
		threadId: r.thread_id,
		guildId: r.guild_id,
		forumId: r.forum_id,
		ownerId: r.owner_id,
		title: r.title,
		state: r.state,
		muted: r.muted === 1,
		mutedBy: r.muted_by,
		staffTookOver: r.staff_took_over === 1,
		lastMessageId: r.last_message_id,
		createdAt: r.created_at,
		updatedAt: r.updated_at,
	};
}

export interface NewThread {
	threadId: string;
	guildId: string;
	forumId: string;
	ownerId: string;
	title: string;
}

/** Prepared statements over `threads`; every write takes the time from the caller's clock. */
export function threadRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, title, created_at, updated_at)
		 VALUES (@threadId, @guildId, @forumId, @ownerId, @title, @now, @now)
		 ON CONFLICT (thread_id) DO NOTHING`,
	);
	const get = db.prepare('SELECT * FROM threads WHERE thread_id = ?');
	const setState = db.prepare('UPDATE threads SET state = ?, updated_at = ? WHERE thread_id = ?');
	const setMuted = db.prepare('UPDATE threads SET muted = ?, muted_by = ?, updated_at = ? WHERE thread_id = ?');
	const setTakeover = db.prepare('UPDATE threads SET staff_took_over = ?, updated_at = ? WHERE thread_id = ?');
	// Message ids are snowflakes: compare numerically so the newest one wins even if events arrive out of order.
	const setLast = db.prepare(
		`UPDATE threads SET last_message_id = @messageId, updated_at = @now
		 WHERE thread_id = @threadId
		   AND (last_message_id IS NULL OR CAST(last_message_id AS INTEGER) < CAST(@messageId AS INTEGER))`,
	);
	const active = db.prepare(
		`SELECT * FROM threads WHERE state != 'solved' AND updated_at >= ? ORDER BY updated_at DESC LIMIT ?`,
	);
	return {
		/** Creates the thread if new; returns the stored record either way. */
		ensure(thread: NewThread, now: number): ThreadRecord {
			// A title is user text like any other: a key in it never reaches the database.
			insert.run({ ...thread, title: redactString(thread.title), now });
			return toRecord(get.get(thread.threadId));
		},
		get(threadId: string): ThreadRecord | null {
			const row = get.get(threadId);
			return row === undefined ? null : toRecord(row);
		},
		setState(threadId: string, state: ThreadState, now: number): void {
			setState.run(state, now, threadId);
		},
		setMuted(threadId: string, muted: boolean, by: string | null, now: number): void {
			setMuted.run(muted ? 1 : 0, by, now, threadId);
		},
		setStaffTookOver(threadId: string, tookOver: boolean, now: number): void {
			setTakeover.run(tookOver ? 1 : 0, now, threadId);
		},
		advanceLastMessage(threadId: string, messageId: string, now: number): void {
			setLast.run({ messageId, now, threadId });
		},
		/** Unsolved threads touched since `since`, newest first: what catch-up after downtime revisits. */
		listActive(since: number, limit: number): ThreadRecord[] {
			return active.all(since, limit).map(toRecord);
		},
	};
}

export type ThreadRepository = ReturnType<typeof threadRepository>;

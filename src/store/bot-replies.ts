import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ReplyIntent } from '../thread/ports.js';
import type { Db } from './open.js';

/** A reply intent as stored: the thread core's `ReplyIntent` and the Discord message it became, once sent. */
export interface BotReply extends ReplyIntent {
	readonly discordMessageId: string | null;
}

const RowSchema = z.object({
	id: z.number(),
	thread_id: z.string(),
	in_reply_to: z.string(),
	kind: z.string(),
	nonce: z.string(),
	content: z.string(),
	status: z.enum(['pending', 'sent', 'dropped']),
	discord_message_id: z.string().nullable(),
	created_at: z.number(),
});

function toReply(row: unknown): BotReply {
	const r = RowSchema.parse(row);
	return {
		id: r.id,
		threadId: r.thread_id,
		inReplyTo: r.in_reply_to,
		kind: r.kind,
		nonce: r.nonce,
		content: r.content,
		status: r.status,
		discordMessageId: r.discord_message_id,
		createdAt: r.created_at,
	};
}

/**
 * The nonce of the reply of `kind` to message `inReplyTo`: derived from the event it answers, so a run that plans the
 * same reply again (after a crash, before the intent was stored) sends the same nonce. Discord nonces are at most 25
 * characters: `d` and 24 hex digits (96 bits) of a SHA-256.
 */
export const replyNonce = (inReplyTo: string, kind: string): string =>
	`d${createHash('sha256').update(`${inReplyTo}:${kind}`).digest('hex').slice(0, 24)}`;

/**
 * The exactly-once-out ledger: a reply is recorded before it is sent, sent with its nonce and
 * `enforce_nonce`, then marked sent. On restart, pending replies are retried with the same nonce.
 */
export function botReplyRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, created_at)
		 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (in_reply_to, kind) DO NOTHING`,
	);
	const byKey = db.prepare('SELECT * FROM bot_replies WHERE in_reply_to = ? AND kind = ?');
	const markSent = db.prepare(
		`UPDATE bot_replies SET status = 'sent', discord_message_id = ?, sent_at = ? WHERE id = ?`,
	);
	const markDropped = db.prepare(`UPDATE bot_replies SET status = 'dropped' WHERE id = ?`);
	const pending = db.prepare(`SELECT * FROM bot_replies WHERE status = 'pending' ORDER BY id`);
	const inThread = db.prepare('SELECT * FROM bot_replies WHERE thread_id = ? ORDER BY id');
	const setContent = db.prepare('UPDATE bot_replies SET content = ? WHERE id = ?');
	return {
		/** Records the intent to reply; if one exists for this message and kind, returns it unchanged. */
		recordIntent(threadId: string, inReplyTo: string, kind: string, content: string, now: number): BotReply {
			insert.run(threadId, inReplyTo, kind, replyNonce(inReplyTo, kind), content, now);
			return toReply(byKey.get(inReplyTo, kind));
		},
		markSent(id: number, discordMessageId: string, now: number): void {
			markSent.run(discordMessageId, now, id);
		},
		markDropped(id: number): void {
			markDropped.run(id);
		},
		listPending(): BotReply[] {
			return pending.all().map(toReply);
		},
		listInThread(threadId: string): BotReply[] {
			return inThread.all(threadId).map(toReply);
		},
		updateContent(id: number, content: string): void {
			setContent.run(content, id);
		},
	};
}

export type BotReplyRepository = ReturnType<typeof botReplyRepository>;

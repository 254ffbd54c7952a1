import type { Db } from './open.js';

/** The at-least-once-in ledger: a message is handled once, whatever replays or catch-ups deliver it. */
export function processedMessageRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at)
		 VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
	);
	const has = db.prepare('SELECT 1 FROM processed_messages WHERE message_id = ?');
	const count = db.prepare('SELECT count(*) AS n FROM processed_messages WHERE thread_id = ?');
	const last = db.prepare(
		'SELECT outcome, processed_at AS at FROM processed_messages WHERE thread_id = ? ORDER BY processed_at DESC, rowid DESC LIMIT 1',
	);
	const inThread = db.prepare(
		'SELECT message_id, author_id, outcome FROM processed_messages WHERE thread_id = ? ORDER BY processed_at, rowid',
	);
	return {
		/** Records the message; false when it was already recorded (a duplicate delivery). */
		markProcessed(messageId: string, threadId: string, authorId: string, outcome: string, now: number): boolean {
			return insert.run(messageId, threadId, authorId, outcome, now).changes === 1;
		},
		isProcessed(messageId: string): boolean {
			return has.get(messageId) !== undefined;
		},
		/** What the bot decided for the newest message of a thread (for `/doorman status`). */
		lastOutcome(threadId: string): { outcome: string; at: number } | null {
			return (last.get(threadId) as { outcome: string; at: number } | undefined) ?? null;
		},
		listInThread(threadId: string): { messageId: string; authorId: string; outcome: string }[] {
			return (inThread.all(threadId) as { message_id: string; author_id: string; outcome: string }[]).map((r) => ({
				messageId: r.message_id,
				authorId: r.author_id,
				outcome: r.outcome,
			}));
		},
		countInThread(threadId: string): number {
			return (count.get(threadId) as { n: number }).n;
		},
	};
}

export type ProcessedMessageRepository = ReturnType<typeof processedMessageRepository>;

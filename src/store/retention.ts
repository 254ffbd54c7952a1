import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import type { Db } from './open.js';
import { quickCheck } from './storage-health.js';

export interface PurgeReport {
	readonly processedMessages: number;
	readonly botReplies: number;
	readonly escalations: number;
	readonly answerPaths: number;
	/** Owners' stored messages (their redacted text). */
	readonly ownerPosts: number;
	readonly threads: number;
}

/**
 * Deletes what is older than `cutoff` (ms since the epoch): handled-message records, sent or
 * dropped replies (their text), answer paths, escalations closed before the cutoff (with their
 * summaries and audit rows), and solved threads with nothing left. Open escalations are kept
 * whatever their age. One transaction.
 */
export function purgeOlderThan(db: Db, cutoff: number): PurgeReport {
	return db.transaction((): PurgeReport => {
		const run = (sql: string) => db.prepare(sql).run(cutoff).changes;
		return {
			processedMessages: run('DELETE FROM processed_messages WHERE processed_at < ?'),
			botReplies: run(`DELETE FROM bot_replies WHERE status != 'pending' AND created_at < ?`),
			escalations: run(
				`DELETE FROM escalations WHERE status IN ('resolved', 'dismissed') AND closed_at IS NOT NULL AND closed_at < ?`,
			),
			answerPaths: run('DELETE FROM llm_paths WHERE at < ?'),
			ownerPosts: run('DELETE FROM owner_posts WHERE created_at < ?'),
			threads: run(
				`DELETE FROM threads WHERE state = 'solved' AND updated_at < ?
				 AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.thread_id = threads.thread_id)`,
			),
		};
	})();
}

/**
 * A consistent copy of the live database (SQLite's online backup), safe while the bot runs, verified: the copy is
 * opened and passes `quick_check`, or it is deleted and a StoreError says why (a corrupt source gives a corrupt copy).
 */
export async function backupTo(db: Db, file: string): Promise<void> {
	try {
		await db.backup(file);
	} catch (cause) {
		rmSync(file, { force: true });
		throw new StoreError('DB_CORRUPT', `the backup failed (${describe(cause)}); the database may be damaged`, {
			cause,
		});
	}
	let finding: string | null;
	try {
		const copy = new Database(file, { readonly: true, fileMustExist: true });
		try {
			finding = quickCheck(copy);
		} finally {
			copy.close();
		}
	} catch (cause) {
		finding = describe(cause);
	}
	if (finding !== null) {
		rmSync(file, { force: true });
		throw new StoreError(
			'DB_CORRUPT',
			`the copy failed verification (${finding}), so the database itself is damaged; no backup was written. Restore an earlier backup`,
		);
	}
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

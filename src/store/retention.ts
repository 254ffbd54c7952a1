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
	/** Community cases (a confirmed cause with the thread's redacted report), by when they were stored. */
	readonly communityCases: number;
	/** The report's logs: which entry answered, and the posters' feedback. */
	readonly reportLogs: number;
	readonly threads: number;
}

/** Rows deleted per table in one transaction: each batch holds the write lock and the event loop for a few ms only. */
export const PURGE_BATCH_ROWS = 500;

/**
 * One statement per table, each deleting at most `@limit` rows older than `@cutoff`, through an index (see
 * migration 0006 and test/store/query-plans.test.ts). Threads go last: a solved thread with nothing left.
 */
const PURGE_STEPS: readonly (readonly [keyof PurgeReport, string])[] = [
	[
		'processedMessages',
		`DELETE FROM processed_messages WHERE rowid IN
		 (SELECT rowid FROM processed_messages WHERE processed_at < @cutoff LIMIT @limit)`,
	],
	[
		'botReplies',
		`DELETE FROM bot_replies WHERE id IN
		 (SELECT id FROM bot_replies WHERE created_at < @cutoff AND status != 'pending' LIMIT @limit)`,
	],
	[
		'escalations',
		`DELETE FROM escalations WHERE id IN
		 (SELECT id FROM escalations WHERE status IN ('resolved', 'dismissed') AND closed_at < @cutoff LIMIT @limit)`,
	],
	['answerPaths', 'DELETE FROM llm_paths WHERE rowid IN (SELECT rowid FROM llm_paths WHERE at < @cutoff LIMIT @limit)'],
	[
		'ownerPosts',
		'DELETE FROM owner_posts WHERE rowid IN (SELECT rowid FROM owner_posts WHERE created_at < @cutoff LIMIT @limit)',
	],
	[
		'communityCases',
		'DELETE FROM community_cases WHERE id IN (SELECT id FROM community_cases WHERE created_at < @cutoff LIMIT @limit)',
	],
	[
		'reportLogs',
		`DELETE FROM answer_log WHERE rowid IN (SELECT rowid FROM answer_log WHERE at < @cutoff LIMIT @limit)`,
	],
	['reportLogs', `DELETE FROM feedback_log WHERE id IN (SELECT id FROM feedback_log WHERE at < @cutoff LIMIT @limit)`],
	[
		'threads',
		`DELETE FROM threads WHERE rowid IN
		 (SELECT rowid FROM threads WHERE state = 'solved' AND updated_at < @cutoff
		  AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.thread_id = threads.thread_id) LIMIT @limit)`,
	],
];

const emptyReport = (): { -readonly [K in keyof PurgeReport]: number } => ({
	processedMessages: 0,
	botReplies: 0,
	escalations: 0,
	answerPaths: 0,
	ownerPosts: 0,
	communityCases: 0,
	reportLogs: 0,
	threads: 0,
});

/**
 * Purges in batches of at most `batchRows` rows per table, one transaction each, yielding what each committed batch
 * deleted; done when a batch deletes nothing.
 */
function* purgeBatches(db: Db, cutoff: number, batchRows: number): Generator<PurgeReport, void> {
	const steps = PURGE_STEPS.map(([key, sql]) => [key, db.prepare(sql)] as const);
	const batch = db.transaction((): PurgeReport => {
		const report = emptyReport();
		for (const [key, statement] of steps) report[key] += statement.run({ cutoff, limit: batchRows }).changes;
		return report;
	});
	for (;;) {
		const report = batch();
		if (Object.values(report).every((n) => n === 0)) return;
		yield report;
	}
}

function add(total: { -readonly [K in keyof PurgeReport]: number }, batch: PurgeReport): void {
	for (const key of Object.keys(total) as (keyof PurgeReport)[]) total[key] += batch[key];
}

/**
 * Deletes what is older than `cutoff` (ms since the epoch): handled-message records, sent or
 * dropped replies (their text), answer paths, escalations closed before the cutoff (with their
 * summaries and audit rows), and solved threads with nothing left. Open escalations are kept
 * whatever their age. In batches of {@link PURGE_BATCH_ROWS} rows per table, each its own transaction.
 */
export function purgeOlderThan(db: Db, cutoff: number, batchRows = PURGE_BATCH_ROWS): PurgeReport {
	const total = emptyReport();
	for (const batch of purgeBatches(db, cutoff, batchRows)) add(total, batch);
	return total;
}

/**
 * {@link purgeOlderThan} for the running bot: yields to the event loop (`setImmediate`) between batches, so Discord
 * events are handled while a large purge runs, and stops after the current batch once `signal` is aborted.
 */
export async function purgeOlderThanInBackground(
	db: Db,
	cutoff: number,
	options: { readonly batchRows?: number; readonly signal?: AbortSignal } = {},
): Promise<PurgeReport & { readonly batches: number }> {
	const total = emptyReport();
	let batches = 0;
	for (const batch of purgeBatches(db, cutoff, options.batchRows ?? PURGE_BATCH_ROWS)) {
		add(total, batch);
		batches += 1;
		await new Promise<void>((resolve) => setImmediate(resolve));
		// Stopping: what is left waits for the next purge (every batch is committed on its own).
		if (options.signal?.aborted === true) break;
	}
	return { ...total, batches };
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

import type { Database } from 'better-sqlite3';
import { databaseProblems, probeWrite, quickCheck, storageFault } from '../store/storage-health.js';

/**
 * True when `db` takes a write: a write that needs new pages succeeds inside a rolled-back transaction (so nothing is
 * written), and no real write has failed for lack of space, a read-only file or corruption since the last one that
 * committed. False for a closed, read-only, full or locked database.
 */
export function isWritable(db: Database): boolean {
	return probeWrite(db) === null && storageFault(db) === null;
}

/** How often the live health check reads every page (`quick_check` costs time in proportion to the file). */
export const INTEGRITY_CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * The database's problems for `/healthz`: the write probe and failed writes on every call, `quick_check` on the first
 * call and then at most every `intervalMs`, its finding kept in between.
 */
export function databaseHealth(
	db: Database,
	now: () => number,
	intervalMs = INTEGRITY_CHECK_INTERVAL_MS,
): () => string[] {
	let checkedAt: number | null = null;
	let integrity: string[] = [];
	return () => {
		const problems = databaseProblems(db, { integrity: false });
		if (checkedAt === null || now() - checkedAt >= intervalMs) {
			checkedAt = now();
			const finding = quickCheck(db);
			integrity = finding === null ? [] : [finding];
		}
		return [...problems, ...integrity];
	};
}

import type { Database } from 'better-sqlite3';

/**
 * True when `db` can take the write lock: opens and rolls back an empty `BEGIN IMMEDIATE` transaction, so
 * nothing is written. False for a closed, read-only or locked database. It does not detect a full disk,
 * since nothing is written. Under contention it waits up to the connection's `busy_timeout` (synchronously).
 */
export function isWritable(db: Database): boolean {
	// SQLite grants `BEGIN IMMEDIATE` on a read-only connection (the lock is taken, the write would fail later),
	// so the probe alone cannot see `readonly: true`.
	if (!db.open || db.readonly) return false;
	// A transaction is already open on this connection (mid-write elsewhere in the app): the probe cannot
	// nest, and the open transaction is itself evidence the database is usable.
	if (db.inTransaction) return true;
	try {
		db.exec('BEGIN IMMEDIATE');
	} catch {
		return false;
	}
	try {
		db.exec('ROLLBACK');
	} catch {
		// Nothing was written; a failed rollback of an empty transaction leaves no state worth reporting.
	}
	return true;
}

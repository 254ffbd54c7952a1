import type { Db } from './open.js';

/**
 * Runs `fn` in one transaction committed with `synchronous=FULL`: the write that precedes a side effect (a reply
 * intent before the reply is sent, an email lease before the send) survives a power cut, not only a crash. Only these
 * commits pay for the fsync; the rest stay at the connection's NORMAL. Inside an outer transaction the outer commit
 * decides (SQLite refuses to change the level mid-transaction), so the outermost caller should be the durable one.
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
	if (db.inTransaction) return db.transaction(fn)();
	const level = db.pragma('synchronous', { simple: true });
	db.pragma('synchronous = FULL');
	try {
		return db.transaction(fn)();
	} finally {
		db.pragma(`synchronous = ${Number(level)}`);
	}
}

import type { Database, RunResult } from 'better-sqlite3';
import { describeFault, storageFaultCode } from '../storage-fault.js';

export interface StorageFault {
	readonly code: string;
	/** `Date.now()` of the first failed write since the last successful one. */
	readonly since: number;
}

interface WatchState {
	fault: StorageFault | null;
}

const STATES = new WeakMap<Database, WatchState>();

/**
 * Remembers the last storage fault a write hit on `db` until a later write commits. A write that only fails on a full
 * disk at COMMIT (the WAL grows at commit) is seen here too, which a rolled-back probe never sees. Wraps `prepare`
 * (statements that write) and `transaction`.
 */
export function watchStorage(db: Database): void {
	const state: WatchState = { fault: null };
	STATES.set(db, state);
	const fail = (error: unknown): never => {
		const code = storageFaultCode(error);
		if (code !== null && state.fault === null) state.fault = { code, since: Date.now() };
		throw error;
	};
	const prepare = db.prepare.bind(db);
	db.prepare = ((source: string) => {
		const statement = prepare(source);
		if (statement.readonly) return statement;
		const run = statement.run.bind(statement) as (...args: unknown[]) => RunResult;
		Object.defineProperty(statement, 'run', {
			configurable: true,
			value: (...args: unknown[]) => {
				let result: RunResult;
				try {
					result = run(...args);
				} catch (error) {
					return fail(error);
				}
				// Outside a transaction the write has committed; inside one, the transaction's end decides.
				if (!db.inTransaction) state.fault = null;
				return result;
			},
		});
		return statement;
	}) as Database['prepare'];
	const transaction = db.transaction.bind(db);
	db.transaction = ((fn: (...args: unknown[]) => unknown) => {
		const wrapped = transaction(fn);
		const run = (...args: unknown[]): unknown => {
			const nested = db.inTransaction;
			let result: unknown;
			try {
				result = wrapped(...args);
			} catch (error) {
				return fail(error);
			}
			if (!nested) state.fault = null;
			return result;
		};
		return Object.assign(run, {
			default: wrapped.default,
			deferred: wrapped.deferred,
			immediate: wrapped.immediate,
			exclusive: wrapped.exclusive,
			database: db,
		});
	}) as Database['transaction'];
}

/** The storage fault a write on `db` last hit, while no write has committed since; null when healthy. */
export const storageFault = (db: Database): StorageFault | null => STATES.get(db)?.fault ?? null;

/**
 * A table of its own (any schema, even before migrations) holding 16 KB of text: its root page and the value's overflow
 * pages are new pages, so a database at its size limit refuses it. Run with `exec`, outside {@link watchStorage}: a
 * failed probe is reported, not remembered as a fault. Rolled back, it leaves nothing behind.
 */
const PROBE_SQL =
	'CREATE TABLE doorman_health_probe (x TEXT); INSERT INTO doorman_health_probe VALUES (hex(zeroblob(8192)))';

/**
 * Whether a write can get new pages: inserts a value larger than a page inside a transaction that is rolled back, so
 * nothing is kept. Fails with SQLITE_READONLY on a read-only file (which SQLite opens read-only without saying so)
 * and SQLITE_FULL at the page limit; a full disk shows only when a real write commits ({@link storageFault}).
 */
export function probeWrite(db: Database): string | null {
	if (!db.open) return 'the database is closed';
	if (db.readonly) return 'the database was opened read-only';
	// Another write of this connection is mid-transaction: the probe cannot nest, and the write is evidence enough.
	if (db.inTransaction) return null;
	try {
		db.exec('BEGIN IMMEDIATE');
	} catch (error) {
		return problemOf(error);
	}
	try {
		db.exec(PROBE_SQL);
		return null;
	} catch (error) {
		return problemOf(error);
	} finally {
		try {
			db.exec('ROLLBACK');
		} catch {
			// SQLite may already have rolled back after a failed write (SQLITE_FULL); nothing is left to undo.
		}
	}
}

/** `PRAGMA quick_check`: null when the file's structure is intact, else its first findings. */
export function quickCheck(db: Database): string | null {
	try {
		const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
		const findings = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
		return findings.length === 0 ? null : `quick_check: ${findings.join('; ')}`;
	} catch (error) {
		return `quick_check: ${problemOf(error)}`;
	}
}

function problemOf(error: unknown): string {
	const code = storageFaultCode(error);
	if (code !== null) return describeFault(code);
	return error instanceof Error ? error.message : String(error);
}

/**
 * Every reason `db` cannot serve the bot (empty when healthy): a write fault not yet recovered from, a write probe that
 * fails (read-only, page limit), and, when `integrity`, a failing `quick_check` (corrupt pages).
 */
export function databaseProblems(db: Database, options: { integrity: boolean }): string[] {
	const problems: string[] = [];
	const fault = storageFault(db);
	if (fault !== null) problems.push(`last write failed: ${describeFault(fault.code)}`);
	const probe = probeWrite(db);
	if (probe !== null && !problems.some((p) => p.endsWith(probe))) problems.push(probe);
	if (options.integrity) {
		const check = quickCheck(db);
		if (check !== null) problems.push(check);
	}
	return problems;
}

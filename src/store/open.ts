import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultMigrationsDir } from '../paths.js';
import { StoreError } from './errors.js';
import { assertNotFromFuture, fromFuture, type MigrationReport, migrate, readMigrations } from './migrate.js';
import { redactWrites } from './redacting-writes.js';
import { watchStorage } from './storage-health.js';

export type Db = Database.Database;

export interface OpenOptions {
	/** Apply pending migrations (start-up does; `doorman migrate` does it explicitly). */
	migrate?: boolean;
	migrationsDir?: string;
}

export interface OpenedStore {
	readonly db: Db;
	readonly migration: MigrationReport;
}

/**
 * Opens (creating if needed) the SQLite file with WAL, a busy timeout and foreign keys, then migrates.
 * Every failure an operator can fix becomes a StoreError whose message says what to do.
 */
export function openStore(file: string, options: OpenOptions = {}): OpenedStore {
	const dir = path.dirname(file);
	try {
		mkdirSync(dir, { recursive: true });
		accessSync(dir, constants.W_OK);
	} catch (cause) {
		throw new StoreError(
			'DB_UNWRITABLE',
			`cannot write to ${dir}; create it and give the bot's user write access, or set DATABASE_PATH elsewhere`,
			{ cause },
		);
	}
	const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
	refuseFromFuture(file, migrations.length);
	let db: Db;
	try {
		db = new Database(file);
		redactWrites(db);
		watchStorage(db);
		db.pragma('journal_mode = WAL');
		db.pragma('busy_timeout = 5000');
		db.pragma('foreign_keys = ON');
		db.pragma('synchronous = NORMAL');
		// Touch the schema so a file that is not SQLite fails here, not on the first query.
		db.prepare('SELECT count(*) FROM sqlite_master').get();
	} catch (cause) {
		throw new StoreError(
			'DB_CORRUPT',
			`${file} is not a usable SQLite database (${cause instanceof Error ? cause.message : String(cause)}); restore it from a backup or move it away to start fresh`,
			{ cause },
		);
	}
	try {
		const migration = options.migrate === false ? checkVersion(db, migrations.length) : migrate(db, migrations);
		return { db, migration };
	} catch (error) {
		db.close();
		throw error;
	}
}

/** `user_version` as stored in the database header (bytes 60–63, big-endian), or null when `file` is not SQLite. */
function headerUserVersion(file: string): number | null {
	const header = Buffer.alloc(100);
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		// Unreadable: the normal open reports it with what to do.
		return null;
	}
	try {
		if (readSync(fd, header, 0, 100, 0) < 100) return null;
	} finally {
		closeSync(fd);
	}
	return header.toString('latin1', 0, 16) === 'SQLite format 3\0' ? header.readUInt32BE(60) : null;
}

/**
 * Refuses a database from a newer Doorman before anything opens it for writing: switching it to WAL would rewrite its
 * header, and a writable connection may checkpoint its WAL into the file on close. The header is read as bytes; only
 * when a WAL with content exists (it may hold a newer version) is the file opened, read-only. A file that is not SQLite
 * is left to the normal open, which names the problem.
 * @see https://www.sqlite.org/fileformat.html#the_database_header
 */
function refuseFromFuture(file: string, latest: number): void {
	if (!existsSync(file)) return;
	const version = headerUserVersion(file);
	if (version === null) return;
	if (version > latest) throw fromFuture(version, latest);
	const wal = `${file}-wal`;
	if (!existsSync(wal) || statSync(wal).size === 0) return;
	let probe: Db;
	try {
		probe = new Database(file, { readonly: true, fileMustExist: true });
	} catch {
		return;
	}
	try {
		assertNotFromFuture(probe, latest);
	} finally {
		probe.close();
	}
}

/** Without migrating, still refuse a database from a newer Doorman. */
function checkVersion(db: Db, latest: number): MigrationReport {
	const version = assertNotFromFuture(db, latest);
	return { from: version, to: version, applied: [] };
}

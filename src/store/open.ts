import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultMigrationsDir } from '../paths.js';
import { StoreError } from './errors.js';
import { assertNotFromFuture, type MigrationReport, migrate, readMigrations } from './migrate.js';

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
	let db: Db;
	try {
		db = new Database(file);
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
		const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
		const migration = options.migrate === false ? checkVersion(db, migrations.length) : migrate(db, migrations);
		return { db, migration };
	} catch (error) {
		db.close();
		throw error;
	}
}

/** Without migrating, still refuse a database from a newer Doorman. */
function checkVersion(db: Db, latest: number): MigrationReport {
	const version = assertNotFromFuture(db, latest);
	return { from: version, to: version, applied: [] };
}

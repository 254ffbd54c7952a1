import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface Migration {
	readonly version: number;
	readonly name: string;
	readonly sql: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files in numeric order; numbers must start at 1 and be contiguous. */
export function readMigrations(dir: string): Migration[] {
	const files = readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.sort();
	const migrations: Migration[] = [];
	for (const file of files) {
		const m = FILE_PATTERN.exec(file);
		if (!m?.[1] || !m[2]) {
			throw new StoreError('MIGRATIONS_INVALID', `${path.join(dir, file)}: name must look like 0001_what_it_does.sql`);
		}
		const version = Number(m[1]);
		const expected = migrations.length + 1;
		if (version !== expected) {
			throw new StoreError(
				'MIGRATIONS_INVALID',
				`${path.join(dir, file)}: expected migration ${String(expected).padStart(4, '0')}, found ${m[1]}; numbers must be contiguous`,
			);
		}
		migrations.push({ version, name: m[2], sql: readFileSync(path.join(dir, file), 'utf8') });
	}
	return migrations;
}

export interface MigrationReport {
	readonly from: number;
	readonly to: number;
	readonly applied: readonly string[];
}

/**
 * Brings the schema to `target` (default: the newest migration). Each migration and its
 * `PRAGMA user_version` bump run in one transaction, so a failure leaves the previous version intact.
 * A database written by a newer Doorman is refused rather than guessed at.
 */
export function migrate(db: Database, migrations: readonly Migration[], target?: number): MigrationReport {
	const latest = migrations.length;
	const to = target ?? latest;
	const from = assertNotFromFuture(db, latest);
	const applied: string[] = [];
	for (const migration of migrations) {
		if (migration.version <= from || migration.version > to) continue;
		db.transaction(() => {
			db.exec(migration.sql);
			db.pragma(`user_version = ${migration.version}`);
		})();
		applied.push(`${String(migration.version).padStart(4, '0')}_${migration.name}`);
	}
	return { from, to: Math.max(from, to), applied };
}

export function currentVersion(db: Database): number {
	return Number(db.pragma('user_version', { simple: true }));
}

/** Returns the schema version, refusing one newer than this code knows (Signal's DBVersionFromFutureError). */
export function assertNotFromFuture(db: Database, latest: number): number {
	const version = currentVersion(db);
	if (version > latest) throw fromFuture(version, latest);
	return version;
}

/** The error for a database whose schema `version` is newer than the `latest` this code knows. */
export function fromFuture(version: number, latest: number): StoreError {
	return new StoreError(
		'DB_FROM_FUTURE',
		`database schema is version ${version} but this Doorman knows only up to ${latest}; upgrade Doorman or restore a backup made by this version`,
	);
}

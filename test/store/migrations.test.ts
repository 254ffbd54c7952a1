import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../src/paths.js';
import { StoreError } from '../../src/store/errors.js';
import { currentVersion, migrate, readMigrations } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { useTmpDir } from '../support/tmp-dir.js';

const migrations = readMigrations(defaultMigrationsDir());
const tmp = useTmpDir();

function tables(db: Database.Database): string[] {
	return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[])
		.map((r) => r.name)
		.filter((n) => !n.startsWith('sqlite_'));
}

describe('migration files', () => {
	it('are numbered contiguously from 0001', () => {
		expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
	});

	it('refuse a gap in the numbering', () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER) STRICT;');
		writeFileSync(path.join(dir, '0003_c.sql'), 'CREATE TABLE c (x INTEGER) STRICT;');
		expect(() => readMigrations(dir)).toThrow(/expected migration 0002/);
	});
});

describe('0001_init', () => {
	it('creates threads, processed_messages and bot_replies on a fresh file', () => {
		const file = path.join(tmp(), 'fresh.db');
		const { db, migration } = openStore(file);
		expect(migration.from).toBe(0);
		expect(migration.applied[0]).toBe('0001_init');
		expect(tables(db)).toEqual(expect.arrayContaining(['bot_replies', 'processed_messages', 'threads']));
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
		db.close();
	});

	it('enforces the thread state machine values and message uniqueness', () => {
		const db = new Database(path.join(tmp(), 'x.db'));
		db.pragma('foreign_keys = ON');
		migrate(db, migrations, 1);
		db.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, created_at, updated_at) VALUES ('1','2','3','4',0,0)`,
		).run();
		expect(() => db.prepare(`UPDATE threads SET state = 'bogus'`).run()).toThrow(/CHECK/);
		const insertMessage = db.prepare(
			`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES ('9','1','4','reply',0)`,
		);
		insertMessage.run();
		expect(() => insertMessage.run()).toThrow(/UNIQUE/);
		expect(() =>
			db
				.prepare(
					`INSERT INTO processed_messages (message_id, thread_id, author_id, outcome, processed_at) VALUES ('8','nope','4','reply',0)`,
				)
				.run(),
		).toThrow(/FOREIGN KEY/);
		db.close();
	});

	it('is applied once: reopening an up-to-date file applies nothing', () => {
		const file = path.join(tmp(), 'again.db');
		openStore(file).db.close();
		const { db, migration } = openStore(file);
		expect(migration.applied).toEqual([]);
		expect(migration.from).toBe(migrations.length);
		db.close();
	});
});

describe('0006_purge_indexes', () => {
	it('adds the indexes of the purge and the catch-up to a database that has data, which it keeps', () => {
		const db = new Database(path.join(tmp(), 'm7.db'));
		const before = migrations.findIndex((m) => m.name === 'purge_indexes');
		migrate(db, migrations, before);
		db.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, created_at, updated_at) VALUES ('t', 'g', 'f', 'o', 1, 1)`,
		).run();
		db.prepare(
			`INSERT INTO bot_replies (thread_id, in_reply_to, kind, nonce, content, created_at) VALUES ('t', 'm', 'ask', 'n', 'x', 1)`,
		).run();
		migrate(db, migrations, before + 1);
		const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
		expect(indexes).toEqual(
			expect.arrayContaining([
				'bot_replies_by_thread',
				'processed_messages_by_age',
				'bot_replies_by_age',
				'owner_posts_by_age',
				'escalations_by_closed',
				'threads_by_updated',
			]),
		);
		expect(db.prepare('SELECT count(*) FROM bot_replies').pluck().get()).toBe(1);
		db.close();
	});
});

describe('opening a database', () => {
	it('upgrades an older file and keeps its data', () => {
		const file = path.join(tmp(), 'old.db');
		const db = new Database(file);
		migrate(db, migrations, migrations.length - 1);
		db.close();
		const opened = openStore(file);
		expect(currentVersion(opened.db)).toBe(migrations.length);
		opened.db.close();
	});

	it('refuses a database written by a newer version, with a clear message', () => {
		const file = path.join(tmp(), 'future.db');
		const db = new Database(file);
		db.pragma(`user_version = ${migrations.length + 5}`);
		db.close();
		expect(() => openStore(file)).toThrow(StoreError);
		expect(() => openStore(file)).toThrow(/knows only up to .* upgrade Doorman/);
		expect(() => openStore(file, { migrate: false })).toThrow(/upgrade Doorman/);
	});

	it('refuses a file that is not SQLite', () => {
		const file = path.join(tmp(), 'junk.db');
		writeFileSync(file, 'this is not a database, just some text that is long enough to have a header');
		expect(() => openStore(file)).toThrow(/not a usable SQLite database/);
	});

	it('creates a missing data directory', () => {
		const file = path.join(tmp(), 'a', 'b', 'doorman.db');
		openStore(file).db.close();
	});

	it('refuses a data path under a regular file', () => {
		const file = path.join(tmp(), 'plain');
		writeFileSync(file, '');
		expect(() => openStore(path.join(file, 'x.db'))).toThrow(/cannot write to .*DATABASE_PATH/);
	});

	it('rolls back a failing migration and leaves the version unchanged', () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '0001_ok.sql'), 'CREATE TABLE ok (x INTEGER) STRICT;');
		writeFileSync(path.join(dir, '0002_bad.sql'), 'CREATE TABLE half (x INTEGER) STRICT; SELECT * FROM missing_table;');
		const file = path.join(tmp(), 'rollback.db');
		expect(() => openStore(file, { migrationsDir: dir })).toThrow(/missing_table/);
		const db = new Database(file);
		expect(currentVersion(db)).toBe(1);
		expect(tables(db)).toEqual(['ok']);
		db.close();
	});
});

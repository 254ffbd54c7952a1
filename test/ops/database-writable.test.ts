import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isWritable } from '../../src/ops/database-writable.js';
import { useTmpDir } from '../support/tmp-dir.js';

describe('isWritable', () => {
	const tmpDir = useTmpDir();
	const opened: Database.Database[] = [];
	afterEach(() => {
		for (const db of opened.splice(0)) if (db.open) db.close();
	});

	function open(file: string, options: Database.Options = {}): Database.Database {
		const db = new Database(file, options);
		opened.push(db);
		return db;
	}

	function createFile(): string {
		const file = path.join(tmpDir(), 'doorman.db');
		const db = open(file);
		db.pragma('journal_mode = WAL');
		db.exec('CREATE TABLE t (x INTEGER) STRICT');
		return file;
	}

	it('is true for a database opened read-write, and leaves no transaction open', () => {
		const db = open(createFile());
		expect(isWritable(db)).toBe(true);
		expect(db.inTransaction).toBe(false);
		db.prepare('INSERT INTO t (x) VALUES (1)').run();
		expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
	});

	it('is false for a database opened read-only', () => {
		const db = open(createFile(), { readonly: true });
		expect(isWritable(db)).toBe(false);
	});

	it('is false when another connection holds the write lock', () => {
		const file = createFile();
		const holder = open(file);
		const probe = open(file, { timeout: 0 });
		holder.exec('BEGIN IMMEDIATE');
		expect(isWritable(probe)).toBe(false);
		holder.exec('ROLLBACK');
		expect(isWritable(probe)).toBe(true);
	});

	it('is false for a closed database', () => {
		const db = open(createFile());
		db.close();
		expect(isWritable(db)).toBe(false);
	});
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	chmodSync,
	closeSync,
	existsSync,
	openSync,
	readdirSync,
	readFileSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backup } from '../../src/cli/commands/data.js';
import { command as health } from '../../src/cli/commands/health.js';
import { command as migrate } from '../../src/cli/commands/migrate.js';
import { defaultMigrationsDir } from '../../src/paths.js';
import { readMigrations } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();
const LATEST = readMigrations(defaultMigrationsDir()).length;

/** Files made read-only by a test, made writable again so the temporary directory can be removed. */
const locked: string[] = [];
afterEach(() => {
	for (const file of locked.splice(0)) {
		if (process.getuid?.() === 0) execFileSync('chattr', ['-i', file]);
		else chmodSync(file, 0o644);
	}
});

/**
 * Makes `file` read-only for this process. Root ignores file modes, so as root the file is made immutable instead
 * (ext4 and most Linux file systems); SQLite then opens it read-only, as it does a 0444 file for any other user.
 */
function makeReadOnly(file: string): void {
	if (process.getuid?.() === 0) execFileSync('chattr', ['+i', file]);
	else chmodSync(file, 0o444);
	locked.push(file);
}

/** A migrated database with a little data, closed (its WAL checkpointed into the file). */
async function migrated(): Promise<{ dir: string; file: string }> {
	const dir = tmp();
	const file = path.join(dir, 'data', 'doorman.db');
	writeFileSync(path.join(dir, '.env'), `DATABASE_PATH=${file}\n`);
	expect(await migrate.run([], captureIo(dir))).toBe(0);
	const { db } = openStore(file);
	const insert = db.prepare(
		`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, title, created_at, updated_at) VALUES (?, '1', '2', '3', ?, 0, 0)`,
	);
	for (let i = 0; i < 200; i++) insert.run(String(1000 + i), `thread ${i} ${'x'.repeat(200)}`);
	db.close();
	return { dir, file };
}

/** Overwrites the root page of `table` with garbage, as a failing disk would. */
function corruptTable(file: string, table: string): void {
	const db = new Database(file);
	const root = Number(db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(table));
	const pageSize = Number(db.pragma('page_size', { simple: true }));
	db.close();
	const fd = openSync(file, 'r+');
	writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
	closeSync(fd);
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('doorman health', () => {
	it('is healthy for a current, writable, intact database', async () => {
		const { dir } = await migrated();
		const io = captureIo(dir);
		expect(await health.run([], io)).toBe(0);
		expect(io.out()).toBe('healthy\n');
	});

	it('fails for a read-only database file', async () => {
		const { dir, file } = await migrated();
		makeReadOnly(file);
		const io = captureIo(dir);
		expect(await health.run([], io)).toBe(1);
		expect(io.err()).toMatch(/^unhealthy: .*read-only/);
	});

	it('fails for a database with corrupt pages (quick_check)', async () => {
		const { dir, file } = await migrated();
		corruptTable(file, 'threads');
		const io = captureIo(dir);
		expect(await health.run([], io)).toBe(1);
		expect(io.err()).toMatch(/^unhealthy: database: quick_check/);
	});
});

describe('doorman backup', () => {
	it('writes a copy and says it verified it', async () => {
		const { dir, file } = await migrated();
		const io = captureIo(dir);
		expect(await backup.run(['copy.db'], io)).toBe(0);
		expect(io.out()).toMatch(/verified with quick_check/);
		const copy = new Database(path.join(dir, 'copy.db'), { readonly: true });
		expect(copy.prepare('SELECT count(*) FROM threads').pluck().get()).toBe(200);
		copy.close();
		expect(existsSync(file)).toBe(true);
	});

	it('refuses to report success for a corrupt source, and leaves no copy behind', async () => {
		const { dir, file } = await migrated();
		corruptTable(file, 'threads');
		const io = captureIo(dir);
		expect(await backup.run(['copy.db'], io)).toBe(1);
		expect(io.err()).toMatch(/^doorman backup: .*(quick_check|damaged)/);
		expect(io.out()).toBe('');
		expect(existsSync(path.join(dir, 'copy.db'))).toBe(false);
	});
});

describe('a database from a newer Doorman', () => {
	for (const journal of ['delete', 'wal'] as const) {
		it(`is refused by start-up, migrate, health and backup without a byte of it changing (${journal} journal)`, async () => {
			const dir = tmp();
			const file = path.join(dir, 'doorman.db');
			writeFileSync(path.join(dir, '.env'), `DATABASE_PATH=${file}\n`);
			const raw = new Database(file);
			raw.pragma(`journal_mode = ${journal}`);
			raw.exec('CREATE TABLE from_the_future (x TEXT)');
			raw.prepare('INSERT INTO from_the_future VALUES (?)').run('kept');
			raw.pragma(`user_version = ${LATEST + 3}`);
			raw.close();
			const before = sha256(file);
			const files = readdirSync(dir).sort();
			expect(() => openStore(file)).toThrow(/schema is version \d+ but this Doorman knows only up to/);
			await expect(migrate.run([], captureIo(dir))).rejects.toThrow(/knows only up to/);
			const checked = captureIo(dir);
			expect(await health.run([], checked)).toBe(1);
			expect(checked.err()).toMatch(/knows only up to/);
			const copied = captureIo(dir);
			expect(await backup.run(['copy.db'], copied)).toBe(1);
			expect(sha256(file)).toBe(before);
			expect(readdirSync(dir).sort()).toEqual(files);
			const after = new Database(file, { readonly: true });
			expect(after.pragma('user_version', { simple: true })).toBe(LATEST + 3);
			expect(after.pragma('journal_mode', { simple: true })).toBe(journal);
			after.close();
		});
	}
});

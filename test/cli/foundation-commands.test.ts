import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { command as health } from '../../src/cli/commands/health.js';
import { command as migrate } from '../../src/cli/commands/migrate.js';
import { COMMANDS } from '../../src/cli/registry.js';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIo } from '../support/capture-io.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

describe('doorman migrate', () => {
	it('applies the migrations and reports the version, then has nothing to do', async () => {
		const dir = tmp();
		const io = captureIo(dir);
		expect(await migrate.run(['--db', 'x/doorman.db'], io)).toBe(0);
		expect(io.out()).toMatch(/schema version \d+ \(was 0\); applied 0001_init/);
		const again = captureIo(dir);
		expect(await migrate.run(['--db', 'x/doorman.db'], again)).toBe(0);
		expect(again.out()).toMatch(/nothing to apply/);
	});

	it('rejects unknown flags with usage', async () => {
		const io = captureIo(tmp());
		expect(await migrate.run(['--bogus'], io)).toBe(2);
		expect(io.err()).toMatch(/usage: doorman migrate/);
	});

	it('reports configuration problems from .env', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '.env'), 'LOG_LEVEL=shouty\n');
		const io = captureIo(dir);
		expect(await migrate.run([], io)).toBe(1);
		expect(io.err()).toMatch(/LOG_LEVEL: .* one of fatal/);
	});
});

describe('doorman health', () => {
	it('is unhealthy before migration and healthy after', async () => {
		const dir = tmp();
		writeFileSync(path.join(dir, '.env'), 'DATABASE_PATH=db/d.db\n');
		const before = captureIo(dir);
		expect(await health.run([], before)).toBe(1);
		expect(before.err()).toMatch(/run doorman migrate/);
		await migrate.run([], captureIo(dir));
		const after = captureIo(dir);
		expect(await health.run([], after)).toBe(0);
		expect(after.out()).toBe('healthy\n');
	});
});

describe('the command line', () => {
	it('prints one line (no stack) for an operator error, and the stack with debug', async () => {
		const dir = tmp();
		const file = path.join(dir, 'future.db');
		const db = new Database(file);
		db.pragma('user_version = 999');
		db.close();
		const io = captureIo(dir);
		expect(await runCli(['migrate', '--db', file], COMMANDS, io, false)).toBe(1);
		expect(io.err().trim().split('\n')).toHaveLength(1);
		expect(io.err()).toMatch(/^doorman: database schema is version 999 .* \[DB_FROM_FUTURE\]/);
		const debug = captureIo(dir);
		await runCli(['migrate', '--db', file], COMMANDS, debug, true);
		expect(debug.err()).toMatch(/at /);
	});

	it('explains unknown commands and lists the known ones', async () => {
		const io = captureIo(tmp());
		expect(await runCli(['frobnicate'], COMMANDS, io, false)).toBe(2);
		expect(io.err()).toMatch(/unknown command 'frobnicate'[\s\S]*doorman migrate/);
	});
});

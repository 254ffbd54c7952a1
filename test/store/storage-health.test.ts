import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseHealth } from '../../src/ops/database-writable.js';
import { describeFault, storageFaultCode } from '../../src/storage-fault.js';
import { openStore } from '../../src/store/open.js';
import { databaseProblems, probeWrite, storageFault } from '../../src/store/storage-health.js';
import { useTmpDir } from '../support/tmp-dir.js';

const tmp = useTmpDir();

const fill = (db: ReturnType<typeof openStore>['db'], i: number) =>
	db
		.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, title, created_at, updated_at) VALUES (?, '1', '2', '3', ?, 0, 0)`,
		)
		.run(String(i), 'x'.repeat(5000));

describe('storage faults', () => {
	it('names SQLite codes that mean the file cannot be written, through wrapping errors', () => {
		expect(storageFaultCode({ code: 'SQLITE_FULL' })).toBe('SQLITE_FULL');
		expect(storageFaultCode({ code: 'SQLITE_IOERR_WRITE' })).toBe('SQLITE_IOERR_WRITE');
		expect(storageFaultCode(new Error('wrapped', { cause: { code: 'SQLITE_READONLY' } }))).toBe('SQLITE_READONLY');
		expect(storageFaultCode({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBeNull();
		expect(storageFaultCode({ code: 'SQLITE_FULLY' })).toBeNull();
		expect(storageFaultCode(null)).toBeNull();
		expect(describeFault('SQLITE_FULL')).toMatch(/full; free space/);
		expect(describeFault('SQLITE_CORRUPT_INDEX')).toMatch(/damaged/);
	});

	it('at the page limit: the probe fails, a failed write is remembered until a write commits', () => {
		const { db } = openStore(path.join(tmp(), 'doorman.db'));
		expect(probeWrite(db)).toBeNull();
		db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
		expect(probeWrite(db)).toMatch(/SQLITE_FULL/);
		expect(db.inTransaction).toBe(false);
		// The probe reports; only a real write's failure is remembered.
		expect(storageFault(db)).toBeNull();
		expect(() => fill(db, 1)).toThrow(/full/);
		expect(storageFault(db)?.code).toBe('SQLITE_FULL');
		expect(databaseProblems(db, { integrity: true })).toEqual([
			expect.stringMatching(/^last write failed: SQLITE_FULL/),
		]);
		db.pragma('max_page_count = 1073741823');
		// A write inside a transaction counts once the transaction commits.
		db.transaction(() => fill(db, 2))();
		expect(storageFault(db)).toBeNull();
		expect(databaseProblems(db, { integrity: true })).toEqual([]);
		db.close();
	});

	it('the live check runs quick_check on its first call and then at most once per interval', () => {
		const { db } = openStore(path.join(tmp(), 'doorman.db'));
		let now = 0;
		let checks = 0;
		const pragma = db.pragma.bind(db);
		db.pragma = ((source: string, options?: { simple?: boolean }) => {
			if (source.startsWith('quick_check')) checks += 1;
			return pragma(source, options);
		}) as typeof db.pragma;
		const check = databaseHealth(db, () => now, 60_000);
		expect(check()).toEqual([]);
		now = 59_999;
		expect(check()).toEqual([]);
		expect(checks).toBe(1);
		now = 60_000;
		check();
		expect(checks).toBe(2);
		db.close();
	});
});

import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../src/paths.js';
import { answerPathLog, modelCache, tokenLedger, utcDay } from '../../src/store/llm-cache.js';
import { currentVersion, migrate, readMigrations } from '../../src/store/migrate.js';
import { openStore } from '../../src/store/open.js';
import { useTmpDir } from '../support/tmp-dir.js';
import { NOW } from './fixtures.js';

const migrations = readMigrations(defaultMigrationsDir());
const tmp = useTmpDir();
const DAY = 24 * 60 * 60 * 1000;

function tables(db: Database.Database): string[] {
	return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[])
		.map((r) => r.name)
		.filter((n) => !n.startsWith('sqlite_'));
}

describe('0003_llm', () => {
	it('adds the LLM tables to a version-2 database and keeps its data', () => {
		const db = new Database(path.join(tmp(), 'v2.db'));
		db.pragma('foreign_keys = ON');
		migrate(db, migrations, 2);
		db.prepare(
			`INSERT INTO threads (thread_id, guild_id, forum_id, owner_id, created_at, updated_at) VALUES ('1','2','3','4',0,0)`,
		).run();
		expect(tables(db)).not.toContain('llm_paths');

		const report = migrate(db, migrations, 3);
		expect(report.applied).toEqual(['0003_llm']);
		expect(currentVersion(db)).toBe(3);
		expect(tables(db)).toEqual(expect.arrayContaining(['llm_models_cache', 'llm_paths', 'llm_token_usage']));
		expect(db.prepare('SELECT count(*) AS n FROM threads').get()).toEqual({ n: 1 });
		for (const table of ['llm_models_cache', 'llm_paths', 'llm_token_usage'])
			expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = ?`).get(table)).toEqual({ strict: 1 });
		db.close();
	});

	it('enforces paths, day format, non-negative tokens and one row per model id', () => {
		const db = new Database(path.join(tmp(), 'x.db'));
		migrate(db, migrations, 3);
		expect(() => db.prepare(`INSERT INTO llm_paths VALUES ('1', 'guess', 0)`).run()).toThrow(/CHECK/);
		db.prepare(`INSERT INTO llm_paths VALUES ('1', 'llm-phrased', 0)`).run();
		expect(() => db.prepare(`INSERT INTO llm_paths VALUES ('1', 'kb', 0)`).run()).toThrow(/UNIQUE/);
		expect(() => db.prepare(`INSERT INTO llm_token_usage VALUES ('yesterday', 1)`).run()).toThrow(/CHECK/);
		expect(() => db.prepare(`INSERT INTO llm_token_usage VALUES ('2025-01-15', -1)`).run()).toThrow(/CHECK/);
		expect(() => db.prepare(`INSERT INTO llm_token_usage VALUES ('2025-01-15', '12')`).run()).not.toThrow();
		expect(() => db.prepare(`INSERT INTO llm_token_usage VALUES ('2025-01-16', 'many')`).run()).toThrow(
			/cannot store TEXT value in INTEGER column/,
		);
		const insert = db.prepare(`INSERT INTO llm_models_cache VALUES ('http://x/v1', 'gpt-4o', 0)`);
		insert.run();
		expect(() => insert.run()).toThrow(/UNIQUE/);
		db.close();
	});
});

describe('LLM repositories', () => {
	const open = () => openStore(path.join(tmp(), 'doorman.db')).db;

	it('token ledger adds up per UTC day and survives reopening', () => {
		const file = path.join(tmp(), 'ledger.db');
		const db = openStore(file).db;
		const ledger = tokenLedger(db);
		expect(ledger.usedToday(NOW)).toBe(0);
		ledger.add(NOW, 120);
		ledger.add(NOW + 1000, 30.4);
		ledger.add(NOW, -5);
		expect(ledger.usedToday(NOW)).toBe(150);
		expect(ledger.usedToday(NOW + DAY)).toBe(0);
		expect(utcDay(Date.UTC(2025, 0, 15, 23, 59, 59))).toBe('2025-01-15');
		db.close();
		const again = openStore(file).db;
		expect(tokenLedger(again).usedToday(NOW)).toBe(150);
		again.close();
	});

	it('model cache replaces a base URL’s list and expires it at the TTL', () => {
		const db = open();
		const cache = modelCache(db);
		expect(cache.get('http://a/v1', NOW, 1000)).toBeNull();
		cache.put('http://a/v1', ['b', 'a'], NOW);
		cache.put('http://other/v1', ['z'], NOW);
		expect(cache.get('http://a/v1', NOW + 999, 1000)).toEqual(['a', 'b']);
		expect(cache.get('http://a/v1', NOW + 1000, 1000)).toBeNull();
		cache.put('http://a/v1', ['c'], NOW + 5000);
		expect(cache.get('http://a/v1', NOW + 5000, 1000)).toEqual(['c']);
		expect(cache.get('http://other/v1', NOW, 1000)).toEqual(['z']);
		db.close();
	});

	it('answer path log keeps one path per message and counts every path', () => {
		const db = open();
		const log = answerPathLog(db);
		expect(log.counts()).toEqual({ kb: 0, 'llm-phrased': 0, 'llm-assisted': 0 });
		log.record('m1', 'kb', NOW - DAY);
		log.record('m2', 'llm-phrased', NOW);
		log.record('m3', 'llm-phrased', NOW);
		log.record('m3', 'llm-assisted', NOW + 1);
		expect(log.counts()).toEqual({ kb: 1, 'llm-phrased': 1, 'llm-assisted': 1 });
		expect(log.counts(NOW)).toEqual({ kb: 0, 'llm-phrased': 1, 'llm-assisted': 1 });
		db.close();
	});
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { useTmpDir } from '../support/tmp-dir.js';

/**
 * Every SQL statement the bot and the command line run (read from the sources, so a new one is checked without
 * being listed here) is planned with EXPLAIN QUERY PLAN against the migrated schema; a full scan of a table that grows
 * with the forum fails. Every foreign key needs an index led by its column, or a cascade from the parent (the
 * retention purge deleting threads) scans the child table once per deleted row.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SQL_FOLDERS = ['src/store', 'src/ops', 'src/cli'];
const GROWING = new Set([
	'threads',
	'processed_messages',
	'bot_replies',
	'escalations',
	'escalation_audit',
	'owner_posts',
	'llm_paths',
	'community_cases',
	'answer_log',
	'feedback_log',
]);

/**
 * Statements that read a growing table whole on purpose, and why that is bounded. Each must still be in the sources
 * (the test fails on a stale entry).
 */
const WHOLE_TABLE_ON_PURPOSE: Readonly<Record<string, string>> = {
	'SELECT * FROM escalations ORDER BY id DESC LIMIT ? OFFSET ?':
		"a page of the moderators' queue: walks the rowid from the newest and stops after OFFSET + LIMIT rows",
	'SELECT count(*) AS n FROM escalations':
		'the page count of `/escalations list`, on request only, over a table the purge keeps to RETENTION_DAYS',
};

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
		const full = path.join(dir, d.name);
		return d.isDirectory() ? tsFiles(full) : d.name.endsWith('.ts') ? [full] : [];
	});
}

const STATEMENT = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\s/;

/** The SQL string literals of the sources, with where each is. */
function statements(): { where: string; sql: string }[] {
	const found: { where: string; sql: string }[] = [];
	for (const file of SQL_FOLDERS.flatMap((f) => tsFiles(path.join(ROOT, f)))) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
		const visit = (node: ts.Node): void => {
			if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && STATEMENT.test(node.text)) {
				const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
				found.push({ where: `${path.relative(ROOT, file)}:${line}`, sql: node.text });
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

/** Null for every parameter, named (`@x`, `:x`, `$x`) or positional. */
function nullParameters(sql: string): unknown[] {
	const withoutStrings = sql.replace(/'[^']*'/g, "''");
	const named = [...withoutStrings.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1] ?? '');
	if (named.length > 0) return [Object.fromEntries(named.map((n) => [n, null]))];
	return Array.from({ length: (withoutStrings.match(/\?/g) ?? []).length }, () => null);
}

const tmp = useTmpDir();
let close = () => {};
afterAll(() => close());

function migratedDb() {
	const { db } = openStore(path.join(tmp(), 'plans.db'));
	close = () => db.close();
	return db;
}

describe('query plans', () => {
	it('finds the statements of the store, the retention purge and the health check', () => {
		const all = statements();
		expect(all.length).toBeGreaterThan(40);
		expect(all.some((s) => s.where.startsWith('src/store/retention.ts'))).toBe(true);
		expect(all.some((s) => /^\s*DELETE FROM threads/.test(s.sql))).toBe(true);
	});

	it('scans no growing table whole', () => {
		const db = migratedDb();
		const scans: string[] = [];
		const onPurpose = new Set<string>();
		for (const { where, sql } of statements()) {
			const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...nullParameters(sql)) as { detail: string }[];
			for (const { detail } of plan) {
				const table = /^SCAN (\w+)/.exec(detail)?.[1];
				if (table === undefined || !GROWING.has(table)) continue;
				const oneLine = sql.replace(/\s+/g, ' ').trim();
				if (WHOLE_TABLE_ON_PURPOSE[oneLine] !== undefined) onPurpose.add(oneLine);
				else scans.push(`${where}: ${detail} in: ${oneLine}`);
			}
		}
		expect(scans).toEqual([]);
		expect(Object.keys(WHOLE_TABLE_ON_PURPOSE).filter((sql) => !onPurpose.has(sql))).toEqual([]);
	});

	it('has an index led by the column of every foreign key', () => {
		const db = migratedDb();
		const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
		const missing: string[] = [];
		for (const table of tables) {
			const keys = db.prepare(`SELECT "from" AS col, "table" AS parent FROM pragma_foreign_key_list(?)`).all(table) as {
				col: string;
				parent: string;
			}[];
			const leading = new Set(
				(db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(table) as string[]).map(
					(index) => db.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').pluck().get(index) as string,
				),
			);
			for (const { col, parent } of keys)
				if (!leading.has(col)) missing.push(`${table}.${col} → ${parent}: no index starts with ${col}`);
		}
		expect(missing).toEqual([]);
	});
});

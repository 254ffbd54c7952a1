import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/paths.js';
import { unicode61TablesSource } from './unicode61-tables-source.js';

/**
 * Writes src/kb/unicode61-tables.ts from the sqlite3.c better-sqlite3 vendors: run it (`node
 * dist-bench/bench/gen-unicode61.js`) when better-sqlite3 brings a new SQLite; test/unit/bm25-index.test.ts fails
 * until then.
 */
const root = packageRoot();
const sqliteC = readFileSync(path.join(root, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c'), 'utf8');
writeFileSync(path.join(root, 'src/kb/unicode61-tables.ts'), unicode61TablesSource(sqliteC));

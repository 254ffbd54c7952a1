import Database from 'better-sqlite3';
import type { KbEntry } from '../src/kb/entry-schema.js';
import { entryDocument, type TextHit, type TextIndex } from '../src/kb/text-index.js';

/** Column weights for bm25(): title and examples say more about an entry than its prose. */
const BM25_WEIGHTS = [0, 2, 1, 2] as const;

/**
 * A `TextIndex` over an in-memory SQLite FTS5 table, ranked with BM25: the index the bot used before
 * src/kb/bm25-index.ts, which reproduces it exactly; kept as the reference the tests and bench/bm25-compare.ts check
 * that one against. Call `close()` when done.
 */
export function createFtsIndex(entries: readonly KbEntry[]): TextIndex {
	const db = new Database(':memory:');
	db.exec(
		"CREATE VIRTUAL TABLE kb USING fts5(entry_id UNINDEXED, title, body, examples, tokenize = 'porter unicode61 remove_diacritics 2')",
	);
	const insert = db.prepare('INSERT INTO kb (entry_id, title, body, examples) VALUES (?, ?, ?, ?)');
	db.transaction(() => {
		for (const entry of entries) {
			const doc = entryDocument(entry);
			insert.run(entry.id, doc.title, doc.body, doc.examples);
		}
	})();
	const query = db.prepare<[string, number], { entry_id: string; rank: number }>(
		`SELECT entry_id, bm25(kb, ${BM25_WEIGHTS.join(', ')}) AS rank FROM kb WHERE kb MATCH ? ORDER BY rank LIMIT ?`,
	);
	return {
		search(terms: readonly string[], limit: number): TextHit[] {
			const safe = terms.map((t) => t.replace(/"/g, '')).filter((t) => t.length > 0);
			if (safe.length === 0) return [];
			const match = safe.map((t) => `"${t}"`).join(' OR ');
			// bm25() is lower-is-better and negative; flip it so higher = more relevant.
			return query.all(match, limit).map((row) => ({ entryId: row.entry_id, score: -row.rank }));
		},
		close() {
			db.close();
		},
	};
}

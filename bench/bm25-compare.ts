import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEvalCases } from '../src/eval/dataset.js';
import { createBm25Index } from '../src/kb/bm25-index.js';
import { caseText } from '../src/kb/case-schema.js';
import { loadKbFolder } from '../src/kb/load.js';
import { queryTerms } from '../src/kb/text-index.js';
import { defaultKbDir, packageRoot } from '../src/paths.js';
import { createFtsIndex } from './fts-index.js';
import { realStyleEntries } from './real-style.js';

/**
 * Checks that the in-memory BM25 index ranks exactly as SQLite FTS5 on every real post (case texts and dev
 * reports): same hits, same order, scores equal to the last bit, for the top 20 and for every hit.
 * `node dist-bench/bench/bm25-compare.js [entries]` uses a real-style KB of that size instead of the shipped one.
 */
const [entriesArg] = process.argv.slice(2);
const folder = loadKbFolder(defaultKbDir());
const entries = entriesArg === undefined ? folder.entries : realStyleEntries(folder.entries, Number(entriesArg));
const fts = createFtsIndex(entries);
const bm25 = createBm25Index(entries);
const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
const texts = [
	...readdirSync(evalDir)
		.filter((n) => n.endsWith('.jsonl'))
		.sort()
		.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases)
		.map((c) => c.report),
	...folder.cases.map(caseText),
];
let differing = 0;
let queries = 0;
for (const text of texts) {
	for (const terms of [queryTerms(text), queryTerms(text, 400)]) {
		for (const limit of [20, 100000]) {
			queries += 1;
			const a = JSON.stringify(fts.search(terms, limit));
			const b = JSON.stringify(bm25.search(terms, limit));
			if (a !== b) {
				differing += 1;
				if (differing <= 5) console.log(JSON.stringify({ terms, limit, fts: a.slice(0, 600), bm25: b.slice(0, 600) }));
			}
		}
	}
}
console.log(`${queries} queries over ${entries.length} entries: ${differing} differ`);
process.exitCode = differing === 0 ? 0 : 1;

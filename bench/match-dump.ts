import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEvalCases } from '../src/eval/dataset.js';
import { createBm25Index } from '../src/kb/bm25-index.js';
import { buildCaseIndex } from '../src/kb/case-index.js';
import { caseText } from '../src/kb/case-schema.js';
import { loadKbFolder, openKb } from '../src/kb/load.js';
import { compileKb, matchKb, withParts } from '../src/kb/match.js';
import { defaultKbDir, packageRoot } from '../src/paths.js';
import { triagePost } from '../src/triage/index.js';
import { realStyleCases, realStyleEntries } from './real-style.js';

/**
 * Prints every field of `matchKb`'s result (ranked causes, scores, confidences, fired signals, neighbours, reason)
 * for every real post (case texts and dev reports), one JSON line each: run it before and after a change to the
 * matcher and diff the outputs. `node dist-bench/bench/match-dump.js [entries cases]` matches against a real-style KB
 * of that size instead of the shipped one.
 */
const [entriesArg, casesArg] = process.argv.slice(2);
const dir = defaultKbDir();
const open = openKb(dir);
let kb = open.kb;
let index = open.index;
if (entriesArg !== undefined) {
	const folder = loadKbFolder(dir);
	const entries = realStyleEntries(folder.entries, Number(entriesArg));
	index = createBm25Index(entries);
	kb = compileKb(entries, {
		concepts: open.kb.concepts,
		cases: buildCaseIndex(realStyleCases(folder.cases, Number(casesArg ?? 0))),
		calibration: open.kb.calibration,
	});
}
const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
const dev = readdirSync(evalDir)
	.filter((n) => n.endsWith('.jsonl'))
	.sort()
	.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases)
	.map((c) => ({ id: c.id, body: c.report }));
const cases = open.cases.map((c) => ({ id: c.id, body: caseText(c) }));
for (const post of [...cases, ...dev]) {
	const triage = triagePost({ title: '', body: post.body, attachments: [] });
	const result = matchKb(triage, kb, index);
	const noCases = matchKb(triage, withParts(kb, { cases: null }), index, { threshold: 0.6 });
	console.log(JSON.stringify({ id: post.id, result, noCases: noCases.ranked }));
}
open.close();

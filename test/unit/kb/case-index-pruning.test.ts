import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realStyleCases } from '../../../bench/real-style.js';
import { parseEvalCases } from '../../../src/eval/dataset.js';
import { buildCaseIndex } from '../../../src/kb/case-index.js';
import { caseGroup, caseText, type KbCase } from '../../../src/kb/case-schema.js';
import { buildEvidence } from '../../../src/kb/evidence.js';
import { loadKbFolder } from '../../../src/kb/load.js';
import { defaultKbDir, packageRoot } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';

/** The matcher's neighbour count and similarity floor (src/kb/match.ts). */
const K = 8;
const FLOOR = 0.12;

/** Every real post as the matcher reads it (evidence text), with the case group a cross-validation fold leaves out. */
function realPosts(cases: readonly KbCase[]): { text: string; group: string | undefined }[] {
	const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
	const dev = readdirSync(evalDir)
		.filter((n) => n.endsWith('.jsonl'))
		.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases.map((c) => c.report));
	const text = (body: string) => buildEvidence(triagePost({ title: '', body, attachments: [] })).text;
	return [
		...cases.map((c) => ({ text: text(caseText(c)), group: caseGroup(c.source) })),
		...dev.map((body) => ({ text: text(body), group: undefined })),
	];
}

describe('case index pruning', () => {
	const folder = loadKbFolder(defaultKbDir());
	const posts = realPosts(folder.cases);

	it('returns exactly what the scan returns, for every real post, with and without its own group left out', {
		timeout: 120_000,
	}, () => {
		for (const cases of [folder.cases, realStyleCases(folder.cases, 3_000)]) {
			const pruned = buildCaseIndex(cases);
			const scan = buildCaseIndex(cases, { exhaustive: true });
			for (const { text, group } of posts) {
				expect(pruned.neighbours(text, K, FLOOR)).toEqual(scan.neighbours(text, K, FLOOR));
				expect(pruned.neighbours(text, K, FLOOR, group)).toEqual(scan.neighbours(text, K, FLOOR, group));
			}
		}
	});

	it('scores every case the scan finds above the floor among the best k, and every one above it when k is all', {
		timeout: 120_000,
	}, () => {
		const cases = realStyleCases(folder.cases, 3_000);
		let scored: readonly string[] = [];
		let scanned: readonly string[] = [];
		const pruned = buildCaseIndex(cases, { onScored: (ids) => (scored = ids) });
		const scan = buildCaseIndex(cases, { exhaustive: true, onScored: (ids) => (scanned = ids) });
		let prunedTotal = 0;
		let scanTotal = 0;
		for (const { text } of posts) {
			for (const k of [K, cases.length]) {
				scored = [];
				pruned.neighbours(text, k, FLOOR);
				const candidates = new Set(scored);
				const above = scan.neighbours(text, k, FLOOR).map((nb) => nb.id);
				expect(above.filter((id) => !candidates.has(id))).toEqual([]);
				if (k === K) {
					prunedTotal += candidates.size;
					scanTotal += scanned.length;
				}
			}
		}
		// The pruning is real: most cases the scan adds up are never scored.
		expect(prunedTotal).toBeLessThan(scanTotal / 3);
	});
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realStyleEntries } from '../../../bench/real-style.js';
import { parseEvalCases } from '../../../src/eval/dataset.js';
import { createBm25Index } from '../../../src/kb/bm25-index.js';
import { buildCaseIndex } from '../../../src/kb/case-index.js';
import { caseText } from '../../../src/kb/case-schema.js';
import { compileConcepts } from '../../../src/kb/concepts.js';
import { loadKbFolder, openKb } from '../../../src/kb/load.js';
import { compileKb, matchKb } from '../../../src/kb/match.js';
import { WARM_UP_PASTE_CHARS, warmUp, warmUpPosts } from '../../../src/kb/warm-up.js';
import { defaultKbDir, packageRoot } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';

const folder = loadKbFolder(defaultKbDir());

/** The shipped KB as `openKb` compiles it, built afresh (nothing warmed, nothing shared with another build). */
function freshKb() {
	const index = createBm25Index(folder.entries);
	const kb = compileKb(folder.entries, {
		concepts: compileConcepts(folder.concepts),
		cases: buildCaseIndex(folder.cases),
		calibration: folder.calibration,
	});
	return { kb, index };
}

describe('the warm-up at KB load', () => {
	it("makes its posts from the KB's own examples: one per entry, then one long paste of them", () => {
		const posts = warmUpPosts(folder.entries);
		expect(posts).toHaveLength(folder.entries.length + 1);
		expect(posts[0]?.body).toBe(folder.entries[0]?.examples.join('\n'));
		const paste = posts.at(-1)?.body ?? '';
		expect(paste.length).toBeGreaterThan(32 * 1024);
		expect(paste.length).toBeLessThanOrEqual(WARM_UP_PASTE_CHARS);
		expect(warmUpPosts(folder.entries)).toEqual(posts);
	});

	it('samples a large KB evenly, at most the bound of posts', () => {
		const large = realStyleEntries(folder.entries, 3000);
		const posts = warmUpPosts(large, 100);
		expect(posts).toHaveLength(101);
		expect(posts[0]?.title).toBe(large[0]?.title);
		expect(posts[1]?.title).toBe(large[30]?.title);
		expect(warmUpPosts([], 100)).toEqual([]);
	});

	it('changes no result: every real post matches the same on a warmed KB as on a cold one', {
		timeout: 120_000,
	}, () => {
		const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
		const dev = readdirSync(evalDir)
			.filter((n) => n.endsWith('.jsonl'))
			.sort()
			.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases.map((c) => c.report));
		const posts = [...dev, ...folder.cases.slice(0, 300).map(caseText)].map((body) => ({
			title: '',
			body,
			attachments: [],
		}));
		const cold = freshKb();
		const warmed = freshKb();
		warmUp(warmed.kb, warmed.index);
		for (const post of posts) {
			const triage = triagePost(post);
			expect(matchKb(triage, warmed.kb, warmed.index)).toEqual(matchKb(triage, cold.kb, cold.index));
		}
	});

	it('stops when its time is up, asked before each post', () => {
		const { kb, index } = freshKb();
		let asked = 0;
		expect(warmUp(kb, index, { timeUp: () => ++asked > 3 })).toBe(3);
		expect(asked).toBe(4);
		expect(warmUp(kb, index, { maxPosts: 5 })).toBe(6);
	});

	it('runs when openKb is asked to, and openKb gives the same KB either way', () => {
		const warmed = openKb(defaultKbDir(), () => folder, { warmUp: true });
		const cold = openKb(defaultKbDir(), () => folder);
		const post = { title: '', body: dev429(), attachments: [] };
		expect(matchKb(triagePost(post), warmed.kb, warmed.index)).toEqual(matchKb(triagePost(post), cold.kb, cold.index));
		warmed.close();
		cold.close();
	});
});

const dev429 = (): string =>
	'openai.RateLimitError: Error code: 429 - {"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}';

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realStyleEntries } from '../../../bench/real-style.js';
import { parseEvalCases } from '../../../src/eval/dataset.js';
import { NeedleScanner } from '../../../src/kb/candidates.js';
import { caseText } from '../../../src/kb/case-schema.js';
import { compileConcepts } from '../../../src/kb/concepts.js';
import type { KbEntry } from '../../../src/kb/entry-schema.js';
import { buildEvidence, type Evidence } from '../../../src/kb/evidence.js';
import { loadKbFolder } from '../../../src/kb/load.js';
import { type CompiledKb, compileKb } from '../../../src/kb/match.js';
import { compilePattern } from '../../../src/kb/normalise.js';
import { defaultKbDir, packageRoot } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';
import { propertyRuns } from '../../support/fast-check-setup.js';

describe('NeedleScanner', () => {
	it('finds exactly the needles that occur: short, overlapping, at either end, sharing grams', () => {
		const needles = ['ab', 'quota', 'insufficient_quota', 'quota exceeded', 'xyz', 'q', 'ota', 'not here'];
		const scanner = new NeedleScanner(needles);
		const text = 'insufficient_quota: quota exceeded ab';
		const found = scanner.find(text).map((id) => needles[id]);
		expect(found.sort()).toEqual(needles.filter((n) => text.includes(n)).sort());
	});

	it('agrees with includes on any text and needles', () => {
		const alphabet = fc.constantFrom('a', 'b', 'c', '_', ' ', '额', '度');
		const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
		fc.assert(
			fc.property(fc.uniqueArray(word, { maxLength: 12 }), fc.array(alphabet, { maxLength: 40 }), (needles, cs) => {
				const text = cs.join('');
				const found = new NeedleScanner(needles).find(text).map((id) => needles[id]);
				expect(found.sort()).toEqual(needles.filter((n) => text.includes(n)).sort());
			}),
			{ numRuns: propertyRuns(200) },
		);
	});
});

/** Every real post: the case base's texts and the dev reports. */
function realPosts(cases: readonly Parameters<typeof caseText>[0][]): string[] {
	const evalDir = path.resolve(packageRoot(), '..', 'shared', 'eval');
	const dev = readdirSync(evalDir)
		.filter((n) => n.endsWith('.jsonl'))
		.flatMap((n) => parseEvalCases(readFileSync(path.join(evalDir, n), 'utf8')).cases.map((c) => c.report));
	return [...cases.map(caseText), ...dev];
}

let fixture:
	| { posts: Evidence[]; kbs: { entries: readonly KbEntry[]; kb: CompiledKb; shipped: boolean }[] }
	| undefined;
/** The real posts as evidence, and the shipped KB and a real-style one of 1,500 entries compiled: built once. */
function shippedAndRealStyle(): NonNullable<typeof fixture> {
	if (fixture !== undefined) return fixture;
	const folder = loadKbFolder(defaultKbDir());
	const posts = realPosts(folder.cases).map((body) => buildEvidence(triagePost({ title: '', body, attachments: [] })));
	const kbs = [folder.entries, realStyleEntries(folder.entries, 1_500)].map((entries) => ({
		entries,
		kb: compileKb(entries),
		shipped: entries === folder.entries,
	}));
	fixture = { posts, kbs };
	return fixture;
}

describe('candidate index', () => {
	it('never leaves out an entry whose signals fire, on the shipped KB and a real-style one, for every real post', {
		timeout: 120_000,
	}, () => {
		const { posts, kbs } = shippedAndRealStyle();
		for (const { entries, kb } of kbs) {
			let fired = 0;
			for (const ev of posts) {
				const candidates = kb.candidates.of(ev).positions;
				const firing = kb.compiled.flatMap((c, i) => (c.signals.fire(ev).some((f) => f.weight > 0) ? [i] : []));
				expect(firing.filter((i) => !candidates.includes(i))).toEqual([]);
				expect(candidates).toEqual([...candidates].sort((a, b) => a - b));
				fired += firing.length;
			}
			// The posts do fire entries (the check above is not vacuous), and the index leaves most entries out.
			expect(fired).toBeGreaterThan(posts.length / 2);
			const tried = posts.reduce((n, ev) => n + kb.candidates.of(ev).positions.length, 0);
			expect(tried).toBeLessThan((posts.length * entries.length) / 4);
		}
	});

	it("answers each signal's literal look-ups as includes would, and shares pattern tests, firing the same signals", {
		timeout: 120_000,
	}, () => {
		const { posts, kbs } = shippedAndRealStyle();
		for (const { entries, kb, shipped } of kbs) {
			const probes = [...new Set(kb.compiled.flatMap((c) => c.signals.probes))];
			expect(probes.length).toBeGreaterThan(entries.length / 2);
			for (const ev of posts) {
				const { positions, contains } = kb.candidates.of(ev);
				if (shipped) expect(probes.filter((p) => contains(p) !== ev.lower.includes(p))).toEqual([]);
				// One post's pattern answers shared by all its candidates, as the matcher shares them. Every literal a test
				// asks about is one its entry's probes name, so the scan answers it (not a fresh `includes`).
				const answers = new Map<string, boolean>();
				for (const position of positions) {
					const { signals } = kb.compiled[position] as (typeof kb.compiled)[number];
					const asked: string[] = [];
					const spy = (literal: string) => {
						asked.push(literal);
						return contains(literal);
					};
					expect(signals.fire(ev, spy, answers)).toEqual(signals.fire(ev));
					expect(asked.filter((literal) => !signals.probes.includes(literal))).toEqual([]);
				}
			}
		}
	});

	it("gates the concepts' patterns by their literals, found in the same scan, firing the same concepts", {
		timeout: 120_000,
	}, () => {
		const folder = loadKbFolder(defaultKbDir());
		const concepts = compileConcepts(folder.concepts);
		const kb = compileKb(folder.entries, { concepts });
		const { posts } = shippedAndRealStyle();
		expect(concepts.probes.length).toBeGreaterThan(folder.concepts.length / 2);
		// Every pattern run on every post, no literal gate: what the concepts were before the gates.
		const ungated = (ev: Evidence): string[] =>
			folder.concepts
				.filter((c) => {
					const test = (p: string) => compilePattern(p).test(ev.text);
					if (c.routes !== undefined && !c.routes.includes(ev.route)) return false;
					if (c.not_routes?.includes(ev.route)) return false;
					return c.any.some(test) && (c.with ?? []).every(test) && !(c.without ?? []).some(test);
				})
				.map((c) => c.id);
		let fired = 0;
		for (const ev of posts) {
			const { positions, contains } = kb.candidates.of(ev);
			expect(concepts.probes.filter((p) => contains(p) !== ev.lower.includes(p))).toEqual([]);
			// Shared with the signals' pattern answers, as the matcher shares them, before and after the signals ran.
			const answers = new Map<string, boolean>();
			const gated = concepts.fire(ev, contains, answers);
			for (const position of positions) kb.compiled[position]?.signals.fire(ev, contains, answers);
			expect(gated).toEqual(concepts.fire(ev));
			expect(gated.map((c) => c.id)).toEqual(ungated(ev));
			expect(concepts.fire(ev, contains, answers)).toEqual(gated);
			fired += gated.length;
		}
		expect(fired).toBeGreaterThan(posts.length / 2);
	});
});

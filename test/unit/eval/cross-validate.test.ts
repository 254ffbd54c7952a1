import { describe, expect, it } from 'vitest';
import {
	asEvalCase,
	assignFolds,
	breakdown,
	crossValidate,
	type FoldPrediction,
	heldOutOutcomes,
	reliability,
	triageCases,
} from '../../../src/eval/cross-validate.js';
import { buildCaseIndex } from '../../../src/kb/case-index.js';
import { caseGroup, caseText, type KbCase } from '../../../src/kb/case-schema.js';
import { compileKb, matchKb } from '../../../src/kb/match.js';
import type { PostText } from '../../../src/model.js';
import { aCase } from '../kb/a-case.js';
import { aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

/** `sizes[i]` cases from repository `r<i>`. */
const groupsOf = (sizes: readonly number[]): KbCase[] =>
	sizes.flatMap((size, g) =>
		Array.from({ length: size }, (_, i) =>
			aCase({ id: `r${g}-${i}`, source: `https://github.com/owner/r${g}/issues/${i + 1}` }),
		),
	);

/** Cases per fold, given the fold of each group. */
const foldSizes = (cases: readonly KbCase[], folds: ReadonlyMap<string, number>, k: number): number[] => {
	const sizes = Array.from({ length: k }, () => 0);
	for (const c of cases) {
		const fold = folds.get(caseGroup(c.source)) ?? -1;
		sizes[fold] = (sizes[fold] ?? 0) + 1;
	}
	return sizes;
};

describe('assignFolds', () => {
	it('gives every group exactly one fold in [0, k)', () => {
		const cases = groupsOf([3, 1, 2, 5, 1, 1, 4]);
		const folds = assignFolds(cases, 3);
		expect([...folds.keys()].sort()).toEqual([...new Set(cases.map((c) => caseGroup(c.source)))].sort());
		for (const fold of folds.values()) expect([0, 1, 2]).toContain(fold);
	});

	it('keeps every issue of one repository in the same fold, however the URL spells it', () => {
		const cases = [
			aCase({ id: 'a', source: 'https://github.com/Owner/Repo/issues/1' }),
			aCase({ id: 'b', source: 'https://github.com/owner/repo/discussions/2' }),
			aCase({ id: 'c', source: 'https://github.com/owner/other/issues/1' }),
			aCase({ id: 'd', source: 'https://forum.example.com/t/1' }),
			aCase({ id: 'e', source: 'https://forum.example.com/t/2' }),
		];
		const folds = assignFolds(cases, 3);
		expect(folds.size).toBe(3);
		expect(folds.get('owner/repo')).toBeDefined();
		expect(folds.get('forum.example.com')).toBeDefined();
	});

	it('balances fold sizes: the largest group first, each group to the smallest fold', () => {
		expect(
			foldSizes(groupsOf([5, 5, 1, 1, 1, 1, 1, 1]), assignFolds(groupsOf([5, 5, 1, 1, 1, 1, 1, 1]), 2), 2),
		).toEqual([8, 8]);
		const cases = groupsOf([5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1]);
		const sizes = foldSizes(cases, assignFolds(cases, 3), 3);
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(cases.length);
		expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
	});

	it('is stable: the same folds whatever the order of the cases', () => {
		const cases = groupsOf([2, 1, 3, 1, 1, 2, 1]);
		expect(assignFolds([...cases].reverse(), 3)).toEqual(assignFolds(cases, 3));
		expect(assignFolds(cases, 3)).toEqual(assignFolds(cases, 3));
	});

	it('leaves folds empty when there are fewer groups than folds', () => {
		const folds = assignFolds(groupsOf([2, 1]), 4);
		expect(new Set(folds.values()).size).toBe(2);
	});
});

// A tiny KB: one entry per cause, each recognised by one phrase.
const regionEntry = anEntry({
	id: 'region-entry',
	cause: 'unsupported_region',
	providers: ['any'],
	statuses: [403],
	signals: [{ kind: 'text', value: 'region is not supported', weight: 10 }],
	citations: [
		{
			url: 'https://example.com/region',
			title: 'Regions',
			section: 'Overview',
			states: 'Some regions are not supported.',
		},
	],
	examples: ['region is not supported'],
});
const creditEntry = anEntry({
	id: 'credit-entry',
	cause: 'key_credit_or_limit',
	providers: ['any'],
	statuses: [402, 403],
	signals: [{ kind: 'text', value: 'insufficient balance', weight: 10 }],
	citations: [
		{ url: 'https://example.com/credit', title: 'Credits', section: 'Overview', states: 'Top up your balance.' },
	],
	examples: ['insufficient balance'],
});
// Its phrase is in no case below: the probe cases can only be recognised through their neighbours.
const allowlistEntry = anEntry({
	id: 'allowlist-entry',
	cause: 'ip_allowlist',
	providers: ['any'],
	statuses: [403],
	signals: [{ kind: 'text', value: 'ip address is not on the allowlist', weight: 10 }],
	citations: [
		{ url: 'https://example.com/allowlist', title: 'Allowlist', section: 'Overview', states: 'Add the address.' },
	],
	examples: ['ip address is not on the allowlist'],
});
const kb = compileKb([regionEntry, creditEntry, allowlistEntry]);
const triage = (post: PostText) => aTriage({ text: post.body });

const region = (id: string, source: string, lang = 'en'): KbCase =>
	aCase({
		id,
		source,
		lang,
		vendor: 'openai',
		cause: 'unsupported_region',
		situation: `Calling the chat API from a hosted server (${id}); every request fails.`,
		error: '403 Forbidden: this region is not supported',
	});
const credit = (id: string, source: string, lang = 'en'): KbCase =>
	aCase({
		id,
		source,
		lang,
		vendor: 'openrouter',
		cause: 'key_credit_or_limit',
		situation: `The assistant stopped answering in the evening (${id}); nothing was changed.`,
		error: '402 insufficient balance on this account',
	});
/** Words no other case shares: the only similar cases are the other probes of the same repository. */
const probe = (id: string, issue: number): KbCase =>
	aCase({
		id,
		source: `https://github.com/probe/leak/issues/${issue}`,
		vendor: 'relay',
		cause: 'ip_allowlist',
		situation: 'The wobblefrotz daemon refuses quuxinator handshakes from the zentrix gateway.',
		error: 'zentrix gateway: wobblefrotz handshake refused',
	});

const cases: KbCase[] = [
	region('r1', 'https://github.com/alpha/one/issues/1'),
	region('r2', 'https://github.com/alpha/one/issues/2'),
	credit('c1', 'https://github.com/beta/two/issues/1'),
	credit('c2', 'https://github.com/beta/two/issues/2'),
	region('r3', 'https://github.com/gamma/three/issues/1', 'zh'),
	credit('c3', 'https://github.com/gamma/three/issues/2', 'zh'),
	region('r4', 'https://forum.example.com/t/1', 'ja'),
	credit('c4', 'https://forum.example.com/t/2'),
	probe('p1', 1),
	probe('p2', 2),
];
const deps = { triage, kb, index: null, match: { threshold: 0.3 } };

describe('crossValidate', () => {
	const cv = crossValidate(cases, 3, deps);
	const folds = assignFolds(cases, 3);

	it('predicts every case once, in the fold of its group, with its language and vendor', () => {
		expect(cv.folds).toBe(3);
		expect(cv.groups).toBe(5);
		expect(cv.ours.map((p) => p.id).sort()).toEqual(cases.map((c) => c.id).sort());
		expect(cv.baseline.map((p) => p.id).sort()).toEqual(cases.map((c) => c.id).sort());
		for (const c of cases) {
			const p = cv.ours.find((x) => x.id === c.id);
			expect(p).toMatchObject({ fold: folds.get(caseGroup(c.source)), lang: c.lang, vendor: c.vendor });
		}
	});

	it('answers the cases the entries recognise', () => {
		const right = cv.ours.filter((p) => p.correct).map((p) => p.id);
		expect(right.sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'r1', 'r2', 'r3', 'r4']);
		expect(cv.oursScore).toMatchObject({ cases: 10, correct: 8, wrong: 0, abstentions: 2 });
		expect(cv.baselineScore.cases).toBe(10);
	});

	it("never has a case's own group among its neighbours: the probes, similar only to each other, are not answered", () => {
		// Control: with its own repository in the case base, a probe is answered from its twin.
		const [first] = cases.filter((c) => c.cause === 'ip_allowlist');
		if (first === undefined) throw new Error('no probe case');
		const leaky = matchKb(
			aTriage({ text: caseText(first) }),
			compileKb(kb.entries, { cases: buildCaseIndex(cases) }),
			null,
			deps.match,
		);
		expect(leaky.top).toMatchObject({ cause: 'ip_allowlist' });
		expect(leaky.abstained).toBe(false);
		expect(leaky.neighbours.map((n) => n.group)).toContain('probe/leak');
		// Cross-validated, the twin is in the same (test) fold, so nothing points to ip_allowlist.
		const probes = cv.ours.filter((p) => p.expected === 'ip_allowlist');
		expect(probes).toHaveLength(2);
		for (const p of probes) expect(p).toMatchObject({ abstained: true, cause: null, correct: false, confidence: 0 });
	});

	it('gives the same result on every run', () => {
		expect(crossValidate(cases, 3, deps)).toEqual(cv);
	});
});

describe('heldOutOutcomes', () => {
	it("leaves each case's own group out of its neighbours (leave-one-group-out)", () => {
		const outcomes = heldOutOutcomes(cases, triageCases(cases, triage), deps);
		// The probes have nothing left to match; every other case has an entry's signal and is right.
		expect(outcomes).toHaveLength(cases.length - 2);
		expect(outcomes.every((o) => o.right)).toBe(true);
	});
});

describe('triageCases and asEvalCase', () => {
	it('triage each case once, from its text', () => {
		const triaged = triageCases(cases, triage);
		expect(triaged.size).toBe(cases.length);
		expect(triaged.get('r1')?.text).toBe(caseText(cases[0] ?? aCase()));
	});

	it('turn a case into an eval case', () => {
		const c = aCase({ underdetermined: true });
		expect(asEvalCase(c)).toEqual({ id: c.id, report: caseText(c), cause: c.cause, underdetermined: true });
	});
});

const aPrediction = (overrides: Partial<FoldPrediction> = {}): FoldPrediction => ({
	id: 'p',
	expected: 'unsupported_region',
	underdetermined: false,
	cause: 'unsupported_region',
	subcause: null,
	entryId: 'region-entry',
	confidence: 0.9,
	abstained: false,
	citations: [],
	citationsOk: true,
	correct: true,
	fold: 0,
	lang: 'en',
	vendor: 'openai',
	...overrides,
});

describe('breakdown', () => {
	it('counts cases and right answers per key, largest first, ties by key', () => {
		const predictions = [
			aPrediction({ lang: 'zh' }),
			aPrediction({ lang: 'en', correct: false }),
			aPrediction({ lang: 'zh', correct: false }),
			aPrediction({ lang: 'en' }),
			aPrediction({ lang: 'zh' }),
			aPrediction({ lang: 'ja' }),
		];
		expect(breakdown(predictions, (p) => p.lang)).toEqual([
			{ key: 'zh', cases: 3, right: 2 },
			{ key: 'en', cases: 2, right: 1 },
			{ key: 'ja', cases: 1, right: 1 },
		]);
		expect(breakdown([], (p) => p.lang)).toEqual([]);
	});

	it('breaks a cross-validation down by language', () => {
		const cv = crossValidate(cases, 3, deps);
		expect(breakdown(cv.ours, (p) => p.lang)).toEqual([
			{ key: 'en', cases: 7, right: 5 },
			{ key: 'zh', cases: 2, right: 2 },
			{ key: 'ja', cases: 1, right: 1 },
		]);
	});
});

describe('reliability', () => {
	it('bins answered predictions by confidence with the share right in each', () => {
		const bins = reliability([
			aPrediction({ confidence: 0.3, correct: false }),
			aPrediction({ confidence: 0.55 }),
			aPrediction({ confidence: 0.58, correct: false }),
			aPrediction({ confidence: 0.95 }),
			aPrediction({ confidence: 1 }),
			aPrediction({ confidence: 0.65, abstained: true, cause: null }),
		]);
		expect(bins.map((b) => [b.from, b.to, b.answers])).toEqual([
			[0, 0.5, 1],
			[0.5, 0.6, 2],
			[0.6, 0.7, 0],
			[0.7, 0.8, 0],
			[0.8, 0.9, 0],
			[0.9, 1, 2],
		]);
		expect(bins[0]).toMatchObject({ meanConfidence: 0.3, shareRight: 0 });
		expect(bins[1]?.meanConfidence).toBeCloseTo(0.565, 10);
		expect(bins[1]?.shareRight).toBe(0.5);
		expect(bins[2]).toMatchObject({ answers: 0, meanConfidence: 0, shareRight: 0 });
		expect(bins[5]).toMatchObject({ meanConfidence: 0.975, shareRight: 1 });
	});

	it('takes other edges, each bin closed below and open above', () => {
		const bins = reliability([aPrediction({ confidence: 0.5 }), aPrediction({ confidence: 0.25 })], [0, 0.5, 1]);
		expect(bins).toEqual([
			{ from: 0, to: 0.5, answers: 1, meanConfidence: 0.25, shareRight: 1 },
			{ from: 0.5, to: 1, answers: 1, meanConfidence: 0.5, shareRight: 1 },
		]);
	});

	it('counts every answer of a cross-validation once', () => {
		const cv = crossValidate(cases, 3, deps);
		const answered = cv.ours.filter((p) => !p.abstained).length;
		expect(reliability(cv.ours).reduce((s, b) => s + b.answers, 0)).toBe(answered);
	});
});

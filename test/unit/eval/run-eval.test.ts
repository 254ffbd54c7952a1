import { describe, expect, it } from 'vitest';
import { createBaseline } from '../../../src/eval/baseline.js';
import type { EvalCase } from '../../../src/eval/dataset.js';
import { formatEvalTable } from '../../../src/eval/format.js';
import { type CasePrediction, predictCase, runEval, scorePredictions } from '../../../src/eval/run-eval.js';
import { compileKb } from '../../../src/kb/match.js';
import type { PostText } from '../../../src/model.js';
import { aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const region = anEntry();
const keyLimit = anEntry({
	id: 'openrouter-key-limit',
	cause: 'key_credit_or_limit',
	title: 'OpenRouter key limit exceeded',
	signals: [{ kind: 'text', value: 'Key limit exceeded', weight: 14 }],
	citations: [
		{
			url: 'https://openrouter.ai/docs/api-keys',
			title: 'API keys | OpenRouter',
			section: 'Key limits',
			states: 'A key can carry a credit limit; requests past it are refused.',
		},
	],
	examples: ['Key limit exceeded'],
	body: 'The key has a spend limit.',
});
const entries = [region, keyLimit];
const kb = compileKb(entries);
const triage = (post: PostText) => aTriage({ text: post.body });
const aCase = (id: string, report: string, cause: string, underdetermined = false): EvalCase => ({
	id,
	report,
	cause,
	underdetermined,
});

describe('runEval', () => {
	const cases = [
		aCase('region', 'Error: Country, region, or territory not supported', 'unsupported_region'),
		aCase('limit', '403 Key limit exceeded. Manage it using https://openrouter.ai/keys', 'key_credit_or_limit'),
		aCase('vague', '403 forbidden, help', 'unsupported_region', true),
		aCase('miss', 'Key limit exceeded', 'unsupported_region'),
		aCase('unknown', 'it broke', 'oauth_pkce_invalid'),
	];
	const report = runEval(cases, { triage, kb, index: null, baseline: createBaseline(entries) });

	it('runs each case through triage, match and compose, and scores it', () => {
		const byId = Object.fromEntries(report.ours.predictions.map((p) => [p.id, p]));
		expect(byId.region).toMatchObject({
			cause: 'unsupported_region',
			abstained: false,
			correct: true,
			citationsOk: true,
		});
		expect(byId.region?.citations).toEqual([region.citations[0]?.url]);
		expect(byId.vague).toMatchObject({ cause: null, abstained: true, correct: true });
		expect(byId.miss).toMatchObject({ cause: 'key_credit_or_limit', correct: false });
		expect(byId.unknown).toMatchObject({ abstained: true, correct: false });
		expect(report.ours.score).toMatchObject({
			cases: 5,
			correct: 3,
			abstentions: 2,
			wrong: 1,
			wrongHighConfidence: 1,
			cited: 3,
			citationsOk: 3,
		});
	});

	it('counts a label that is a refined id as right when the prediction names its parent (the contract)', () => {
		const refined = runEval(
			[
				aCase(
					'balance',
					'403 Key limit exceeded. Manage it using https://openrouter.ai/keys',
					'account_balance_insufficient',
				),
			],
			{ triage, kb, index: null, baseline: createBaseline(entries) },
		);
		expect(refined.ours.predictions[0]).toMatchObject({ cause: 'key_credit_or_limit', correct: true });
	});

	it('scores the BM25 baseline on the same cases: it never abstains', () => {
		expect(report.baseline.predictions).toHaveLength(5);
		expect(report.baseline.predictions.filter((p) => p.abstained && p.cause !== null)).toEqual([]);
		expect(report.baseline.predictions.find((p) => p.id === 'limit')?.cause).toBe('key_credit_or_limit');
	});

	it('prints the table with both columns', () => {
		const table = formatEvalTable(report, '5 cases from test');
		expect(table).toMatch(/^metric\s+doorman\s+baseline \(BM25\)$/m);
		expect(table).toMatch(/^top-1 accuracy\s+0\.600 \(3\/5\)\s+/m);
		expect(table).toMatch(/^wrong at confidence >= 0\.8\s+1\s+\d+$/m);
		expect(table).toMatch(/^citation check\s+3\/3 ok/m);
	});
});

describe('predictCase on an entry with per-route advice', () => {
	const ROUTER_PAGE = {
		url: 'https://openrouter.ai/docs/api/errors',
		title: 'OpenRouter API errors',
		section: 'Errors',
		states: 'Lists the errors OpenRouter returns.',
	};
	const routed = anEntry({
		routes: { router: { fix: ['Pick a provider that serves your region.'], citations: [ROUTER_PAGE] } },
	});
	const routedKb = compileKb([routed]);
	const deps = (route: 'openrouter' | 'openai') => ({
		triage: (post: PostText) => aTriage({ text: post.body, route }),
		kb: routedKb,
		index: null,
		baseline: createBaseline([routed]),
	});
	const c = aCase('region', 'Error: Country, region, or territory not supported', 'unsupported_region');

	it("counts the route's pages as the entry's: the answer cites exactly those", () => {
		expect(predictCase(c, deps('openrouter'))).toMatchObject({
			citations: [ROUTER_PAGE.url],
			citationsOk: true,
			correct: true,
		});
		expect(predictCase(c, deps('openai'))).toMatchObject({
			citations: [routed.citations[0]?.url],
			citationsOk: true,
		});
	});
});

describe('scorePredictions', () => {
	it('flags a cited URL outside the predicted entry', () => {
		const p: CasePrediction = {
			id: 'x',
			expected: 'a',
			underdetermined: false,
			cause: 'a',
			subcause: null,
			entryId: 'e',
			confidence: 0.9,
			abstained: false,
			citations: ['https://x'],
			citationsOk: false,
			correct: true,
		};
		expect(scorePredictions([p])).toMatchObject({ cited: 1, citationsOk: 0, accuracy: 1 });
		expect(scorePredictions([])).toMatchObject({ cases: 0, accuracy: 0 });
	});
});

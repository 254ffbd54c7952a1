import { describe, expect, it } from 'vitest';
import type { Calibration } from '../../../src/kb/calibration.js';
import { buildCaseIndex } from '../../../src/kb/case-index.js';
import { type Concept, compileConcepts } from '../../../src/kb/concepts.js';
import { compileKb, matchKb } from '../../../src/kb/match.js';
import { aCase } from './a-case.js';
import { anError, aTriage } from './a-triage.js';
import { anEntry } from './an-entry.js';

// How the matcher combines entry signals with the concept vocabulary, similar cases and the calibration.

const credits = anEntry({
	id: 'generic-credits',
	cause: 'key_credit_or_limit',
	providers: ['any'],
	statuses: [402, 403, 429],
	signals: [{ kind: 'text', value: 'Insufficient Balance', weight: 10 }],
});
const relayQuota = anEntry({
	id: 'relay-token-quota',
	cause: 'relay_quota_exhausted',
	providers: ['relay'],
	statuses: [403, 429],
	signals: [{ kind: 'regex', value: '额度已用尽', weight: 12 }],
	examples: ['该令牌额度已用尽'],
});
const invalidKey = anEntry({
	id: 'invalid-api-key',
	cause: 'invalid_or_revoked_key',
	providers: ['openai', 'any'],
	statuses: [401],
	signals: [{ kind: 'text', value: 'Incorrect API key provided', weight: 10 }],
});
const misrouted = anEntry({
	id: 'misrouted-generic',
	cause: 'misrouted_to_wrong_provider',
	providers: ['any'],
	statuses: [401, 403],
	signals: [{ kind: 'text', value: 'sent to the wrong provider', weight: 10 }],
});
const region = anEntry({
	id: 'region-generic',
	cause: 'unsupported_region',
	providers: ['any'],
	statuses: [403],
	signals: [{ kind: 'text', value: 'Country, region, or territory not supported', weight: 10 }],
});
const ENTRIES = [credits, relayQuota, invalidKey, misrouted, region];

const concept = (overrides: Partial<Concept>): Concept => ({
	id: 'out-of-credits',
	about: 'no money left',
	causes: { key_credit_or_limit: 4.5 },
	any: ['欠费|余额不足'],
	examples: ['账户欠费'],
	...overrides,
});
const CONCEPTS = compileConcepts([
	concept({}),
	concept({
		id: 'openai-answered-for-another-provider',
		causes: { misrouted_to_wrong_provider: 4, invalid_or_revoked_key: -6 },
		any: ['Incorrect API key provided'],
		with: ['ollama'],
		examples: ['Incorrect API key provided: ollama'],
	}),
]);

const post = (text: string, status: number | null = 403) =>
	aTriage({ text, error: status === null ? null : anError({ status }) });

/** A calibration that maps raw confidence 0 → `from` and 1 → `to`, linearly in between. */
const linearCalibration = (from: number, to: number): Calibration => ({
	method: 'test',
	cases: 2,
	knots: [
		{ raw: 0, p: from },
		{ raw: 1, p: to },
	],
});

describe('matchKb with concepts, cases and calibration', () => {
	it('answers a cause said only in prose, through the concept vocabulary, with the entry for that cause', () => {
		const kb = compileKb(ENTRIES, { concepts: CONCEPTS });
		const result = matchKb(post('调用接口一直返回 403，控制台显示账户欠费'), kb, null);
		expect(result.top).toMatchObject({ cause: 'key_credit_or_limit', entryId: 'generic-credits' });
		expect(result.top?.concepts).toEqual(['out-of-credits']);
		expect(result.top?.firedSignals).toEqual([]);
		expect(compileKb(ENTRIES).byId.size).toBe(ENTRIES.length);
		expect(matchKb(post('调用接口一直返回 403，控制台显示账户欠费'), compileKb(ENTRIES), null).top).toBeNull();
	});

	it('reports a refined entry under its parent cause, with the refined id as subcause', () => {
		const result = matchKb(post('该令牌额度已用尽'), compileKb(ENTRIES), null);
		expect(result.top).toMatchObject({
			entryId: 'relay-token-quota',
			cause: 'key_credit_or_limit',
			subcause: 'relay_quota_exhausted',
		});
	});

	it('counts counter-evidence against a documented message that points the wrong way', () => {
		const text = 'Using my local ollama: Incorrect API key provided: ollama.';
		const plain = matchKb(post(text, 401), compileKb(ENTRIES), null);
		expect(plain.top).toMatchObject({ cause: 'invalid_or_revoked_key' });
		const withContext = matchKb(post(text, 401), compileKb(ENTRIES, { concepts: CONCEPTS }), null);
		const key = withContext.ranked.find((r) => r.cause === 'invalid_or_revoked_key');
		expect(key?.score).toBeLessThan(plain.top?.score ?? 0);
		expect(withContext.ranked.some((r) => r.cause === 'misrouted_to_wrong_provider')).toBe(true);
		expect(withContext.top?.confidence ?? 0).toBeLessThan(plain.top?.confidence ?? 0);
	});

	it('takes a share off the raw confidence of a cause the post holds counter-evidence against', () => {
		const text = 'Using my local ollama: Incorrect API key provided: ollama.';
		const kb = compileKb(ENTRIES, { concepts: CONCEPTS });
		const contested = (doubt: number) =>
			matchKb(post(text, 401), kb, null, { counterEvidenceDoubt: doubt }).ranked.find(
				(r) => r.cause === 'invalid_or_revoked_key',
			);
		const trusting = contested(0);
		const doubting = contested(0.5);
		expect(doubting?.score).toBe(trusting?.score);
		expect(doubting?.rawConfidence ?? 1).toBeCloseTo((trusting?.rawConfidence ?? 0) * 0.5, 2);
	});

	it('lets similar labelled cases name a cause and the entry that answered them', () => {
		const cases = buildCaseIndex([
			aCase({
				id: 'a-1',
				source: 'https://github.com/a/one/issues/1',
				cause: 'key_credit_or_limit',
				entry: 'generic-credits',
				error: 'AccountOverdueError: the account is overdue',
				situation: 'Workflow node calling the Ark model fails with AccountOverdueError.',
			}),
			aCase({
				id: 'b-1',
				source: 'https://github.com/b/two/issues/1',
				cause: 'key_credit_or_limit',
				entry: 'generic-credits',
				error: 'AccountOverdueError',
				situation: 'Ark endpoint answers 403 AccountOverdueError for every request.',
			}),
		]);
		const kb = compileKb(ENTRIES, { cases });
		const text = 'Ark endpoint returns 403 {"code":"AccountOverdueError"}';
		const result = matchKb(post(text), kb, null);
		expect(result.neighbours.map((n) => n.id)).toEqual(['b-1', 'a-1']);
		expect(result.top).toMatchObject({ cause: 'key_credit_or_limit', entryId: 'generic-credits' });
		expect(result.top?.caseSupport).toBeGreaterThan(0);
		const leftOut = matchKb(post(text), kb, null, { excludeGroup: 'b/two' });
		expect(leftOut.neighbours.map((n) => n.id)).toEqual(['a-1']);
	});

	it('gives a clearly alike community case full, boosted points, and a shipped case of the same text its share', () => {
		const text = 'Since today our workspace is locked by the administrator and every call answers 403';
		const learned = (id: string) =>
			buildCaseIndex([
				aCase({
					id,
					source: 'https://discord.com/channels/1/11',
					cause: 'account_suspended_or_banned',
					error: '403 {"error":{"code":"workspace_locked","message":"Workspace locked by administrator"}}',
					situation: 'Every request fails since the morning.',
				}),
			]);
		const support = (id: string) =>
			matchKb(post(text), compileKb(ENTRIES, { cases: learned(id) }), null).ranked.find(
				(m) => m.cause === 'account_suspended_or_banned',
			)?.caseSupport ?? 0;
		const community = support('community-1');
		const shipped = support('disc-1-workspace-locked');
		expect(shipped).toBeGreaterThan(0);
		expect(community).toBeGreaterThan(shipped);
		// Full points (4 by default) times the boost: a lone learned case no longer sits at the answer threshold.
		expect(community).toBeCloseTo(6, 1);
	});

	it('trusts a post less when the reports it resembles could not tell their cause', () => {
		const similar = (underdetermined: boolean) =>
			buildCaseIndex([
				aCase({
					id: 'u-1',
					source: 'https://github.com/u/one/issues/1',
					cause: 'misrouted_to_wrong_provider',
					underdetermined,
					error: 'Incorrect API key provided: sk-...REDACTED',
					situation: 'Set a third-party base url in the notebook extension and every call is rejected.',
				}),
			]);
		const text = 'Incorrect API key provided: sk-...REDACTED with a third-party base url in the notebook extension';
		const sure = matchKb(post(text, 401), compileKb(ENTRIES, { cases: similar(false) }), null);
		const unsure = matchKb(post(text, 401), compileKb(ENTRIES, { cases: similar(true) }), null);
		const key = (r: typeof sure) => r.ranked.find((m) => m.cause === 'invalid_or_revoked_key')?.rawConfidence ?? 0;
		expect(key(unsure)).toBeLessThan(key(sure));
	});

	it('does not doubt a cause because of an unclear report whose true cause was that same one', () => {
		const text = 'Incorrect API key provided: sk-...REDACTED with a third-party base url in the notebook extension';
		const unclearSameCause = buildCaseIndex([
			aCase({
				id: 'u-2',
				source: 'https://github.com/u/two/issues/1',
				cause: 'invalid_or_revoked_key',
				underdetermined: true,
				error: 'Incorrect API key provided: sk-...REDACTED',
				situation: 'Set a third-party base url in the notebook extension and every call is rejected.',
			}),
		]);
		const alone = matchKb(post(text, 401), compileKb(ENTRIES), null);
		const beside = matchKb(post(text, 401), compileKb(ENTRIES, { cases: unclearSameCause }), null);
		const key = (r: typeof alone) => r.ranked.find((m) => m.cause === 'invalid_or_revoked_key')?.rawConfidence;
		expect(key(beside)).toBe(key(alone));
	});

	it('maps raw confidence through the calibration, and never answers a lone weak hint', () => {
		const calibration = linearCalibration(0.6, 0.9);
		const weak = anEntry({
			id: 'weak',
			cause: 'model_access_not_granted',
			signals: [{ kind: 'text', value: 'PermissionDeniedError', weight: 1 }],
		});
		const kb = compileKb([...ENTRIES, weak], { calibration });
		const strong = matchKb(post('Country, region, or territory not supported'), kb, null);
		expect(strong.top?.confidence).toBeGreaterThan(strong.top?.rawConfidence ?? 1);
		expect(strong.abstained).toBe(false);
		const lone = matchKb(post('PermissionDeniedError: 403 status code (no body)'), kb, null);
		expect(lone.top?.confidence).toBeGreaterThanOrEqual(0.6);
		expect(lone).toMatchObject({ abstained: true, reason: 'LOW_CONFIDENCE' });
	});

	it('never claims high confidence from the status alone (the status and its reason phrase fit several causes)', () => {
		const calibration = linearCalibration(0.95, 0.99);
		const rateLimit = anEntry({
			id: 'rate-limited',
			cause: 'rate_limited',
			statuses: [429],
			signals: [
				{ kind: 'status', value: 429, weight: 4 },
				{ kind: 'text', value: 'Too Many Requests', weight: 1 },
				{ kind: 'text', value: 'rate_limit_exceeded', weight: 6 },
			],
			examples: ['429 Too Many Requests', 'rate_limit_exceeded'],
		});
		const kb = compileKb([rateLimit], { calibration });
		const bare = matchKb(post('429 Too Many Requests', 429), kb, null);
		expect(bare.top?.cause).toBe('rate_limited');
		expect(bare.top?.confidence).toBeLessThan(0.8);
		const said = matchKb(post('429 rate_limit_exceeded', 429), kb, null);
		expect(said.top?.confidence).toBeGreaterThanOrEqual(0.95);
	});

	it('does not answer from weak hints that only add up (a route, an exception name, a status fit)', () => {
		const hints = anEntry({
			id: 'hints',
			cause: 'model_access_not_granted',
			signals: [
				{ kind: 'text', value: 'PermissionDeniedError', weight: 2 },
				{ kind: 'text', value: 'odd_error', weight: 2 },
			],
		});
		const kb = compileKb([...ENTRIES, hints]);
		const result = matchKb(post('PermissionDeniedError odd_error'), kb, null);
		expect(result.top).toMatchObject({ entryId: 'hints' });
		expect(result.top?.score ?? 0).toBeGreaterThanOrEqual(3.5);
		expect(result).toMatchObject({ abstained: true, reason: 'LOW_CONFIDENCE' });
		// One specific signal is enough.
		const specific = anEntry({ ...hints, signals: [{ kind: 'text', value: 'odd_error', weight: 4 }] });
		const answered = matchKb(post('odd_error'), compileKb([...ENTRIES, specific]), null, { threshold: 0 });
		expect(answered).toMatchObject({ abstained: false, reason: 'MATCHED' });
	});
});

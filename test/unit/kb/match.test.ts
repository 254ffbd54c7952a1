import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../../../src/kb/entry-schema.js';
import { compileKb, confidenceOf, matchKb } from '../../../src/kb/match.js';
import type { TextIndex } from '../../../src/kb/text-index.js';
import { anError, aProviderError, aSnippet, aTriage } from './a-triage.js';
import { anEntry } from './an-entry.js';

const regionOpenAi = anEntry({
	id: 'openai-unsupported-region',
	cause: 'unsupported_region',
	providers: ['openai', 'openrouter'],
	signals: [
		{ kind: 'code', value: 'unsupported_country_region_territory', weight: 10 },
		{ kind: 'text', value: 'Country, region, or territory not supported', weight: 10 },
		{ kind: 'type', value: 'request_forbidden', weight: 3 },
	],
});
const openRouterByok = anEntry({
	id: 'openrouter-byok-required',
	cause: 'byok_key_required',
	providers: ['openrouter'],
	signals: [
		{ kind: 'text', value: 'is requiring a key to access this model', weight: 12 },
		{ kind: 'text', value: 'Provider returned error', weight: 1 },
		{ kind: 'route', value: 'openrouter', weight: 2 },
		{ kind: 'host', value: 'openrouter.ai', weight: 2 },
	],
});
const anthropicRegion = anEntry({
	id: 'anthropic-region-forbidden',
	cause: 'unsupported_region',
	providers: ['anthropic'],
	signals: [
		{ kind: 'text', value: 'Request not allowed', weight: 8 },
		{ kind: 'type', value: 'forbidden', weight: 3 },
		{
			kind: 'all',
			of: [
				{ kind: 'route_mismatch', value: true },
				{ kind: 'text', value: 'Request not allowed' },
			],
			weight: -6,
		},
	],
});
const misrouted = anEntry({
	id: 'misrouted-to-anthropic',
	cause: 'misrouted_to_wrong_provider',
	providers: ['anthropic'],
	signals: [
		{
			kind: 'all',
			of: [
				{ kind: 'route_mismatch', value: true },
				{ kind: 'text', value: 'Request not allowed' },
			],
			weight: 12,
		},
		{ kind: 'text', value: 'Request not allowed', weight: 3 },
	],
});
const keyLimit = anEntry({
	id: 'openrouter-key-limit',
	cause: 'key_credit_or_limit',
	providers: ['openrouter'],
	statuses: [403, 402],
	signals: [{ kind: 'text', value: 'Key limit exceeded', weight: 12 }],
});
const rateLimited = anEntry({
	id: 'rate-limited',
	cause: 'rate_limited',
	statuses: [429],
	signals: [
		{ kind: 'regex', value: '\\brate[ -]?limit', weight: 5 },
		{ kind: 'status', value: 429, weight: 4 },
	],
});

const KB = compileKb([regionOpenAi, openRouterByok, anthropicRegion, misrouted, keyLimit, rateLimited]);

const openRouterRegionEnvelope =
	'{"error":{"message":"Provider returned error","code":403,"metadata":{"raw":"{\\"error\\":{\\"code\\":\\"unsupported_country_region_territory\\"}}","provider_name":"OpenAI"}}}';

describe('matchKb', () => {
	it('GIVEN an OpenRouter envelope whose metadata.raw carries the region code THEN it is a region block, not a generic OpenRouter 403', () => {
		const triage = aTriage({
			text: 'openrouter.ai says: Provider returned error',
			route: 'openrouter',
			error: anError({
				status: 403,
				code: '403',
				providerError: aProviderError({ providerName: 'OpenAI', code: 'unsupported_country_region_territory' }),
			}),
		});
		const result = matchKb(triage, KB, null);
		expect(result.abstained).toBe(false);
		expect(result.top?.entryId).toBe('openai-unsupported-region');
		expect(result.top?.firedSignals).toContainEqual({
			kind: 'code',
			value: 'unsupported_country_region_territory',
			weight: 10,
			via: 'field',
		});
	});

	it('finds the nested code in the raw text too when triage did not parse it', () => {
		const result = matchKb(aTriage({ text: openRouterRegionEnvelope }), KB, null);
		expect(result.top?.cause).toBe('unsupported_region');
		expect(result.top?.firedSignals.find((s) => s.kind === 'code')?.via).toBe('text');
	});

	it('matches text case-insensitively across line breaks and JSON escapes', () => {
		const text = "{'message': 'Country,\n    REGION, or territory not supported'}";
		expect(matchKb(aTriage({ text }), KB, null).top?.entryId).toBe('openai-unsupported-region');
	});

	it('abstains with NO_EVIDENCE when nothing fired, and context alone (route, host) is no evidence', () => {
		const bare = matchKb(aTriage({ text: '403 Forbidden, please help' }), KB, null);
		expect(bare).toMatchObject({ abstained: true, reason: 'NO_EVIDENCE', top: null, ranked: [] });
		const contextOnly = matchKb(
			aTriage({ text: 'calling https://openrouter.ai/api/v1 gives 403', route: 'openrouter' }),
			KB,
			null,
		);
		expect(contextOnly.reason).toBe('NO_EVIDENCE');
	});

	it('tells a misrouted request from a region block by the configured route', () => {
		const body = '403 {"error":{"type":"forbidden","message":"Request not allowed"}}';
		const direct = matchKb(aTriage({ text: body, route: 'anthropic' }), KB, null);
		expect(direct.top?.cause).toBe('unsupported_region');
		const elsewhere = matchKb(
			aTriage({ text: body, route: 'deepseek', snippet: aSnippet({ baseUrl: 'https://api.deepseek.com' }) }),
			KB,
			null,
		);
		expect(elsewhere.top?.cause).toBe('misrouted_to_wrong_provider');
		expect(elsewhere.abstained).toBe(false);
	});

	it('lowers the score when the status seen is not one of the entry statuses', () => {
		const text = 'Key limit exceeded. Manage it using https://openrouter.ai/keys';
		const fits = matchKb(aTriage({ text, error: anError({ status: 403 }) }), KB, null).top;
		const misfits = matchKb(aTriage({ text, error: anError({ status: 500 }) }), KB, null).top;
		expect(fits?.score).toBeGreaterThan(misfits?.score ?? Number.POSITIVE_INFINITY);
	});

	it('abstains as AMBIGUOUS when two causes score alike', () => {
		const text = 'Key limit exceeded and Country, region, or territory not supported';
		const result = matchKb(
			aTriage({ text }),
			compileKb([
				keyLimit,
				anEntry({
					...regionOpenAi,
					signals: [{ kind: 'text', value: 'Country, region, or territory not supported', weight: 12 }],
				}),
			]),
			null,
		);
		expect(result).toMatchObject({ abstained: true, reason: 'AMBIGUOUS' });
	});

	it('abstains as LOW_CONFIDENCE under the threshold, and the threshold is a parameter', () => {
		const text = 'we are rate limited';
		expect(matchKb(aTriage({ text }), KB, null)).toMatchObject({ abstained: true, reason: 'LOW_CONFIDENCE' });
		expect(matchKb(aTriage({ text }), KB, null, { threshold: 0.3 })).toMatchObject({ abstained: false });
	});

	it('ranks one entry per cause, best first', () => {
		const text = `${openRouterRegionEnvelope} Request not allowed`;
		const result = matchKb(aTriage({ text }), KB, null);
		const causes = result.ranked.map((r) => r.cause);
		expect(new Set(causes).size).toBe(causes.length);
		const scores = result.ranked.map((r) => r.score);
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
	});

	it('lets text relevance add at most textWeight points, and only to entries with evidence', () => {
		const index: TextIndex = {
			search: () => [
				{ entryId: 'rate-limited', score: 9 },
				{ entryId: 'openrouter-key-limit', score: 3 },
			],
		};
		const text = 'Key limit exceeded';
		const without = matchKb(aTriage({ text }), KB, null).top;
		const withIndex = matchKb(aTriage({ text }), KB, index, { textWeight: 2 });
		expect(withIndex.top?.entryId).toBe('openrouter-key-limit');
		expect(withIndex.top?.score).toBeCloseTo((without?.score ?? 0) + 2 * (3 / 9), 2);
		expect(withIndex.ranked.map((r) => r.entryId)).not.toContain('rate-limited');
	});

	it('keeps confidence in [0, 1] and abstains below the threshold, for any post', () => {
		const words = fc.constantFrom(
			'Key limit exceeded',
			'Request not allowed',
			'rate limit',
			'Country, region, or territory not supported',
			'403',
			'forbidden',
			'hello',
			'is requiring a key to access this model',
		);
		fc.assert(
			fc.property(
				fc.array(words, { maxLength: 6 }),
				fc.constantFrom('unknown', 'openrouter', 'anthropic', 'deepseek' as const),
				fc.option(fc.constantFrom(400, 401, 403, 429)),
				fc.double({ min: 0, max: 1, noNaN: true }),
				(parts, route, status, threshold) => {
					const triage = aTriage({ text: parts.join(' '), route, error: anError({ status }) });
					const result = matchKb(triage, KB, null, { threshold });
					for (const r of result.ranked) {
						expect(r.confidence).toBeGreaterThanOrEqual(0);
						expect(r.confidence).toBeLessThanOrEqual(1);
					}
					if (!result.abstained) expect(result.top?.confidence ?? 0).toBeGreaterThanOrEqual(threshold);
				},
			),
		);
	});
});

describe('confidenceOf', () => {
	it('grows with the score and shrinks as a rival cause gets closer', () => {
		expect(confidenceOf(0, 0)).toBe(0);
		expect(confidenceOf(20, 0)).toBeGreaterThan(confidenceOf(10, 0));
		expect(confidenceOf(20, 15)).toBeLessThan(confidenceOf(20, 5));
		expect(confidenceOf(1000, 0)).toBeLessThanOrEqual(1);
	});
});

const _typecheck: KbEntry = regionOpenAi;
void _typecheck;

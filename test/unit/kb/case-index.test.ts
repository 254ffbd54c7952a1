import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseFeatureReader } from '../../../src/kb/case-features.js';
import {
	buildCaseIndex,
	CJK_FROM,
	COMMUNITY_VOTE_WEIGHT,
	caseFeatures,
	type Neighbour,
	neighbourVotes,
} from '../../../src/kb/case-index.js';
import { caseText } from '../../../src/kb/case-schema.js';
import { loadKbFolder } from '../../../src/kb/load.js';
import { defaultKbDir } from '../../../src/paths.js';
import { propertyRuns } from '../../support/fast-check-setup.js';
import { aCase } from './a-case.js';

const features = (text: string) => Object.fromEntries(caseFeatures(text));

describe('caseFeatures', () => {
	it('keeps English words of 3+ letters, stemmed, without stopwords', () => {
		expect(features('The restricted keys are used here, so I do not get it')).toEqual({
			'w:restrict': 1,
			'w:key': 1,
		});
	});

	it('folds common endings so word forms meet', () => {
		const stems = ['key', 'keys', 'KEYS'].map((w) => [...caseFeatures(w).keys()]);
		expect(stems).toEqual([['w:key'], ['w:key'], ['w:key']]);
		expect([...caseFeatures('restricted restricting restricts').entries()]).toEqual([['w:restrict', 3]]);
	});

	it('stems as the ending regex did: the longest of -ing, -ed/-es, -s, then at most 24 characters', () => {
		const byRegex = (word: string) => word.replace(/(?:ing|ed|es|s)$/, '').slice(0, 24) || word;
		const letter = fc.constantFrom('a', 'd', 'e', 'g', 'i', 'n', 's', 'x');
		fc.assert(
			fc.property(fc.array(letter, { minLength: 3, maxLength: 30 }), (letters) => {
				const word = letters.join('');
				fc.pre(!['and', 'see', 'did'].includes(word));
				expect([...caseFeatures(word).keys()]).toEqual([`w:${byRegex(word)}`]);
			}),
			{ numRuns: propertyRuns(500) },
		);
	});

	it('reads ASCII text by character codes exactly as the Unicode regex reads it: same features, counts and order', () => {
		const piece = fc.constantFrom(
			'Quota',
			'quota',
			'EXCEEDED',
			'403',
			'4031',
			'500',
			'12345',
			'rate_limit',
			'the',
			'a',
			'_',
			'keys',
			'x'.repeat(41),
			'-',
			' ',
			'\n',
			'.',
			'$',
			'{"',
			'éx'.slice(1),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
				const text = pieces.join('');
				// A lone non-ASCII letter is no feature, but it sends the text down the regex's path.
				expect([...caseFeatures(text)]).toEqual([...caseFeatures(`${text} é`)]);
			}),
			{ numRuns: propertyRuns(300) },
		);
	});

	it('gives, read by the index builder (ids, each distinct token classified once), the same features, counts and order', () => {
		const ids = new Map<string, number>();
		const keys: string[] = [];
		const reader = new CaseFeatureReader((key) => {
			let id = ids.get(key);
			if (id === undefined) {
				id = keys.length;
				ids.set(key, id);
				keys.push(key);
			}
			return id;
		});
		const read = (text: string): [string, number][] => {
			const out: [string, number][] = [];
			reader.read(text, (id, count) => out.push([keys[id] as string, count]));
			return out;
		};
		const piece = fc.constantFrom(
			'Quota',
			'quota',
			'EXCEEDED',
			'403',
			'4031',
			'12345',
			'rate_limit',
			'the',
			'keys',
			'x'.repeat(41),
			' ',
			'\n',
			'\\n',
			'.',
			'é',
			'额度',
			'额度已用完',
			'APIキー',
			'403额度',
			'Ｑｕｏｔａ',
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
				const text = pieces.join('');
				expect(read(text)).toEqual([...caseFeatures(text)]);
			}),
			{ numRuns: propertyRuns(300) },
		);
		for (const c of loadKbFolder(defaultKbDir()).cases)
			expect(read(caseText(c))).toEqual([...caseFeatures(caseText(c))]);
	});

	it('counts repeats', () => {
		expect(features('quota quota Quota exceeded')).toEqual({ 'w:quota': 3, 'w:exceed': 1 });
	});

	it('keeps 4xx and 5xx statuses as their own features and drops other numbers', () => {
		expect(features('got 403 then 502, not 200 or 12345, on gpt4o')).toEqual({
			'#403': 1,
			'#502': 1,
			'w:gpt4o': 1,
		});
	});

	it('drops words longer than 40 characters (hashes, tokens)', () => {
		expect(features(`id ${'a'.repeat(41)} blocked`)).toEqual({ 'w:block': 1 });
	});

	it('normalises full-width letters before splitting (NFKC)', () => {
		expect(features('ＡＰＩ ｋｅｙ')).toEqual({ 'w:api': 1, 'w:key': 1 });
	});

	it('splits Chinese runs into overlapping character pairs', () => {
		expect(features('账户余额不足')).toEqual({
			'c:账户': 1,
			'c:户余': 1,
			'c:余额': 1,
			'c:额不': 1,
			'c:不足': 1,
		});
	});

	it('keeps a lone CJK character, and separates CJK runs from Latin words in one token', () => {
		expect(features('报 API密钥无效')).toEqual({ 'c:报': 1, 'w:api': 1, 'c:密钥': 1, 'c:钥无': 1, 'c:无效': 1 });
	});

	it('pairs Japanese and Korean characters too', () => {
		expect(features('地域 지역')).toEqual({ 'c:地域': 1, 'c:지역': 1 });
	});

	it('has no features for empty text or stopwords only', () => {
		expect(caseFeatures('').size).toBe(0);
		expect(caseFeatures('the and for you with this that, please see').size).toBe(0);
	});
});

const regionCase = aCase({
	id: 'region',
	source: 'https://github.com/alpha/app/issues/1',
	situation: 'Calling the API from a server abroad; every request is refused with the region message.',
	error: 'Country, region, or territory not supported',
});
const regionTwin = aCase({
	id: 'region-twin',
	source: 'https://github.com/beta/tool/issues/7',
	situation: 'From my laptop abroad the chat endpoint refuses every request.',
	error: 'Country, region, or territory not supported',
});
const creditCase = aCase({
	id: 'credit',
	source: 'https://github.com/gamma/bot/issues/3',
	cause: 'key_credit_or_limit',
	situation: 'The bot stopped answering after a month of use; the dashboard shows no credits left.',
	error: 'Insufficient credits. Add more using https://openrouter.ai/credits',
});
const relayQuota = aCase({
	id: 'relay-quota',
	source: 'https://github.com/gamma/bot/issues/4',
	cause: 'key_credit_or_limit',
	subcause: 'relay_quota_exhausted',
	underdetermined: true,
	situation: 'The relay token stopped working; the relay dashboard shows the token quota used up.',
	error: 'token quota exhausted',
});
const zhCredit = aCase({
	id: 'zh-credit',
	source: 'https://github.com/delta/cn/issues/9',
	lang: 'zh',
	cause: 'key_credit_or_limit',
	situation: '调用通义千问接口时报错，控制台显示账户余额不足，需要充值后才能继续使用。',
	error: '{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing."}',
});
const zhRegion = aCase({
	id: 'zh-region',
	source: 'https://github.com/epsilon/proxy/issues/2',
	lang: 'zh',
	situation: '在国内服务器上部署转发代理，调用时提示当前地区不支持使用该服务。',
	error: '',
});

const index = buildCaseIndex([regionCase, regionTwin, creditCase, relayQuota, zhCredit, zhRegion]);

describe('buildCaseIndex', () => {
	it('counts its cases', () => {
		expect(index.size).toBe(6);
		expect(buildCaseIndex([]).size).toBe(0);
		expect(buildCaseIndex([]).neighbours('anything at all', 5, 0)).toEqual([]);
	});

	it('returns the nearest cases first, with their cause, group and similarity in [0, 1]', () => {
		const hits = index.neighbours(
			'On my laptop the chat endpoint says: Country, region, or territory not supported',
			10,
			0,
		);
		expect(hits.slice(0, 2).map((h) => h.id)).toEqual(['region-twin', 'region']);
		expect(hits[0]).toMatchObject({
			id: 'region-twin',
			cause: 'unsupported_region',
			group: 'beta/tool',
			underdetermined: false,
		});
		for (const h of hits) {
			expect(h.similarity).toBeGreaterThan(0);
			expect(h.similarity).toBeLessThanOrEqual(1);
		}
		const similarities = hits.map((h) => h.similarity);
		expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
	});

	it('finds a case from its own text with similarity 1', () => {
		const [best] = index.neighbours(`${creditCase.situation}\n\n${creditCase.error}`, 1, 0);
		expect(best?.id).toBe('credit');
		expect(best?.similarity).toBeCloseTo(1, 6);
	});

	it('reports the case under its cause in the taxonomy and keeps underdetermined', () => {
		const [best] = index.neighbours('relay token quota exhausted', 1, 0);
		expect(best).toMatchObject({ id: 'relay-quota', cause: 'key_credit_or_limit', underdetermined: true });
	});

	it('returns at most k cases', () => {
		const all = index.neighbours('Country, region, or territory not supported; no credits', 10, 0);
		expect(all.length).toBeGreaterThan(2);
		expect(index.neighbours('Country, region, or territory not supported; no credits', 2, 0)).toEqual(all.slice(0, 2));
		expect(index.neighbours('Country, region, or territory not supported', 0, 0)).toEqual([]);
	});

	it('leaves out cases under the floor', () => {
		const query = 'Country, region, or territory not supported when calling from abroad';
		const all = index.neighbours(query, 10, 0);
		const floor = ((all[1]?.similarity ?? 0) + (all[2]?.similarity ?? 0)) / 2;
		const above = index.neighbours(query, 10, floor);
		expect(above.map((h) => h.id)).toEqual(all.slice(0, 2).map((h) => h.id));
		expect(above.every((h) => h.similarity >= floor)).toBe(true);
		expect(index.neighbours(query, 10, 1.01)).toEqual([]);
	});

	it('leaves a whole group out with excludeGroup', () => {
		const query = 'credits quota token exhausted, the bot stopped';
		const all = index.neighbours(query, 10, 0);
		expect(all.map((h) => h.group)).toContain('gamma/bot');
		const without = index.neighbours(query, 10, 0, 'gamma/bot');
		expect(without.map((h) => h.group)).not.toContain('gamma/bot');
		expect(without).toEqual(all.filter((h) => h.group !== 'gamma/bot'));
	});

	it('finds nothing for text without a shared feature or without any feature', () => {
		expect(index.neighbours('zyxwvut qponmlk', 5, 0)).toEqual([]);
		expect(index.neighbours('the and for', 5, 0)).toEqual([]);
		expect(index.neighbours('', 5, 0)).toEqual([]);
	});

	it('orders equally similar cases by id', () => {
		const twins = buildCaseIndex([
			aCase({ id: 'b-case', source: 'https://github.com/b/b/issues/1', situation: 'Identical situation text here.' }),
			aCase({ id: 'a-case', source: 'https://github.com/a/a/issues/1', situation: 'Identical situation text here.' }),
		]);
		expect(twins.neighbours('identical situation', 5, 0).map((h) => h.id)).toEqual(['a-case', 'b-case']);
	});

	it('works for Chinese text without spaces', () => {
		const credit = index.neighbours('接口返回错误，提示账户余额不足，请充值', 3, 0);
		expect(credit[0]).toMatchObject({ id: 'zh-credit', cause: 'key_credit_or_limit', group: 'delta/cn' });
		const region = index.neighbours('服务器在国内，提示地区不支持', 3, 0);
		expect(region[0]).toMatchObject({ id: 'zh-region', cause: 'unsupported_region' });
		expect(region.map((h) => h.id)).not.toContain('zh-credit');
	});
});

const nb = (overrides: Partial<Neighbour>): Neighbour => ({
	id: 'n',
	cause: 'unsupported_region',
	group: 'g',
	underdetermined: false,
	entry: null,
	similarity: 0.5,
	...overrides,
});

describe('neighbourVotes', () => {
	it('gives each cause its share of squared similarity and its best similarity', () => {
		const votes = neighbourVotes([
			nb({ id: 'a', cause: 'unsupported_region', similarity: 0.8 }),
			nb({ id: 'b', cause: 'unsupported_region', similarity: 0.4 }),
			nb({ id: 'c', cause: 'key_credit_or_limit', similarity: 0.6 }),
		]);
		const total = 0.64 + 0.16 + 0.36;
		expect(votes.get('unsupported_region')?.share).toBeCloseTo(0.8 / total, 10);
		expect(votes.get('unsupported_region')?.best).toBe(0.8);
		expect(votes.get('key_credit_or_limit')?.share).toBeCloseTo(0.36 / total, 10);
		expect(votes.get('key_credit_or_limit')?.best).toBe(0.6);
		const shares = [...votes.values()].reduce((s, v) => s + v.share, 0);
		expect(shares).toBeCloseTo(1, 10);
	});

	it('gives all of it to a cause when every neighbour agrees', () => {
		expect(neighbourVotes([nb({ similarity: 0.3 }), nb({ similarity: 0.2 })])).toEqual(
			new Map([['unsupported_region', { share: 1, best: 0.3, bestCommunity: 0 }]]),
		);
	});

	it('ignores underdetermined neighbours', () => {
		const votes = neighbourVotes([
			nb({ cause: 'unsupported_region', similarity: 0.9, underdetermined: true }),
			nb({ cause: 'key_credit_or_limit', similarity: 0.3 }),
		]);
		expect(votes).toEqual(new Map([['key_credit_or_limit', { share: 1, best: 0.3, bestCommunity: 0 }]]));
	});

	it("counts a community case's vote COMMUNITY_VOTE_WEIGHT times a shipped case's of the same similarity", () => {
		const votes = neighbourVotes([
			nb({ id: 'community-7', cause: 'account_suspended_or_banned', similarity: 0.4 }),
			nb({ id: 'openai-12-region', cause: 'unsupported_region', similarity: 0.4 }),
		]);
		expect(votes.get('account_suspended_or_banned')?.share).toBeCloseTo(
			COMMUNITY_VOTE_WEIGHT / (COMMUNITY_VOTE_WEIGHT + 1),
			10,
		);
		expect(votes.get('unsupported_region')?.share).toBeCloseTo(1 / (COMMUNITY_VOTE_WEIGHT + 1), 10);
		// Only the exact community id form counts: a shipped case whose slug merely starts with the word does not.
		const shipped = neighbourVotes([
			nb({ id: 'community-forum-3-region', cause: 'account_suspended_or_banned', similarity: 0.4 }),
			nb({ id: 'openai-12-region', cause: 'unsupported_region', similarity: 0.4 }),
		]);
		expect(shipped.get('account_suspended_or_banned')?.share).toBeCloseTo(0.5, 10);
		// The best similarity of a community case is kept beside the best of all (matching gives it full points).
		expect(votes.get('account_suspended_or_banned')?.bestCommunity).toBe(0.4);
		expect(votes.get('unsupported_region')?.bestCommunity).toBe(0);
		expect(shipped.get('account_suspended_or_banned')?.bestCommunity).toBe(0);
	});

	it('is empty with no determinable neighbour', () => {
		expect(neighbourVotes([])).toEqual(new Map());
		expect(neighbourVotes([nb({ underdetermined: true })])).toEqual(new Map());
	});

	it('gives a share of 0 when every neighbour has similarity 0', () => {
		expect(neighbourVotes([nb({ similarity: 0 })])).toEqual(
			new Map([['unsupported_region', { share: 0, best: 0, bestCommunity: 0 }]]),
		);
	});

	it('votes with the neighbours an index returns', () => {
		const votes = neighbourVotes(index.neighbours('没有余额了，账户余额不足', 5, 0));
		expect([...votes.keys()][0]).toBe('key_credit_or_limit');
	});
});

describe('CJK_FROM', () => {
	it('is below every character of the CJK scripts, so lower tokens skip the script regex', () => {
		const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
		for (let c = 0; c < CJK_FROM; c += 1) expect(cjk.test(String.fromCodePoint(c))).toBe(false);
		expect(cjk.test(String.fromCodePoint(CJK_FROM))).toBe(true);
	});
});

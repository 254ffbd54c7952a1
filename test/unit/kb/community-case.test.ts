import { describe, expect, it } from 'vitest';
import { buildCaseIndex } from '../../../src/kb/case-index.js';
import { CaseSchema } from '../../../src/kb/case-schema.js';
import {
	type CommunityCase,
	exportedCase,
	guessLanguage,
	matchableCase,
	parseConfirmedCause,
} from '../../../src/kb/community-case.js';
import { communityKb, SEGMENT_CASES, STANDALONE_MIN_CASES } from '../../../src/kb/community-cases.js';
import { compileKb } from '../../../src/kb/match.js';
import { aCase } from './a-case.js';

const aCommunityCase = (overrides: Partial<CommunityCase> = {}): CommunityCase => ({
	id: 7,
	threadId: '1100000000000000001',
	escalationId: 3,
	source: 'https://discord.com/channels/1/1100000000000000001',
	lang: 'en',
	route: 'openai',
	status: 403,
	cause: 'account_suspended_or_banned',
	isNewCause: false,
	entry: null,
	confirmedBy: 'moderator',
	actorName: 'mod',
	note: 'The org admin had locked the workspace; unlocking it fixed it.',
	report: 'All calls 403\n\nI am so frustrated, nothing works since this morning',
	error: '{"error":{"code":"workspace_locked"}}',
	learned: true,
	withdrawnAt: null,
	createdAt: Date.UTC(2026, 0, 2),
	...overrides,
});

describe('parseConfirmedCause', () => {
	it('reads a taxonomy id in any spelling, and a refined id as its parent', () => {
		expect(parseConfirmedCause('Unsupported-Region')).toEqual({
			ok: true,
			value: { cause: 'unsupported_region', isNew: false },
		});
		expect(parseConfirmedCause('relay_quota_exhausted')).toEqual({
			ok: true,
			value: { cause: 'key_credit_or_limit', isNew: false },
		});
		expect(parseConfirmedCause('other')).toEqual({ ok: true, value: { cause: 'other', isNew: false } });
	});

	it('keeps anything else as a new cause with a snake_case id, and refuses names too short to mean anything', () => {
		expect(parseConfirmedCause('  Workspace locked by admin ')).toEqual({
			ok: true,
			value: { cause: 'workspace_locked_by_admin', isNew: true },
		});
		expect(parseConfirmedCause('ab')).toMatchObject({ ok: false });
		expect(parseConfirmedCause('!!!???')).toMatchObject({
			ok: false,
			problem: expect.stringMatching(/letters or digits/),
		});
	});
});

describe('community cases as case-base records', () => {
	it('the matcher compares by the report; the export carries the note as the situation, never the poster’s prose', () => {
		const c = aCommunityCase();
		expect(matchableCase(c)).toMatchObject({ id: 'community-7', situation: c.report, cause: c.cause });
		const exported = exportedCase(c);
		expect(CaseSchema.safeParse(exported).success).toBe(true);
		expect(exported.situation).toBe(c.note);
		expect(JSON.stringify(exported)).not.toContain('frustrated');
		expect(exported).toMatchObject({ error: c.error, route: 'openai', status: 403, lang: 'en', confidence: 'high' });
	});

	it('a case without a usable note asks a reviewer for the situation; a new cause is exported as other, named', () => {
		const exported = exportedCase(aCommunityCase({ note: null, isNewCause: true, cause: 'workspace_locked_by_admin' }));
		expect(CaseSchema.safeParse(exported).success).toBe(true);
		expect(exported.cause).toBe('other');
		expect(exported.situation).toMatch(/a reviewer writes the situation/);
		expect(exported.evidence).toContain('"workspace_locked_by_admin"');
	});
});

describe('guessLanguage', () => {
	it('tells the scripts apart', () => {
		expect(guessLanguage('403 Forbidden when calling the API')).toBe('en');
		expect(guessLanguage('调用接口时返回 403 错误')).toBe('zh');
		expect(guessLanguage('APIを呼び出すと403エラーになります')).toBe('ja');
		expect(guessLanguage('API 호출 시 403 오류가 발생합니다')).toBe('ko');
		expect(guessLanguage('Ошибка 403 при вызове API')).toBe('ru');
	});
});

describe('communityKb', () => {
	it('rebuilds the case index only when the revision moves, with the shipped and community cases together', () => {
		const base = compileKb([], { cases: buildCaseIndex([aCase()]) });
		let revision = 0;
		let reads = 0;
		let community = [matchableCase(aCommunityCase())];
		const kb = communityKb(base, [aCase()], {
			revision: () => revision,
			list: () => {
				reads += 1;
				return community;
			},
		});
		const first = kb.current();
		expect(first.cases?.size).toBe(2);
		expect(kb.current()).toBe(first);
		expect(reads).toBe(1);
		const hits = first.cases?.neighbours('nothing works since this morning workspace_locked', 5, 0.1) ?? [];
		expect(hits[0]?.id).toBe('community-7');
		community = [];
		revision = 1;
		expect(kb.current()).toBe(base);
		expect(reads).toBe(2);
	});
});

describe('communityKb at scale', () => {
	it('indexes full segments alone and small ones with the shipped cases; every case is found after one is added', () => {
		const shipped = [aCase()];
		const base = compileKb([], { cases: buildCaseIndex(shipped) });
		const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
		const aText = (i: number) =>
			`${words[i % 8]} ${words[(i >> 3) % 8]} ${words[(i >> 6) % 8]} zz${i.toString(36)}q report`;
		const community = Array.from({ length: SEGMENT_CASES + STANDALONE_MIN_CASES + 5 }, (_, i) =>
			aCase({ id: `community-${i + 1}`, situation: `${aText(i)} with enough words`, error: '' }),
		);
		let revision = 0;
		const kb = communityKb(base, shipped, { revision: () => revision, list: () => community });
		const find = (i: number) =>
			kb.current().cases?.neighbours(`${aText(i - 1)} with enough words`, 3, 0.1)[0]?.id ?? null;
		expect(kb.current().cases?.size).toBe(shipped.length + community.length);
		expect(find(3)).toBe('community-3');
		expect(find(SEGMENT_CASES + 2)).toBe(`community-${SEGMENT_CASES + 2}`);
		community.push(aCase({ id: `community-${community.length + 1}`, situation: 'kilo lima mike november', error: '' }));
		revision += 1;
		expect(kb.current().cases?.neighbours('kilo lima mike november', 1, 0.1)[0]?.id).toBe(
			`community-${community.length}`,
		);
		expect(kb.current().cases?.neighbours('unsupported country region territory', 1, 0.1)[0]?.id).toBe(aCase().id);
	});
});

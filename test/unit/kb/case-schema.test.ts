import { describe, expect, it } from 'vitest';
import { CaseSchema, caseGroup, caseText } from '../../../src/kb/case-schema.js';
import { aCase } from './a-case.js';

/** The paths of the issues `CaseSchema` finds in `value` (empty when it is valid). */
const issuePaths = (value: unknown): string[] => {
	const parsed = CaseSchema.safeParse(value);
	return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('CaseSchema', () => {
	it('accepts a complete case, with or without the optional subcause and entry', () => {
		expect(CaseSchema.parse(aCase())).toEqual(aCase());
		const { entry: _entry, ...noEntry } = aCase();
		expect(issuePaths(noEntry)).toEqual([]);
		expect(issuePaths(aCase({ cause: 'key_credit_or_limit', subcause: 'relay_quota_exhausted' }))).toEqual([]);
		expect(issuePaths(aCase({ status: null, error: '' }))).toEqual([]);
	});

	it('trims the situation and the evidence', () => {
		const parsed = CaseSchema.parse(
			aCase({ situation: '   A post long enough to be a situation.  ', evidence: ' x ' }),
		);
		expect(parsed.situation).toBe('A post long enough to be a situation.');
		expect(parsed.evidence).toBe('x');
	});

	it.each([
		['id', { id: 'Not_Kebab' }],
		['id', { id: 'trailing-' }],
		['source', { source: 'http://github.com/example/app/issues/1' }],
		['source', { source: 'not a url' }],
		['lang', { lang: 'eng' }],
		['lang', { lang: 'EN' }],
		['vendor', { vendor: '  ' }],
		['route', { route: 'somewhere' }],
		['status', { status: 99 }],
		['status', { status: 600 }],
		['status', { status: 403.5 }],
		['cause', { cause: 'Not-A-Cause' }],
		['subcause', { subcause: 'has space' }],
		['underdetermined', { underdetermined: 'no' }],
		['situation', { situation: 'too short' }],
		['situation', { situation: `   ${'x'.repeat(10)}            ` }],
		['evidence', { evidence: '   ' }],
		['confidence', { confidence: 'low' }],
	])('rejects a bad %s (%j)', (field, overrides) => {
		expect(issuePaths({ ...aCase(), ...overrides })).toEqual([field]);
	});

	it('requires every mandatory field', () => {
		const { error: _error, situation: _situation, ...rest } = aCase();
		expect(issuePaths(rest).sort()).toEqual(['error', 'situation']);
	});

	it('rejects fields it does not know (strict)', () => {
		const parsed = CaseSchema.safeParse({ ...aCase(), note: 'extra' });
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.message).toMatch(/note/);
	});
});

describe('caseGroup', () => {
	it.each([
		['https://github.com/Owner/Repo/issues/12', 'owner/repo'],
		['https://github.com/owner/repo/discussions/3#discussioncomment-1', 'owner/repo'],
		['https://github.com/owner/repo/pull/876', 'owner/repo'],
		['https://github.com/owner/repo', 'owner/repo'],
		['https://www.github.com/owner/repo/issues/1', 'owner/repo'],
		['https://github.com/owner', 'github.com'],
		['https://community.openai.com/t/403-unsupported-region/12345', 'community.openai.com'],
		['https://stackoverflow.com/questions/1/why-403', 'stackoverflow.com'],
		['https://V2EX.com/t/1', 'v2ex.com'],
		['https://discord.com/channels/111222333/444555666', 'discord:111222333'],
		['https://discord.com/channels/111222333/444555666/777888999', 'discord:111222333'],
		['https://canary.discord.com/channels/111222333/444555666', 'discord:111222333'],
		['https://discordapp.com/channels/111222333/444555666', 'discord:111222333'],
		['https://discord.com/invite/abc', 'discord.com'],
	])('%s is in group %s', (source, group) => {
		expect(caseGroup(source)).toBe(group);
	});

	it('puts every issue of one repository in the same group', () => {
		expect(caseGroup('https://github.com/a/b/issues/1')).toBe(caseGroup('https://github.com/A/B/issues/999'));
		expect(caseGroup('https://github.com/a/b/issues/1')).not.toBe(caseGroup('https://github.com/a/c/issues/1'));
	});
});

describe('caseText', () => {
	it('is the situation, a blank line, then the error as printed', () => {
		expect(caseText({ situation: 'What the poster did.', error: '403 Forbidden\n{"code":1}' })).toBe(
			'What the poster did.\n\n403 Forbidden\n{"code":1}',
		);
	});

	it('is the situation alone when nothing was printed', () => {
		expect(caseText({ situation: 'What the poster did.', error: '' })).toBe('What the poster did.');
		expect(caseText({ situation: 'What the poster did.', error: '  \n ' })).toBe('What the poster did.');
	});
});

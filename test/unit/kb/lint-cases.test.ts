import { describe, expect, it } from 'vitest';
import { LOOKALIKE_CAUSE_IDS, OTHER_CAUSE } from '../../../src/kb/causes.js';
import { lintCases, MAX_CASES_PER_GROUP } from '../../../src/kb/lint-cases.js';
import { parseCaseFile } from '../../../src/kb/parse-cases.js';
import { caseFile, caseLine } from './a-case.js';

const ENTRY_IDS: ReadonlySet<string> = new Set(['openai-unsupported-region', 'relay-token-quota']);
const lintFiles = (...files: [name: string, lines: string[]][]) =>
	lintCases(
		files.map(([name, lines]) => parseCaseFile(name, caseFile(...lines))),
		ENTRY_IDS,
	);
const lintLines = (...lines: string[]) => lintFiles(['kb/cases/a.jsonl', lines]);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A made-up OpenAI project key ('sk-proj-' and 48 pseudo-random alphanumerics), assembled at run time so that no
 * key-shaped literal sits in the repository. Seeded, so every run builds the same one.
 */
function fakeProjectKey(seed = 20_240_611): string {
	let x = seed >>> 0;
	let body = '';
	for (let i = 0; i < 48; i += 1) {
		x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
		body += ALNUM[(x >>> 8) % ALNUM.length];
	}
	return `sk-proj-${body}`;
}

describe('lintCases', () => {
	it('passes valid cases, refined ones and look-alike causes included', () => {
		expect(
			lintLines(
				caseLine({ id: 'a' }),
				caseLine({
					id: 'b',
					source: 'https://github.com/other/repo/issues/2',
					cause: 'key_credit_or_limit',
					subcause: 'relay_quota_exhausted',
					entry: 'relay-token-quota',
				}),
				caseLine({ id: 'c', source: 'https://example.org/t/3', cause: LOOKALIKE_CAUSE_IDS[0], entry: undefined }),
				caseLine({ id: 'd', source: 'https://example.org/t/4', cause: OTHER_CAUSE, subcause: 'model_id_invalid' }),
			),
		).toEqual([]);
	});

	it('passes on the problems found while parsing', () => {
		expect(lintLines(caseLine({ id: 'a' }), 'not json', caseLine({ id: 'c', lang: 'xyz' }))).toEqual([
			{ file: 'kb/cases/a.jsonl', line: 2, message: expect.stringMatching(/^not JSON/) },
			{ file: 'kb/cases/a.jsonl', line: 3, message: expect.stringMatching(/^lang: /) },
		]);
	});

	it('reports a duplicate id at its second place, naming the first, across files', () => {
		expect(
			lintFiles(
				['kb/cases/a.jsonl', [caseLine({ id: 'x' }), caseLine({ id: 'same' })]],
				['kb/cases/b.jsonl', [caseLine({ id: 'same', source: 'https://github.com/b/b/issues/1' })]],
			),
		).toEqual([{ file: 'kb/cases/b.jsonl', line: 1, message: "duplicate case id 'same' (also kb/cases/a.jsonl:2)" }]);
	});

	it.each([
		['a made-up id', 'made_up_cause'],
		['a refined id in place of its parent', 'relay_quota_exhausted'],
	])('reports a cause not in the taxonomy: %s', (_, cause) => {
		expect(lintLines(caseLine({ id: 'a' }), caseLine({ id: 'b', cause }))).toEqual([
			{
				file: 'kb/cases/a.jsonl',
				line: 2,
				message: `cause '${cause}' is not in today's taxonomy (one of the 24 ids, rate_limited or other)`,
			},
		]);
	});

	it('reports a subcause that refines another parent', () => {
		expect(lintLines(caseLine({ cause: 'model_access_not_granted', subcause: 'relay_quota_exhausted' }))).toEqual([
			{
				file: 'kb/cases/a.jsonl',
				line: 1,
				message: "subcause 'relay_quota_exhausted' refines 'key_credit_or_limit', not 'model_access_not_granted'",
			},
		]);
	});

	it('reports a subcause that is not a refined id', () => {
		expect(lintLines(caseLine({ subcause: 'unsupported_region' }))).toEqual([
			{
				file: 'kb/cases/a.jsonl',
				line: 1,
				message: "subcause 'unsupported_region' is not a refined id (src/kb/causes.ts)",
			},
		]);
	});

	it('reports an entry id that no entry has', () => {
		expect(lintLines(caseLine({ entry: 'no-such-entry' }))).toEqual([
			{ file: 'kb/cases/a.jsonl', line: 1, message: "entry 'no-such-entry' does not exist" },
		]);
	});

	it.each(['error', 'situation', 'evidence'])('reports a key left in the %s', (field) => {
		const key = fakeProjectKey();
		expect(key).toMatch(/^sk-proj-[A-Za-z0-9]{48}$/);
		const text = `Authorization failed for key ${key} while calling the API from our server.`;
		expect(lintLines(caseLine({ id: 'a' }), caseLine({ id: 'b', [field]: text }))).toEqual([
			{ file: 'kb/cases/a.jsonl', line: 2, message: `${field} holds a key or token: redact it` },
		]);
	});

	it('passes a key once it is redacted', () => {
		const redacted = 'Incorrect API key provided: [REDACTED:openai-project] while calling the API.';
		expect(lintLines(caseLine({ error: redacted, situation: redacted }))).toEqual([]);
	});

	it(`allows ${MAX_CASES_PER_GROUP} cases from one repository and reports the next, at its line`, () => {
		const fromRepo = (prefix: string, n: number, repo = 'Owner/Repo') =>
			Array.from({ length: n }, (_, i) =>
				caseLine({ id: `${prefix}-${i}`, source: `https://github.com/${repo}/issues/${i}` }),
			);
		expect(MAX_CASES_PER_GROUP).toBe(5);
		expect(
			lintLines(...fromRepo('a', MAX_CASES_PER_GROUP), ...fromRepo('b', MAX_CASES_PER_GROUP, 'other/repo')),
		).toEqual([]);
		// The sixth case of the repository is in the second file, with the repository's name spelled another way.
		const problems = lintFiles(
			['kb/cases/a.jsonl', fromRepo('a', MAX_CASES_PER_GROUP - 1)],
			['kb/cases/b.jsonl', [...fromRepo('b', 1, 'other/repo'), ...fromRepo('c', 2, 'owner/repo')]],
		);
		expect(problems).toEqual([
			{
				file: 'kb/cases/b.jsonl',
				line: 3,
				message: `6 cases from owner/repo (at most ${MAX_CASES_PER_GROUP} per repository or forum)`,
			},
		]);
	});

	it('counts a forum by its host', () => {
		const forum = Array.from({ length: MAX_CASES_PER_GROUP + 1 }, (_, i) =>
			caseLine({ id: `forum-${i}`, source: `https://community.example.com/t/topic/${i}` }),
		);
		expect(lintLines(...forum)).toEqual([
			{
				file: 'kb/cases/a.jsonl',
				line: MAX_CASES_PER_GROUP + 1,
				message: `6 cases from community.example.com (at most ${MAX_CASES_PER_GROUP} per repository or forum)`,
			},
		]);
	});

	it('counts Discord threads by their server, so two communities are two forums', () => {
		const fromGuild = (guild: string, n: number) =>
			Array.from({ length: n }, (_, i) =>
				caseLine({ id: `g${guild}-${i}`, source: `https://discord.com/channels/${guild}/${1000 + i}` }),
			);
		expect(lintLines(...fromGuild('111', MAX_CASES_PER_GROUP), ...fromGuild('222', MAX_CASES_PER_GROUP))).toEqual([]);
		expect(lintLines(...fromGuild('111', MAX_CASES_PER_GROUP + 1))).toEqual([
			{
				file: 'kb/cases/a.jsonl',
				line: MAX_CASES_PER_GROUP + 1,
				message: `6 cases from discord:111 (at most ${MAX_CASES_PER_GROUP} per repository or forum)`,
			},
		]);
	});

	it('without the per-forum cap (a community importing its own threads) keeps every other check', () => {
		const many = Array.from({ length: 12 }, (_, i) =>
			caseLine({ id: `own-${i}`, source: `https://discord.com/channels/111/${1000 + i}` }),
		);
		const lint = (...lines: string[]) =>
			lintCases([parseCaseFile('export.jsonl', caseFile(...lines))], ENTRY_IDS, { perGroupCap: false });
		expect(lint(...many)).toEqual([]);
		expect(lint(...many, caseLine({ id: 'own-0', source: 'https://discord.com/channels/111/1' }))).toEqual([
			{ file: 'export.jsonl', line: 13, message: "duplicate case id 'own-0' (also export.jsonl:1)" },
		]);
	});
});

import { describe, expect, it } from 'vitest';
import { lintKb } from '../../../src/kb/lint.js';
import { parseKbFile } from '../../../src/kb/parse-entry.js';
import { buildSourceRegistry } from '../../../src/kb/source-records.js';
import { vendorDirectory } from '../../../src/kb/vendors.js';
import { entryFile, VALID_FRONT_MATTER } from './an-entry.js';

/** The source record of the page `VALID_FRONT_MATTER` cites. */
const SOURCES = buildSourceRegistry([
	{
		url: 'https://openrouter.ai/docs/api_reference/limits',
		title: 'OpenRouter API limits',
		checked: '2026-12-01',
		basis: 'fact-sheet',
		sections: [{ section: 'Rate limits and credits', states: 'Each key can carry its own credit limit.' }],
	},
]);
const lintOne = (frontMatter: string) => lintKb([parseKbFile('kb/a.md', entryFile(frontMatter))], SOURCES);
const lineOf = (frontMatter: string, needle: string) =>
	entryFile(frontMatter)
		.split('\n')
		.findIndex((l) => l.includes(needle)) + 1;

describe('lintKb', () => {
	it('passes a valid entry', () => {
		expect(lintOne(VALID_FRONT_MATTER)).toEqual([]);
	});

	it('reports an unknown cause at its line', () => {
		const fm = VALID_FRONT_MATTER.replace('cause: key_credit_or_limit', 'cause: made_up_cause');
		expect(lintOne(fm)).toEqual([
			{
				file: 'kb/a.md',
				line: lineOf(fm, 'made_up_cause'),
				message: expect.stringMatching(/unknown cause 'made_up_cause'/),
			},
		]);
	});

	it('reports duplicate ids in both files', () => {
		const problems = lintKb([
			parseKbFile('kb/a.md', entryFile(VALID_FRONT_MATTER)),
			parseKbFile('kb/b.md', entryFile(VALID_FRONT_MATTER)),
		]);
		expect(problems).toEqual([
			{ file: 'kb/b.md', line: 2, message: "duplicate id 'openrouter-key-limit' (also kb/a.md:2)" },
		]);
	});

	it('reports a regex that does not compile', () => {
		const fm = VALID_FRONT_MATTER.replace("'budget of \\$[\\d,.]+ exceeded'", "'budget of ([unclosed'");
		const problems = lintOne(fm);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({
			line: lineOf(fm, 'unclosed'),
			message: expect.stringMatching(/does not compile/),
		});
	});

	it('reports a regex that matches none of the examples', () => {
		const fm = VALID_FRONT_MATTER.replace("'budget of \\$[\\d,.]+ exceeded'", "'quota of \\d+ reached'");
		expect(lintOne(fm)).toEqual([
			{
				file: 'kb/a.md',
				line: lineOf(fm, 'quota of'),
				message: expect.stringMatching(/matches none of the entry's examples/),
			},
		]);
	});

	it('checks regexes nested in an all-signal and header value patterns', () => {
		const fm = VALID_FRONT_MATTER.replace(
			'  - { kind: text, value: Key limit exceeded, weight: 12 }',
			"  - { kind: all, of: [{ kind: route, value: openrouter }, { kind: regex, value: 'nowhere to be found' }], weight: 3 }\n  - { kind: header, value: server, pattern: '(bad', weight: 2 }",
		);
		const messages = lintOne(fm).map((p) => p.message);
		expect(messages).toContainEqual(expect.stringMatching(/nowhere to be found.*matches none/));
		expect(messages).toContainEqual(expect.stringMatching(/does not compile/));
	});

	it('rejects a citation whose page has no source record', () => {
		const fm = VALID_FRONT_MATTER.replace(
			'https://openrouter.ai/docs/api_reference/limits',
			'https://example.com/made-up',
		);
		expect(lintOne(fm)).toEqual([
			{ file: 'kb/a.md', line: lineOf(fm, 'example.com'), message: expect.stringMatching(/has no source record/) },
		]);
	});

	it('rejects a citation of a section the source record does not list', () => {
		const fm = VALID_FRONT_MATTER.replace("section: 'Rate limits and credits'", "section: 'Somewhere else'");
		expect(lintOne(fm)).toEqual([
			{
				file: 'kb/a.md',
				line: lineOf(fm, 'Somewhere else'),
				message: expect.stringMatching(/section 'Somewhere else' is not in the source record/),
			},
		]);
	});

	it('requires a citation, or a stated reason for none (and not both)', () => {
		const cited = VALID_FRONT_MATTER.slice(
			VALID_FRONT_MATTER.indexOf('citations:'),
			VALID_FRONT_MATTER.indexOf('examples:'),
		);
		const none = VALID_FRONT_MATTER.replace(cited, '');
		expect(lintOne(none).map((p) => p.message)).toEqual([expect.stringMatching(/^no citation: cite the page/)]);
		expect(lintOne(none.replace('examples:', "uncitable: 'one relay''s own message'\nexamples:"))).toEqual([]);
		expect(
			lintOne(VALID_FRONT_MATTER.replace('examples:', "uncitable: 'no page'\nexamples:")).map((p) => p.message),
		).toEqual([expect.stringMatching(/remove `uncitable`/)]);
	});

	it('checks the citations of per-route advice too', () => {
		const fm = VALID_FRONT_MATTER.replace(
			'examples:',
			"routes:\n  router:\n    fix: [Raise the key's limit.]\n    citations:\n      - { url: 'https://example.com/x', title: X, section: S, states: Says so. }\nexamples:",
		);
		expect(lintOne(fm).map((p) => p.message)).toEqual([
			expect.stringMatching(/https:\/\/example\.com\/x has no source record/),
		]);
	});

	it('fails a page scoped to some routes when it leaves unknown or a route a scope names with nothing to cite', () => {
		const scoped = (routes: string, providers = '[openrouter]') =>
			VALID_FRONT_MATTER.replace('providers: [openrouter]', `providers: ${providers}`).replace(
				"    states: 'Says each key can have its own credit limit, separate from the account balance.'\n",
				`    states: 'Says each key can have its own credit limit, separate from the account balance.'\n    routes: ${routes}\n`,
			);
		// Served: `unknown`, the routes the providers name, and the routes a citation is scoped to.
		expect(lintOne(scoped('[router, unknown]'))).toEqual([]);
		const noUnknown = lintOne(scoped('[router]'));
		expect(noUnknown.map((p) => p.message)).toEqual([
			"no citation holds for route unknown: add a page for it (or in its `routes` advice), or widen a citation's `routes` or `upstream`",
		]);
		expect(noUnknown[0]?.line).toBe(lineOf(scoped('[router]'), 'citations:'));
		// Routes named by another citation's scope are checked; a route no scope names is not (its vendor may have no
		// page for the steps, and an uncited answer beats another vendor's page).
		const two = scoped('[router, unknown]').replace(
			'examples:',
			"routes:\n  direct: { fix: [Top up.], citations: [{ url: 'https://openrouter.ai/docs/api_reference/limits', title: L, section: 'Rate limits and credits', states: Says so., routes: [openai, relay] }] }\nexamples:",
		);
		expect(lintOne(two).map((p) => p.message)).toEqual([
			expect.stringMatching(/^no citation holds for route relay, unknown:/),
		]);
		expect(lintOne(scoped('[router, unknown]', '[openrouter, groq]'))).toEqual([]);
		const otherwise = scoped('[router, unknown]', '[openrouter, openai]').replace(
			'examples:',
			"routes:\n  direct: { fix: [Top up.], citations: [{ url: 'https://openrouter.ai/docs/api_reference/limits', title: L, section: 'Rate limits and credits', states: Says so., routes: [direct] }] }\nexamples:",
		);
		expect(lintOne(otherwise)).toEqual([]);
	});

	it('fails pages scoped to upstream vendors that leave a vendor they name, or no vendor, with nothing to cite', () => {
		const upstream = (vendors: string, extra = '') =>
			VALID_FRONT_MATTER.replace(
				"    states: 'Says each key can have its own credit limit, separate from the account balance.'\n",
				`    states: 'Says each key can have its own credit limit, separate from the account balance.'\n    upstream: ${vendors}\n${extra}`,
			);
		// One vendor's page alone holds for that vendor and where no vendor is known; another vendor gets no page
		// rather than this one.
		expect(lintOne(upstream('[openai]'))).toEqual([]);
		// Scoped by route as well: OpenAI's page only through OpenRouter, Anthropic's only with no route found.
		const claudePage =
			"  - { url: 'https://openrouter.ai/docs/api_reference/limits', title: L, section: 'Rate limits and credits', states: Says so., routes: [unknown], upstream: [anthropic] }\n";
		const gap = lintOne(upstream('[openai]\n    routes: [openrouter]', claudePage)).map((p) => p.message);
		expect(gap).toEqual([
			expect.stringMatching(
				/^no citation holds for route openrouter \(error from anthropic\), unknown \(error from openai\):/,
			),
		]);
		// A vendor named by `upstream` needs a vendor record when the records are checked.
		const vendors = vendorDirectory([]);
		const problems = lintKb([parseKbFile('kb/a.md', entryFile(upstream('[acme-ai]')))], SOURCES, vendors);
		expect(problems.map((p) => p.message)).toContain(
			"upstream vendor 'acme-ai' has no vendor record (kb/vendors/<id>.yaml)",
		);
	});

	it('requires a vendor record for every provider an entry names, except the generic ones', () => {
		const vendors = vendorDirectory([
			{
				id: 'openrouter',
				name: 'OpenRouter',
				kind: 'router',
				support_email: 'support@openrouter.ai',
				sources: [{ field: 'support_email', url: 'https://openrouter.ai/docs/faq', section: 'S', states: 'x' }],
				checked: '2026-12-01',
			},
		]);
		const lintWith = (fm: string) => lintKb([parseKbFile('kb/a.md', entryFile(fm))], SOURCES, vendors);
		expect(lintWith(VALID_FRONT_MATTER)).toEqual([]);
		expect(
			lintWith(VALID_FRONT_MATTER.replace('providers: [openrouter]', 'providers: [openrouter, relay, any]')),
		).toEqual([]);
		const fm = VALID_FRONT_MATTER.replace('providers: [openrouter]', 'providers: [openrouter, acme-ai]');
		expect(lintWith(fm)).toEqual([
			{
				file: 'kb/a.md',
				line: lineOf(fm, 'providers:'),
				message: expect.stringMatching(/provider 'acme-ai' has no vendor record: add kb\/vendors\/<id>\.yaml/),
			},
		]);
	});

	it('says support contacts live in the vendor records when an entry still has `support`', () => {
		const fm = VALID_FRONT_MATTER.replace('examples:', 'support: https://openrouter.ai/support\nexamples:');
		expect(lintOne(fm).map((p) => p.message)).toEqual([expect.stringMatching(/support contacts live in kb\/vendors/)]);
	});

	it('requires at least one decisive signal', () => {
		const fm = VALID_FRONT_MATTER.replaceAll('weight: 12', 'weight: 2');
		expect(lintOne(fm).map((p) => p.message)).toEqual([expect.stringMatching(/no signal has weight >= 5/)]);
	});

	it('keeps schema problems from parsing and reports an empty KB', () => {
		const fm = VALID_FRONT_MATTER.replace('id: openrouter-key-limit', 'id: Not Kebab');
		expect(lintOne(fm).map((p) => p.message)).toEqual([expect.stringMatching(/^id: must be kebab-case/)]);
		expect(lintKb([])).toEqual([{ file: '(kb)', line: 0, message: 'no entries found' }]);
	});
});

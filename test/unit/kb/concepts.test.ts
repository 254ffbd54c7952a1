import { describe, expect, it } from 'vitest';
import { type Concept, compileConcepts, parseConcepts } from '../../../src/kb/concepts.js';
import { buildEvidence } from '../../../src/kb/evidence.js';
import type { Route } from '../../../src/triage/types.js';
import { aTriage } from './a-triage.js';

const VALID = `
- id: out-of-credits
  about: 'no money on the account or key'
  causes: { key_credit_or_limit: 4.5 }
  any:
    - '\\binsufficient[ _](?:balance|credits?)\\b'
    - '欠费|余额不足'
  examples:
    - 'Insufficient balance on the account'
    - '账户余额不足'

- id: browser-origin
  about: 'a browser or extension calls a local server'
  causes: { cors_origin_not_allowed: 3, unsupported_region: -1 }
  any: ['\\b(?:chrome|browser) extension\\b']
  with: ['\\b403\\b|forbidden']
  routes: [ollama, localhost]
  examples: ['my chrome extension gets 403']
`;

describe('parseConcepts', () => {
	it('reads a valid vocabulary with no problems', () => {
		const { concepts, problems } = parseConcepts(VALID);
		expect(problems).toEqual([]);
		expect(concepts.map((c) => c.id)).toEqual(['out-of-credits', 'browser-origin']);
		expect(concepts[1]).toMatchObject({
			causes: { cors_origin_not_allowed: 3, unsupported_region: -1 },
			with: ['\\b403\\b|forbidden'],
			routes: ['ollama', 'localhost'],
		});
	});

	it('reports text that is not YAML, and no concepts', () => {
		const { concepts, problems } = parseConcepts('- id: a\n  any: [unclosed\n');
		expect(concepts).toEqual([]);
		expect(problems).toEqual([expect.stringMatching(/^not YAML: /)]);
	});

	it('reports every schema problem with its path, and no concepts', () => {
		const text = VALID.replace('id: out-of-credits', 'id: Out_Of_Credits').replace(
			'key_credit_or_limit: 4.5',
			'key_credit_or_limit: 11',
		);
		const { concepts, problems } = parseConcepts(text);
		expect(concepts).toEqual([]);
		expect(problems).toEqual([
			expect.stringMatching(/^concept 0\.id: must be kebab-case/),
			expect.stringMatching(/^concept 0\.causes\.key_credit_or_limit: /),
		]);
	});

	it.each([
		['a missing field', VALID.replace("  about: 'no money on the account or key'\n", ''), /^concept 0\.about: /],
		['an unknown route', VALID.replace('routes: [ollama, localhost]', 'routes: [nowhere]'), /^concept 1\.routes\.0: /],
		[
			'an unknown field',
			VALID.replace('  routes: [ollama', '  colour: red\n  routes: [ollama'),
			/^concept 1: .*colour/,
		],
		[
			'no examples',
			VALID.replace("  examples: ['my chrome extension gets 403']", '  examples: []'),
			/^concept 1\.examples: /,
		],
		['a mapping instead of a list', 'id: a\nabout: b\n', /^concept : /],
	])('reports %s', (_, text, problem) => {
		const { concepts, problems } = parseConcepts(text);
		expect(concepts).toEqual([]);
		expect(problems).toEqual([expect.stringMatching(problem)]);
	});

	it('reports an any-pattern that matches none of the examples (case-insensitively checked)', () => {
		const text = VALID.replace("'欠费|余额不足'", "'payment overdue'");
		const { concepts, problems } = parseConcepts(text);
		expect(problems).toEqual(["concept 'out-of-credits': /payment overdue/ matches none of its examples"]);
		expect(concepts).toHaveLength(2);
		expect(parseConcepts(VALID.replace("'欠费|余额不足'", "'INSUFFICIENT BALANCE'")).problems).toEqual([]);
	});

	it('reports a pattern that does not compile, in any or in with', () => {
		const text = VALID.replace("'欠费|余额不足'", "'(unclosed'").replace("'\\b403\\b|forbidden'", "'[bad'");
		const { problems } = parseConcepts(text);
		expect(problems).toEqual([
			expect.stringMatching(/^concept 'out-of-credits': \/\(unclosed\/ does not compile: /),
			expect.stringMatching(/^concept 'browser-origin': \/\[bad\/ does not compile: /),
		]);
	});

	it('requires one example in which the concept is present as a whole (an any pattern and every with pattern)', () => {
		expect(parseConcepts(VALID.replace("'\\b403\\b|forbidden'", "'context found nowhere'")).problems).toEqual([
			"concept 'browser-origin': none of its examples has both an 'any' pattern and every 'with' pattern",
		]);
	});

	it('reports a duplicate id', () => {
		const { concepts, problems } = parseConcepts(`${VALID}\n${VALID.split('\n- id: browser-origin')[0]}`);
		expect(problems).toEqual(["duplicate concept id 'out-of-credits'"]);
		expect(concepts.map((c) => c.id)).toEqual(['out-of-credits', 'browser-origin', 'out-of-credits']);
	});

	it('reads an empty list', () => {
		expect(parseConcepts('[]')).toEqual({ concepts: [], problems: [] });
	});
});

const aConcept = (overrides: Partial<Concept> = {}): Concept => ({
	id: 'out-of-credits',
	about: 'no money left',
	causes: { key_credit_or_limit: 4.5 },
	any: ['\\binsufficient balance\\b', '余额不足'],
	examples: ['insufficient balance'],
	...overrides,
});
const evidence = (text: string, route: Route = 'unknown') => buildEvidence(aTriage({ text, route }));
const firedIds = (concepts: readonly Concept[], text: string, route?: Route) =>
	compileConcepts(concepts)
		.fire(evidence(text, route))
		.map((f) => f.id);

describe('compileConcepts', () => {
	it('keeps its concepts', () => {
		const concepts = [aConcept()];
		expect(compileConcepts(concepts).concepts).toBe(concepts);
	});

	it('fires a concept when any of its patterns matches, case-insensitively, with its causes', () => {
		const compiled = compileConcepts([aConcept()]);
		expect(compiled.fire(evidence('Error: INSUFFICIENT BALANCE on key'))).toEqual([
			{ id: 'out-of-credits', causes: { key_credit_or_limit: 4.5 } },
		]);
		expect(compiled.fire(evidence('调用失败：账户余额不足'))).toHaveLength(1);
		expect(compiled.fire(evidence('403 Forbidden, please help'))).toEqual([]);
	});

	it('matches the normalised text (JSON escapes, line breaks)', () => {
		expect(firedIds([aConcept()], '{"message":"insufficient\\n   balance"}')).toEqual(['out-of-credits']);
	});

	it('needs every with-pattern to match too', () => {
		const concept = aConcept({ id: 'edge', any: ['\\bvercel\\b'], with: ['\\b403\\b', 'region'] });
		expect(firedIds([concept], 'deployed on Vercel')).toEqual([]);
		expect(firedIds([concept], 'deployed on Vercel, got 403')).toEqual([]);
		expect(firedIds([concept], 'deployed on Vercel, got 403: region not supported')).toEqual(['edge']);
	});

	it('stays silent when a without-pattern names another explanation', () => {
		const concept = aConcept({ id: 'fingerprint', any: ['curl works'], with: ['cloudflare'], without: ['\\bvpn\\b'] });
		expect(firedIds([concept], 'Cloudflare blocks the SDK but curl works')).toEqual(['fingerprint']);
		expect(firedIds([concept], 'Cloudflare blocks the SDK on my VPN but curl works')).toEqual([]);
	});

	it('fires only on its routes when it has routes', () => {
		const concept = aConcept({ id: 'moderation', any: ['flagged'], routes: ['openrouter'] });
		expect(firedIds([concept], 'input was flagged', 'openrouter')).toEqual(['moderation']);
		expect(firedIds([concept], 'input was flagged', 'openai')).toEqual([]);
		expect(firedIds([concept], 'input was flagged')).toEqual([]);
	});

	it('never fires on its not_routes', () => {
		const concept = aConcept({ id: 'content', any: ['content filter'], not_routes: ['openrouter'] });
		expect(firedIds([concept], 'blocked by the content filter', 'openrouter')).toEqual([]);
		expect(firedIds([concept], 'blocked by the content filter', 'azure-openai')).toEqual(['content']);
		expect(firedIds([concept], 'blocked by the content filter')).toEqual(['content']);
	});

	it('fires every concept present, in vocabulary order, and keeps negative weights', () => {
		const concepts = [
			aConcept(),
			aConcept({ id: 'region', causes: { unsupported_region: 5 }, any: ['region'] }),
			aConcept({ id: 'not-region', causes: { unsupported_region: -2 }, any: ['balance'] }),
		];
		expect(compileConcepts(concepts).fire(evidence('insufficient balance in this region'))).toEqual([
			{ id: 'out-of-credits', causes: { key_credit_or_limit: 4.5 } },
			{ id: 'region', causes: { unsupported_region: 5 } },
			{ id: 'not-region', causes: { unsupported_region: -2 } },
		]);
	});

	it('gives the same answer when fired twice (no regex state kept between posts)', () => {
		const compiled = compileConcepts([aConcept()]);
		const ev = evidence('insufficient balance');
		expect(compiled.fire(ev)).toEqual(compiled.fire(ev));
	});
});

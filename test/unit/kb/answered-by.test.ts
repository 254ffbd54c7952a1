import { describe, expect, it } from 'vitest';
import {
	answeredByConcepts,
	CONFIGURED_ELSEWHERE,
	OWN_BASE_URL,
	PASSES_UPSTREAM_ERROR,
} from '../../../src/kb/answered-by.js';
import { type Concept, compileConcepts } from '../../../src/kb/concepts.js';
import { buildEvidence } from '../../../src/kb/evidence.js';
import type { Vendor } from '../../../src/kb/vendors.js';
import { aTriage } from './a-triage.js';

const vendor = (v: Partial<Vendor> & Pick<Vendor, 'id'>): Vendor => ({
	name: v.id,
	kind: 'vendor',
	sources: [{ field: 'docs', url: 'https://example.com/docs', section: 'Docs', states: 'The docs root.' }],
	docs: 'https://example.com/docs',
	checked: '2026-12-01',
	...v,
});

const ACME = vendor({
	id: 'acme',
	names: ['\\bacme (?:api|console)\\b'],
	models: ['\\bacme-llm\\b'],
	default_endpoint: true,
	own_errors: [
		{ says: 'invalid_or_revoked_key', pattern: 'Acme says: bad key', example: 'Acme says: bad key' },
		{ says: 'key_credit_or_limit', pattern: 'Acme says: no credit', example: 'Acme says: no credit' },
	],
});
const ZETA = vendor({ id: 'zeta', names: ['\\bzeta cloud\\b|泽塔'], models: ['\\bzeta-\\d'] });
const WORDS: Concept[] = [
	{ id: CONFIGURED_ELSEWHERE, about: 'a relay', causes: {}, any: ['中转|\\brelay\\b'], examples: ['relay'] },
	{ id: OWN_BASE_URL, about: 'own base url', causes: {}, any: ['\\bbase_url\\b'], examples: ['base_url'] },
	{
		id: PASSES_UPSTREAM_ERROR,
		about: 'router envelope',
		causes: {},
		any: ['Provider returned error'],
		examples: ['Provider returned error'],
	},
];

const fired = (concepts: Concept[], text: string) =>
	compileConcepts(concepts)
		.fire(buildEvidence(aTriage({ text })))
		.map((c) => c.id);

describe('a vendor answered for another provider (answeredByConcepts)', () => {
	const concepts = answeredByConcepts([ACME, ZETA], WORDS);

	it('makes one concept per vendor and per cause its own messages blame, none for a vendor with no messages', () => {
		expect(concepts.map((c) => c.id)).toEqual([
			'answered-by-acme-for-another-invalid-or-revoked-key',
			'answered-by-acme-for-another-key-credit-or-limit',
		]);
		expect(concepts[0]?.causes).toEqual({
			misrouted_to_wrong_provider: 5,
			wrong_base_url_or_proxy_block: 3,
			invalid_or_revoked_key: -10,
		});
		expect(concepts[1]?.causes.key_credit_or_limit).toBe(-10);
	});

	it("fires when the vendor's own message comes back on a post that set up another provider, in any language", () => {
		expect(fired(concepts, 'I configured Zeta Cloud and got: Acme says: bad key')).toEqual([
			'answered-by-acme-for-another-invalid-or-revoked-key',
		]);
		expect(fired(concepts, '用的是泽塔的 key，报错 Acme says: no credit')).toEqual([
			'answered-by-acme-for-another-key-credit-or-limit',
		]);
		expect(fired(concepts, '中转站的 key: Acme says: bad key')).toHaveLength(1);
	});

	it("counts a base URL of the poster's own and another maker's model only against an endpoint SDKs fall back to", () => {
		expect(fired(concepts, 'base_url set to my server; Acme says: bad key')).toHaveLength(1);
		expect(fired(concepts, 'asking zeta-2 for a summary: Acme says: bad key')).toHaveLength(1);
		const notDefault = answeredByConcepts([{ ...ACME, default_endpoint: false }, ZETA], WORDS);
		expect(fired(notDefault, 'base_url set to my server; Acme says: bad key')).toEqual([]);
		expect(fired(notDefault, 'asking zeta-2 for a summary: Acme says: bad key')).toEqual([]);
	});

	it('stays silent when the post set up the vendor that answered, or a router passed the message through', () => {
		expect(fired(concepts, 'My Acme console key: Acme says: bad key')).toEqual([]);
		expect(fired(concepts, 'My acme-llm call: Acme says: bad key')).toEqual([]);
		expect(fired(concepts, 'Zeta Cloud: Provider returned error (Acme says: bad key)')).toEqual([]);
	});

	it('makes nothing when no other vendor is named anywhere and no words say "elsewhere"', () => {
		expect(answeredByConcepts([{ ...ACME, default_endpoint: false }], [])).toEqual([]);
	});
});

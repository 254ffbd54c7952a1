import { describe, expect, it } from 'vitest';
import { type ContactFacts, candidateParties, legacyContact, resolveContact } from '../../../src/escalation/contact.js';
import { VENDORS } from './fixtures.js';

const facts = (overrides: Partial<ContactFacts> = {}): ContactFacts => ({
	route: 'unknown',
	providerNames: [],
	model: null,
	entryProviders: [],
	...overrides,
});
const DESK = 'desk@community.test';

describe('the party that can act', () => {
	it('is the router that served the request first, then the vendor behind it', () => {
		const parties = candidateParties(
			facts({ route: 'openrouter', providerNames: ['Azure'], model: 'openai/gpt-4o' }),
			VENDORS,
		);
		expect(parties.map((p) => [p.vendor.id, p.role])).toEqual([
			['openrouter', 'served'],
			['azure-openai', 'behind'],
			['openai', 'behind'],
		]);
		expect(resolveContact(facts({ route: 'openrouter', providerNames: ['Azure'] }), VENDORS, null)).toMatchObject({
			party: { id: 'openrouter', name: 'OpenRouter', role: 'served' },
			to: 'support@openrouter.ai',
		});
	});

	it('skips a router that documents no contact (OneRouter) for the vendor behind it', () => {
		expect(resolveContact(facts({ route: 'onerouter', model: 'openai/gpt-5.1' }), VENDORS, null)).toMatchObject({
			party: { id: 'openai', role: 'behind' },
			to: null,
			form: 'https://help.openai.com/en/articles/6614161-how-can-i-contact-support',
		});
	});

	it("uses the matched entry's vendor only when the route is unknown and the entry names exactly one", () => {
		expect(resolveContact(facts({ entryProviders: ['zhipu'] }), VENDORS, null).to).toBe('service@zhipuai.cn');
		expect(resolveContact(facts({ entryProviders: ['gemini', 'vertex', 'any'] }), VENDORS, null).party).toBeNull();
		expect(resolveContact(facts({ entryProviders: ['openai', 'any'] }), VENDORS, null).party).toBeNull();
		expect(resolveContact(facts({ route: 'openai', entryProviders: ['zhipu'] }), VENDORS, null).party?.id).toBe(
			'openai',
		);
	});

	it('takes the vendor named by the error when the route is unknown', () => {
		expect(resolveContact(facts({ providerNames: [null, 'OpenAI'] }), VENDORS, null).party).toMatchObject({
			id: 'openai',
			role: 'named',
		});
	});

	it('takes the maker of a bare model id when the route is unknown, after a relay that served it', () => {
		expect(
			resolveContact(facts({ model: 'gpt-4o', entryProviders: ['openai', 'openrouter'] }), VENDORS, null),
		).toMatchObject({
			party: { id: 'openai', role: 'named' },
			form: 'https://help.openai.com/en/articles/6614161-how-can-i-contact-support',
		});
		expect(candidateParties(facts({ route: 'relay', model: 'glm-4.6' }), VENDORS).map((p) => p.role)).toEqual([
			'behind',
		]);
		expect(resolveContact(facts({ model: 'llama-3.1-8b' }), VENDORS, null).party).toBeNull();
	});

	it('notes a relay: its operator is the first to ask', () => {
		expect(resolveContact(facts({ route: 'relay' }), VENDORS, DESK)).toMatchObject({
			party: null,
			to: DESK,
			toDesk: true,
			viaRelay: true,
		});
	});
});

describe('To: and Cc:', () => {
	it("To: the party's documented address, Cc: the desk", () => {
		expect(resolveContact(facts({ route: 'openrouter' }), VENDORS, DESK)).toMatchObject({
			to: 'support@openrouter.ai',
			cc: DESK,
			form: null,
			toDesk: false,
		});
	});

	it('the desk alone in To: when the party has only a web form (the form still named) or nothing', () => {
		expect(resolveContact(facts({ route: 'azure-openai' }), VENDORS, DESK)).toMatchObject({
			to: DESK,
			cc: null,
			form: 'https://ms.portal.azure.com/#view/Microsoft_Azure_Support/NewSupportRequestV3Blade',
			toDesk: true,
		});
		expect(resolveContact(facts({ route: 'gemini' }), VENDORS, DESK)).toMatchObject({
			party: { id: 'google-gemini' },
			to: DESK,
			form: null,
		});
	});

	it('no Cc: when the desk is the party itself; no To: without an address', () => {
		expect(resolveContact(facts({ route: 'openrouter' }), VENDORS, 'Support@OpenRouter.ai').cc).toBeNull();
		expect(resolveContact(facts({ route: 'openai' }), VENDORS, null).to).toBeNull();
		expect(resolveContact(facts({ route: 'openai' }), VENDORS, 'not an address').to).toBeNull();
	});

	it('reads an older escalation: its To: only when that was an email address', () => {
		expect(legacyContact('support@vendor.test').to).toBe('support@vendor.test');
		expect(legacyContact('https://help.openai.com')).toMatchObject({ to: null, form: 'https://help.openai.com' });
		expect(legacyContact('Azure support (Azure portal)')).toMatchObject({ to: null, form: null });
	});
});

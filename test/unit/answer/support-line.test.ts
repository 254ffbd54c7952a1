import { describe, expect, it } from 'vitest';
import { answerContact } from '../../../src/answer/support-line.js';
import { VENDORS } from '../escalation/fixtures.js';
import { anError, aProviderError, aTriage } from '../kb/a-triage.js';

const DESK = 'desk@community.test';

describe('the contact an answer names when the fix does not work', () => {
	it('is the router that served the request, with its documented email, before the vendor behind it', () => {
		const triage = aTriage({
			route: 'openrouter',
			model: 'google/gemini-2.5-pro',
			error: anError({ providerError: aProviderError({ providerName: 'Google AI Studio' }) }),
		});
		expect(answerContact({ providers: ['gemini'] }, triage, VENDORS, DESK)).toEqual({
			text: 'OpenRouter support (support@openrouter.ai)',
			vendorId: 'openrouter',
		});
	});

	it("is the vendor the route names, with its support form when it documents no email (OpenAI's help page)", () => {
		const contact = answerContact({ providers: ['openai'] }, aTriage({ route: 'openai' }), VENDORS, null);
		expect(contact).toEqual({
			text: 'OpenAI support at <https://help.openai.com/en/articles/6614161-how-can-i-contact-support>',
			vendorId: 'openai',
		});
	});

	it("is the matched entry's single vendor when triage found no route", () => {
		expect(answerContact({ providers: ['zhipu'] }, aTriage({ route: 'unknown' }), VENDORS, null).text).toBe(
			'Zhipu AI support (service@zhipuai.cn)',
		);
	});

	it('is the community desk when no party documents a contact, and the generic wording when there is none', () => {
		const anyEntry = { providers: ['any'] };
		expect(answerContact(anyEntry, aTriage({ route: 'unknown' }), VENDORS, DESK)).toEqual({
			text: `the support desk (${DESK})`,
			vendorId: null,
		});
		expect(answerContact(anyEntry, aTriage({ route: 'unknown' }), VENDORS, null).text).toBe("the provider's support");
		// Gemini documents only its docs: with a desk the desk is named; without one, Google's support by name.
		const gemini = aTriage({ route: 'gemini' });
		expect(answerContact({ providers: ['gemini'] }, gemini, VENDORS, DESK).text).toBe(`the support desk (${DESK})`);
		expect(answerContact({ providers: ['gemini'] }, gemini, VENDORS, null).text).toBe(
			'Google Gemini API (AI Studio) support',
		);
	});

	it("sends a relay's user to its operator first, then to the vendor behind it", () => {
		const viaRelay = aTriage({ route: 'relay', model: 'gpt-4o', error: anError({ provider: 'OpenAI' }) });
		expect(answerContact({ providers: ['relay'] }, viaRelay, VENDORS, DESK)).toEqual({
			text: 'the operator of the relay you use (the service that issued your key) first, then OpenAI support at <https://help.openai.com/en/articles/6614161-how-can-i-contact-support> if they find the vendor refused it',
			vendorId: 'openai',
		});
		expect(answerContact({ providers: ['relay'] }, aTriage({ route: 'relay' }), VENDORS, DESK).text).toBe(
			'the operator of the relay you use (the service that issued your key)',
		);
	});

	it('never takes a contact from outside the vendor records', () => {
		expect(answerContact({ providers: ['openai'] }, aTriage({ route: 'openai' }), null, null).text).toBe(
			"the provider's support",
		);
	});
});

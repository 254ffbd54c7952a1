import { describe, expect, it } from 'vitest';
import { resolveContact, type SupportContact } from '../../../src/escalation/contact.js';
import { composeSubject, composeSupportEmail, composeUserDraft, SUBJECT_MAX } from '../../../src/escalation/email.js';
import { buildSummary } from '../../../src/escalation/summary.js';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, PLANTED, VENDORS } from './fixtures.js';

const contactFor = (route: string, desk: string | null = null, model: string | null = null): SupportContact =>
	resolveContact({ route, providerNames: [], model, entryProviders: [] }, VENDORS, desk);
const OPENROUTER = contactFor('openrouter');

const summary = buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE, tried: ['Re-created the key'] });
const leaky = buildSummary({ thread: A_THREAD, triage: aTriage({}, true), cause: A_CAUSE });

function hugeSummary() {
	const t = aTriage();
	const big = `${'line of error text '.repeat(8)}\n`.repeat(400);
	return buildSummary({
		thread: { ...A_THREAD, title: `\`\`\` ${'t'.repeat(500)} @everyone` },
		triage: {
			...t,
			error: t.error === null ? null : { ...t.error, excerpt: `\`\`\`\n${big}` },
			snippet: t.snippet === null ? null : { ...t.snippet, code: `\`\`\`python\n${big}\`\`\`` },
		},
		cause: A_CAUSE,
		tried: Array.from({ length: 9 }, () => 'x'.repeat(400)),
	});
}

describe('the support email', () => {
	it('has a one-line subject naming status, code, model and route', () => {
		const subject = composeSubject(summary);
		expect(subject).toBe('HTTP 403 (model_not_found) for openai/o3 via openrouter: 403 on o3 via OpenRouter');
		expect(subject).not.toMatch(/[\r\n]/);
	});

	it.each([
		[
			'a bare Azure key',
			'Azure OpenAI 401 with key 0123456789abcdef0123456789abcdef',
			'0123456789abcdef0123456789abcdef',
		],
		[
			'an Azure key after a JSON escape',
			'Azure 401 {\\"api-key\\": \\"0123456789abcdef0123456789abcdef\\"}',
			'0123456789abcdef0123456789abcdef',
		],
		['an OpenAI key after \\n', 'Got 401 \\nsk-proj-Ab12Cd34Ef56Gh78Ij90Kl12', 'Ab12Cd34Ef56Gh78Ij90Kl12'],
	])('keeps %s in the thread title out of the subject, the body and the stored summary', (_name, title, secret) => {
		const s = buildSummary({ thread: { ...A_THREAD, title }, triage: null, cause: null });
		expect(JSON.stringify(s)).not.toContain(secret);
		expect(composeSubject(s)).not.toContain(secret);
		expect(composeSupportEmail(s, { voice: 'owner' }).body).not.toContain(secret);
	});

	it('keeps the subject single-line and bounded whatever the title', () => {
		const subject = composeSubject(
			buildSummary({
				thread: { ...A_THREAD, title: `a\r\nBcc: x@y.z\n${'z'.repeat(400)}` },
				triage: null,
				cause: null,
			}),
		);
		expect(subject).not.toMatch(/[\r\n]/);
		expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
	});

	it('carries the thread link, the redacted details and what was tried', () => {
		const { body, to, cc } = composeSupportEmail(summary, { voice: 'team', contact: OPENROUTER });
		expect(to).toBe('support@openrouter.ai');
		expect(cc).toBeNull();
		expect(body).toContain(summary.threadLink);
		expect(body).toContain('HTTP status: 403');
		expect(body).toContain('Code: model_not_found');
		expect(body).toContain('Request id: req_abc123');
		expect(body).toContain('Model: openai/o3');
		expect(body).toContain('Route: openrouter (base URL https://openrouter.ai/api/v1)');
		expect(body).toContain('- Re-created the key');
		expect(body).toContain('BYOK key rejected by the provider (confidence 42%)');
		expect(body).toContain('Error body (excerpt):');
		expect(body).toContain('Code (excerpt):');
	});

	it('speaks for the poster in the draft and for the team when Doorman sends it', () => {
		expect(composeSupportEmail(summary, { voice: 'owner' }).body).toMatch(/^Hello,\n\nI am getting/);
		expect(composeSupportEmail(summary, { voice: 'team', community: 'LLM Devs' }).body).toMatch(/A member of LLM Devs/);
	});

	it('never contains a key, even when the summary was given one', () => {
		const email = composeSupportEmail(leaky, { voice: 'team' });
		expect(leakedKeys(email.subject + email.body)).toEqual([]);
	});
});

describe("the poster's ready-to-send draft", () => {
	it('gives address, subject and body in one copyable code block under 2000 characters', () => {
		const draft = composeUserDraft(summary, OPENROUTER);
		expect(draft.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
		expect(draft).toContain('**To:** support@openrouter.ai');
		expect(draft).toContain(`**Subject:** \`${composeSubject(summary)}\``);
		expect(draft.match(/```/g)).toHaveLength(2);
		expect(draft.endsWith('\n```')).toBe(true);
		expect(draft).toContain('I am getting an API error');
		expect(draft).toMatch(/Rotate it/);
	});

	it('is trimmed safely when the details are long: still under the limit, one code block, a trim note', () => {
		const draft = composeUserDraft(hugeSummary());
		expect(draft.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
		expect(draft.match(/```/g)).toHaveLength(2);
		expect(draft).toMatch(/\[trimmed to fit Discord; the full details are in this thread\]\n```$/);
		expect(draft).toContain('I found no documented support address or form');
		expect(draft).not.toContain('@everyone');
	});

	it('never contains a key', () => {
		expect(leakedKeys(composeUserDraft(leaky))).toEqual([]);
		expect(composeUserDraft(leaky)).not.toContain(PLANTED.openaiProject);
	});
});

describe('who the draft goes to', () => {
	const TO_LINE = /\*\*To:\*\* (\S+)/;

	it('names the router that served the request: To: its documented address, Cc: the desk when one is set', () => {
		const draft = composeUserDraft(summary, contactFor('openrouter', 'help@community.test'));
		expect(draft).toContain('**To:** support@openrouter.ai');
		expect(draft).toContain("**Cc:** help@community.test (this community's support desk)");
		expect(draft).toContain('contact OpenRouter yourself');
		const email = composeSupportEmail(summary, {
			voice: 'team',
			contact: contactFor('openrouter', 'help@community.test'),
		});
		expect([email.to, email.cc]).toEqual(['support@openrouter.ai', 'help@community.test']);
	});

	it('says "Submit at <URL>" for a vendor with only a web form, and puts no page in To:', () => {
		const openai = contactFor('openai');
		const draft = composeUserDraft(summary, openai);
		expect(draft).toContain('**Submit at <https://help.openai.com/en/articles/6614161-how-can-i-contact-support>**');
		expect(draft).not.toMatch(/\*\*To:\*\*/);
		const email = composeSupportEmail(summary, { voice: 'team', contact: openai });
		expect(email.to).toBeNull();
		expect(email.body).toContain('Submit at https://help.openai.com/en/articles/6614161-how-can-i-contact-support');
	});

	it("sends a form-only vendor's case to the desk alone, still naming the form", () => {
		const draft = composeUserDraft(summary, contactFor('azure-openai', 'help@community.test'));
		expect(draft.match(TO_LINE)?.[1]).toBe('help@community.test');
		expect(draft).toContain('Submit at <https://ms.portal.azure.com/');
		expect(draft).not.toContain('**Cc:**');
	});

	it('never writes a sentence or a page after To:, whatever the contact', () => {
		for (const route of ['openrouter', 'onerouter', 'openai', 'azure-openai', 'gemini', 'vertex', 'relay', 'unknown'])
			for (const desk of [null, 'help@community.test']) {
				const draft = composeUserDraft(summary, contactFor(route, desk, 'openai/o3'));
				const to = draft.match(TO_LINE)?.[1];
				if (to !== undefined) expect(to).toMatch(/^[^\s@<>]+@[^\s@<>]+\.[a-z]+$/);
				// Every draft names an email address or a web form, unless nothing at all is documented.
				if (desk !== null) expect(to ?? draft.match(/Submit at <https:/)).toBeTruthy();
			}
	});
});

import { describe, expect, it } from 'vitest';
import { composeAnswer, statusNote } from '../../../src/answer/compose-answer.js';
import { FOOTER } from '../../../src/answer/limits.js';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';
import { VENDORS } from '../escalation/fixtures.js';
import { aRankedMatch } from '../kb/a-ranked-match.js';
import { anError, aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const match = aRankedMatch;

const links = (content: string) => [...content.matchAll(/\]\(<(https:[^>]+)>\)/g)].map((m) => m[1]);

describe('composeAnswer', () => {
	it('gives the diagnosis, numbered fix steps, numbered citations from the entry only, and the footer', () => {
		const entry = anEntry();
		const reply = composeAnswer(entry, match(), aTriage({ error: anError({ status: 403 }) }));
		expect(reply).toMatchObject({ kind: 'answer', entryId: entry.id, cause: entry.cause, confidence: 0.9 });
		expect(reply.content.split('\n')[0]).toBe(`**${entry.diagnosis}**`);
		expect(reply.content).toContain('1. Call the API from a supported country.');
		expect(reply.content).toContain('2. Turn off a VPN');
		expect(reply.citations).toEqual(entry.citations.map((c) => c.url));
		expect(links(reply.content)).toEqual(entry.citations.map((c) => c.url));
		expect(reply.content).toContain(
			'1. [OpenAI API error codes](<https://developers.openai.com/docs/guides/error-codes>)',
		);
		expect(reply.content).toContain(`, ${entry.citations[0]?.section}: ${entry.citations[0]?.states}`);
		expect(reply.content.endsWith(FOOTER)).toBe(true);
		expect(FOOTER).toBe('-# Automated answer from Doorman · reply `!mute` to stop me in this thread');
	});

	it('says who to contact if it persists from the vendor record of the route, with the request id and model', () => {
		const entry = anEntry({
			providers: ['openai'],
			escalate: { when: 'it keeps failing', why: 'only they can check' },
		});
		const triage = aTriage({
			route: 'openai',
			model: 'gpt-4o',
			error: anError({ status: 403, requestId: 'req_abc123' }),
		});
		const { content } = composeAnswer(entry, match(), triage, { vendors: VENDORS });
		expect(content).toContain(
			'**If it persists**\nIf it keeps failing, contact OpenAI support at <https://help.openai.com/en/articles/6614161-how-can-i-contact-support>: only they can check.',
		);
		expect(content).toContain('`req_abc123`');
		expect(content).toContain('`gpt-4o`');
		// Through OpenRouter the router that served it comes first, with its documented address.
		const routed = composeAnswer(entry, match(), aTriage({ route: 'openrouter', model: 'openai/gpt-4o' }), {
			vendors: VENDORS,
			supportFallback: 'desk@community.test',
		});
		expect(routed.content).toContain('contact OpenRouter support (support@openrouter.ai): only they can check.');
	});

	it('says so when the status seen is not the entry status, or is a variant status of a 403 cause', () => {
		expect(statusNote(anEntry({ statuses: [403] }), 401)).toMatch(
			/HTTP 401 \(Unauthorized\).*normally comes back as HTTP 403/,
		);
		expect(statusNote(anEntry({ statuses: [403, 400] }), 400)).toMatch(
			/came back as HTTP 400 \(Bad Request\) rather than 403/,
		);
		expect(statusNote(anEntry({ statuses: [401] }), 401)).toBeNull();
		expect(statusNote(anEntry({ statuses: [403] }), 403)).toBeNull();
		expect(statusNote(anEntry({ statuses: [429] }), null)).toBeNull();
		const reply = composeAnswer(anEntry(), match(), aTriage({ error: anError({ status: 400 }) }));
		expect(reply.content).toMatch(/your error is HTTP 400/);
	});

	it('has a sources line even when the entry has no citation, and cites nothing then', () => {
		const reply = composeAnswer(anEntry({ citations: [] }), match(), aTriage());
		expect(reply.citations).toEqual([]);
		expect(links(reply.content)).toEqual([]);
		expect(reply.content).toMatch(/\*\*Sources\*\*\nNo vendor page documents this exact error/);
	});

	it('never exceeds 2000 characters and keeps the citations and footer when the entry is huge', () => {
		const long = 'word '.repeat(90).trim();
		const entry = anEntry({
			diagnosis: long.slice(0, 290),
			fix: Array.from({ length: 8 }, () => long.slice(0, 399)),
			citations: Array.from({ length: 6 }, (_, i) => ({
				url: `https://openrouter.ai/docs/errors#${i}`,
				title: `Title ${i}`,
				section: long.slice(0, 150),
				states: long.slice(0, 300),
			})),
		});
		const reply = composeAnswer(entry, match(), aTriage({ secrets: ['openai'], error: anError({ status: 401 }) }));
		expect(reply.content.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
		expect(reply.content.endsWith(FOOTER)).toBe(true);
		expect(links(reply.content)).toHaveLength(6);
	});

	it('pings nobody, even if the entry or the post carries mentions', () => {
		const entry = anEntry({ fix: ['Tell @everyone and @here, or <@123456> and <@&987>.'] });
		const { content } = composeAnswer(entry, match(), aTriage({ model: '@everyone' }));
		expect(content).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>/);
	});

	it('warns about a leaked secret by kind, without repeating it', () => {
		const { content } = composeAnswer(anEntry(), match(), aTriage({ secrets: ['openrouter'] }));
		expect(content).toMatch(/OpenRouter API key.*revoke or rotate it now/);
	});
});

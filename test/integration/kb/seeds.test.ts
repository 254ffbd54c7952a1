import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComposedReply } from '../../../src/answer/compose-answer.js';
import { composeReply } from '../../../src/answer/reply.js';
import { chooseAdvice } from '../../../src/answer/route-advice.js';
import { openKb } from '../../../src/kb/load.js';
import { type MatchResult, matchKb } from '../../../src/kb/match.js';
import { defaultKbDir } from '../../../src/paths.js';
import { triagePost } from '../../../src/triage/index.js';

/** The seed documents of shared/seeds/, copied as fixtures: what the bot must get right, and the bad bot's miss. */
const seed = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', 'seeds', name), 'utf8');
const open = openKb(defaultKbDir());
afterAll(() => open.close());

function answer(body: string, title = ''): { result: MatchResult; reply: ComposedReply } {
	const triage = triagePost({ title, body, attachments: [] });
	const result = matchKb(triage, open.kb, open.index);
	return { result, reply: composeReply(triage, result, open.kb) };
}

const between = (text: string, start: string, end: string) =>
	text.slice(text.indexOf(start), text.indexOf(end) + end.length);
const OAUTH_PAGE = /openrouter\.ai\/docs\/oauth|PKCE|code_verifier/i;

describe('seed 001: the anchor (a 403 once answered with an OAuth PKCE citation)', () => {
	const thread = seed('001_6f1d1691379b3e8a.txt');
	const userMessage = between(thread, 'Shortly after the 403 error', 'false positive in the content filter.');

	it('answers the Azure block the user reported as a content/abuse block, citing only that entry', () => {
		const { result, reply } = answer(userMessage, '403 Forbidden Error');
		expect(result.top?.entryId).toBe('azure-abuse-monitoring-block');
		expect(reply).toMatchObject({ kind: 'answer', cause: 'provider_content_filter_block' });
		expect(reply.citations.length).toBeGreaterThan(0);
		// The entry's pages for the route the message shows (Azure): Microsoft's, not OpenRouter's routing page.
		const entry = open.kb.byId.get('azure-abuse-monitoring-block');
		const route = triagePost({ title: '403 Forbidden Error', body: userMessage, attachments: [] }).route;
		expect(route).toBe('azure-openai');
		const own = entry === undefined ? [] : chooseAdvice(entry, route).citations.map((c) => c.url);
		expect(reply.citations).toEqual(own);
		expect(reply.citations).toEqual([expect.stringContaining('learn.microsoft.com')]);
		expect(reply.content).not.toMatch(OAUTH_PAGE);
		expect(reply.content).toMatch(/ignore/);
	});

	it('does not answer the whole thread (which quotes the PKCE page) with the OAuth PKCE entry', () => {
		const { result, reply } = answer(thread);
		expect(result.top?.cause).not.toBe('oauth_pkce_invalid');
		expect(reply.content).not.toMatch(OAUTH_PAGE);
	});

	it('asks for details instead of citing anything when the first post is a bare 403', () => {
		const { result, reply } = answer('', '403 Forbidden Error');
		expect(result.abstained).toBe(true);
		expect(reply.kind).not.toBe('answer');
		expect(reply.citations).toEqual([]);
		expect(reply.content).not.toMatch(/https?:\/\//);
	});
});

describe('seed 000: BYOK for o3 through OpenRouter, with an unconfirmed "Tier 3" claim', () => {
	it('answers the OpenRouter key-requirement message as BYOK and never presents Tier 3 as documented', () => {
		const { reply } = answer(
			'Getting 403 with openai/o3 through OpenRouter: OpenAI is temporarily requiring a Tier 3 API key',
		);
		expect(reply).toMatchObject({ kind: 'answer', cause: 'byok_key_required' });
		expect(reply.content).toContain('https://openrouter.ai/settings/integrations');
		expect(reply.content).not.toMatch(/tier 3/i);
		expect(reply.citations).not.toContain('https://help.syncfusion.com/code-studio/troubleshoot/openai-integration');
	});

	it('reads the guide itself as the BYOK cause', () => {
		expect(answer(seed('000_6f4ceda31d5ec78d.txt')).result.top?.cause).toBe('byok_key_required');
	});
});

describe('seed 002: "You do not have access to model" (a body of unknown provenance)', () => {
	it('is answered as model access not granted', () => {
		const line = seed('002_614c3f663dcf445e.txt')
			.split('\n')
			.find((l) => l.startsWith('openai.PermissionDeniedError: Error code: 403')) as string;
		const { reply } = answer(`My script fails:\n${line}`);
		expect(reply).toMatchObject({ kind: 'answer', cause: 'model_access_not_granted' });
		expect(reply.content).toMatch(/Limits/);
	});
});

describe('seed 003: OneRouter BYOK through byok_conf', () => {
	it('recognises the docs example passed as a keyword (TypeError) as the BYOK configuration problem', () => {
		const doc = seed('003_9d4c674a32d0adf1.txt');
		const code = between(doc, 'from openai import OpenAI', 'print(completion.choices[0].message.content)');
		const { reply } = answer(
			`I copied this from the OneRouter docs:\n\`\`\`python\n${code}\n\`\`\`\nTypeError: Completions.create() got an unexpected keyword argument 'byok_conf'`,
		);
		expect(reply).toMatchObject({ kind: 'answer', cause: 'byok_key_required' });
		expect(reply.content).toContain('extra_body');
		expect(reply.citations).toEqual(['https://docs.onerouter.pro/api-reference/byok/openai']);
	});
});

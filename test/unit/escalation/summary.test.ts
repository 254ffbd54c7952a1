import { describe, expect, it } from 'vitest';
import { composeDetails } from '../../../src/escalation/email.js';
import {
	buildSummary,
	EscalationSummarySchema,
	formatConversation,
	SUMMARY_LIMITS,
	threadLink,
} from '../../../src/escalation/summary.js';
import { A_CAUSE, A_THREAD, aTriage, leakedKeys, PLANTED } from './fixtures.js';

describe('buildSummary', () => {
	it('keeps the facts moderators and vendors need', () => {
		const s = buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE, tried: ['Checked the BYOK key'] });
		expect(s.threadLink).toBe(`https://discord.com/channels/${A_THREAD.guildId}/${A_THREAD.threadId}`);
		expect(s).toMatchObject({
			threadTitle: A_THREAD.title,
			ownerId: A_THREAD.ownerId,
			ownerName: 'ana',
			cause: { id: A_CAUSE.id, confidence: 0.42 },
			model: 'openai/o3',
			route: 'openrouter',
			sdk: 'openai-python',
			baseUrl: 'https://openrouter.ai/api/v1',
			secretKinds: ['openrouter'],
			tried: ['Checked the BYOK key'],
		});
		expect(s.error).toMatchObject({
			status: 403,
			code: 'model_not_found',
			requestId: 'req_abc123',
			provider: 'OpenAI',
		});
		expect(s.codeExcerpt).toContain('base_url=');
		expect(EscalationSummarySchema.parse(s)).toEqual(s);
	});

	it('redacts again anything triage let through', () => {
		const s = buildSummary({
			thread: { ...A_THREAD, title: `help ${PLANTED.xai}` },
			triage: aTriage({}, true),
			cause: null,
			tried: [`tried ${PLANTED.groq}`],
		});
		expect(leakedKeys(JSON.stringify(s))).toEqual([]);
	});

	it('bounds every excerpt', () => {
		const huge = 'x'.repeat(50_000);
		const t = aTriage();
		const s = buildSummary({
			thread: { ...A_THREAD, title: huge },
			triage: {
				...t,
				error: t.error === null ? null : { ...t.error, excerpt: huge, message: huge },
				snippet: t.snippet === null ? null : { ...t.snippet, code: huge },
			},
			cause: { ...A_CAUSE, confidence: 7 },
			tried: Array.from({ length: 20 }, () => huge),
		});
		expect(s.threadTitle.length).toBeLessThanOrEqual(SUMMARY_LIMITS.title);
		expect(s.error?.excerpt.length).toBeLessThanOrEqual(SUMMARY_LIMITS.errorExcerpt);
		expect(s.error?.message?.length).toBeLessThanOrEqual(SUMMARY_LIMITS.message);
		expect(s.codeExcerpt?.length).toBeLessThanOrEqual(SUMMARY_LIMITS.codeExcerpt);
		expect(s.tried).toHaveLength(SUMMARY_LIMITS.triedItems);
		expect(s.cause?.confidence).toBe(1);
	});

	it('works without a triage (a moderator escalated before any details)', () => {
		const s = buildSummary({ thread: A_THREAD, triage: null, cause: null });
		expect(s).toMatchObject({ error: null, model: null, route: 'unknown', codeExcerpt: null, cause: null });
	});

	it('builds thread links', () => {
		expect(threadLink('1', '2')).toBe('https://discord.com/channels/1/2');
	});
});

describe('formatConversation', () => {
	it('keeps the post and the latest messages when it must trim, and scrubs every line', () => {
		const lines = [
			{ author: 'ana', text: `first post ${PLANTED.openaiProject}` },
			...Array.from({ length: 40 }, (_, i) => ({
				author: i % 2 ? 'doorman' : 'ana',
				text: `message ${i} ${'y'.repeat(200)}`,
				isBot: i % 2 === 1,
			})),
			{ author: 'ana', text: 'the latest one' },
		];
		const text = formatConversation(lines, 2000);
		expect(text.length).toBeLessThanOrEqual(2000);
		expect(text.startsWith('ana: first post [REDACTED:openai-project]')).toBe(true);
		expect(text).toMatch(/messages omitted/);
		expect(text.endsWith('ana: the latest one')).toBe(true);
		expect(text).toContain('doorman (bot): message 39');
		expect(leakedKeys(text)).toEqual([]);
	});

	it('is empty for no messages', () => {
		expect(formatConversation([])).toBe('');
	});
});

describe("the poster's own words", () => {
	it('are kept as written for the people who act, redacted and bounded, and shown in the email details', () => {
		const key = `sk-proj-${'a1B2c3D4'.repeat(6)}`;
		const words = `调用 Gemini 一直失败，key 是 ${key}\n第二行 ${'很长'.repeat(600)}`;
		const s = buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE, posterWords: words });
		expect(s.posterWords).toMatch(/^调用 Gemini 一直失败，key 是 /);
		expect(s.posterWords).not.toContain(key);
		expect(s.posterWords?.length).toBeLessThanOrEqual(SUMMARY_LIMITS.posterWords);
		expect(composeDetails(s)).toContain("In the poster's words (quoted as written):\n    调用 Gemini 一直失败");
		expect(buildSummary({ thread: A_THREAD, triage: aTriage(), cause: A_CAUSE }).posterWords).toBeNull();
	});
});

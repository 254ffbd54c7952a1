import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { fixedClock, memoryLedger, orgEntry, REGION_DOCS, regionEntry, rejections, settings } from './fixtures.js';

let fake: FakeOpenAi;
beforeAll(async () => {
	fake = await startFakeOpenAi();
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => {
	fake.reset();
});

function setup() {
	const rejected = rejections();
	const client = createLlmClient(settings({ baseUrl: fake.baseUrl }), {
		usage: memoryLedger(0),
		clock: fixedClock(),
		onReject: rejected.onReject,
	});
	return { client, rejected };
}

const chinesePhrasing = {
	diagnosis: '你的请求被拒绝，是因为 OpenAI 不为请求来源的地区提供服务。',
	steps: ['从受支持的国家发送请求。', '如果你在用 VPN，请关闭它或换一个受支持的出口。'],
	citations: [REGION_DOCS],
	cause: 'unsupported_region',
};

const input = {
	triageSummary: 'openai.PermissionDeniedError: Error code: 403 - unsupported_country_region_territory',
	entries: [regionEntry, orgEntry],
	matchedCause: 'unsupported_region',
	notes: ['⚠️ 你的帖子里似乎包含 OpenAI API 密钥。'],
	lang: 'zh' as const,
};

describe('phraseAnswer in the poster’s language', () => {
	it('asks the model to write in Simplified Chinese and renders headings and footer in Chinese', async () => {
		const { client, rejected } = setup();
		fake.reply({ kind: 'json', value: chinesePhrasing });
		const answer = await client.phraseAnswer(input);
		const system = fake.chatRequests()[0]?.messages.find((m) => m.role === 'system')?.content ?? '';
		expect(system).toContain('Write "diagnosis" and "steps" in Simplified Chinese');
		expect(rejected.list).toEqual([]);
		expect(answer?.content).toContain(
			'**你的请求被拒绝，是因为 OpenAI 不为请求来源的地区提供服务。**\n⚠️ 你的帖子里似乎包含',
		);
		expect(answer?.content).toContain('**解决方法**\n1. 从受支持的国家发送请求。');
		expect(answer?.content).toContain(`**参考来源**\n1. [OpenAI API error codes](<${REGION_DOCS}>)`);
		expect(answer?.content.endsWith('-# 由 Doorman 自动回复 · 回复 `!mute` 可让我在本帖停止发言')).toBe(true);
	});

	it('asks the model to write in Spanish for a Spanish thread, with Spanish headings and footer', async () => {
		const { client, rejected } = setup();
		const spanishPhrasing = {
			diagnosis: 'Tu petición se rechaza porque OpenAI no da servicio a la región de la que sale.',
			steps: ['Envía la petición desde un país admitido.', 'Si usas una VPN, desactívala.'],
			citations: [REGION_DOCS],
			cause: 'unsupported_region',
		};
		fake.reply({ kind: 'json', value: spanishPhrasing });
		const answer = await client.phraseAnswer({ ...input, notes: [], lang: 'es' });
		const system = fake.chatRequests()[0]?.messages.find((m) => m.role === 'system')?.content ?? '';
		expect(system).toContain('Write "diagnosis" and "steps" in Spanish');
		expect(rejected.list).toEqual([]);
		expect(answer?.content).toContain('**Solución**\n1. Envía la petición desde un país admitido.');
		expect(answer?.content).toContain(`**Fuentes**\n1. [OpenAI API error codes](<${REGION_DOCS}>)`);
		expect(
			answer?.content.endsWith(
				'-# Respuesta automática de Doorman · responde `!mute` para que deje de intervenir en este hilo',
			),
		).toBe(true);
		// The same grounding checks: another cause is rejected in Spanish too.
		fake.reply({ kind: 'json', value: { ...spanishPhrasing, cause: 'org_verification_required' } });
		expect(await client.phraseAnswer({ ...input, notes: [], lang: 'es' })).toBeNull();
		expect(rejected.list.map((r) => r.reason)).toEqual(['CAUSE_MISMATCH']);
	});

	it('an English thread’s prompt has no language rule', async () => {
		const { client } = setup();
		fake.reply({ kind: 'json', value: chinesePhrasing });
		await client.phraseAnswer({ ...input, lang: 'en' });
		const system = fake.chatRequests()[0]?.messages.find((m) => m.role === 'system')?.content ?? '';
		expect(system).not.toContain('Simplified Chinese');
	});

	it('keeps the grounding checks: a Chinese phrasing with another cause or a foreign link is rejected', async () => {
		const { client, rejected } = setup();
		fake.reply({ kind: 'json', value: { ...chinesePhrasing, cause: 'org_verification_required' } });
		expect(await client.phraseAnswer(input)).toBeNull();
		fake.reply({
			kind: 'json',
			value: { ...chinesePhrasing, steps: ['请访问 https://free-keys.example.xyz 领取新密钥。'] },
		});
		expect(await client.phraseAnswer(input)).toBeNull();
		expect(rejected.list.map((r) => r.reason)).toEqual(['CAUSE_MISMATCH', 'FOREIGN_URL']);
	});
});

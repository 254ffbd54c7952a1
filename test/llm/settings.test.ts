import { describe, expect, it } from 'vitest';
import { noLlm } from '../../src/llm/client.js';
import { isLlmEnabled, parseLlmSettings } from '../../src/settings/llm.js';

describe('LLM settings', () => {
	it('fills defaults with every feature off', () => {
		const s = parseLlmSettings({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: '', model: 'openai/gpt-4o-mini' });
		expect(s).toEqual({
			baseUrl: 'https://openrouter.ai/api/v1',
			apiKey: '',
			model: 'openai/gpt-4o-mini',
			timeoutMs: 15_000,
			maxTokens: 700,
			dailyTokenBudget: 200_000,
			phrase: false,
			assist: false,
			modelCheck: false,
			modelsTtlMs: 6 * 60 * 60 * 1000,
		});
		expect(Object.isFrozen(s)).toBe(true);
		expect(isLlmEnabled(s)).toBe(false);
	});

	it('refuses a non-HTTP base URL, an empty model and a negative budget', () => {
		expect(() => parseLlmSettings({ baseUrl: 'ftp://x/v1', apiKey: '', model: 'm' })).toThrow(/baseUrl/);
		expect(() => parseLlmSettings({ baseUrl: 'http://127.0.0.1:11434/v1', apiKey: '', model: ' ' })).toThrow(/model/);
		expect(() =>
			parseLlmSettings({ baseUrl: 'http://localhost/v1', apiKey: '', model: 'm', dailyTokenBudget: -1 }),
		).toThrow(/dailyTokenBudget/);
	});
});

describe('noLlm', () => {
	it('declines everything without a network call', async () => {
		expect(await noLlm.phraseAnswer({ triageSummary: 'x', entries: [], matchedCause: 'c' })).toBeNull();
		expect(await noLlm.assistRank({ triageSummary: 'x', candidates: [] })).toBeNull();
		await expect(noLlm.listModels()).rejects.toMatchObject({ name: 'LlmError', code: 'DISABLED' });
	});
});

import { describe, expect, it } from 'vitest';
import { routeOfProse } from '../../../src/triage/route.js';

describe('routeOfProse', () => {
	it('finds a relay named in Chinese between other CJK characters (no word boundary there)', () => {
		expect(routeOfProse('使用模型中转站的gpt模型作为供应商总是报错403')).toBe('relay');
		expect(routeOfProse('用自定义预设指向第三方 OpenAI 代理时返回 403')).toBe('relay');
		expect(routeOfProse('部署在 Vercel 上的 OpenAI 反向代理')).toBe('relay');
	});

	it('reads relay software and relay error envelopes as a relay', () => {
		expect(routeOfProse('a key from a sub2api-based site, used through cc-switch')).toBe('relay');
		expect(routeOfProse('{"error":{"type":"new_api_error","message":"..."}}')).toBe('relay');
	});

	it('reads a custom OpenAI-compatible endpoint as a relay, but a named provider first', () => {
		expect(routeOfProse('OPENAI_BASE_URL points at a custom OpenAI-compatible provider')).toBe('relay');
		expect(routeOfProse('接入几个兼容 OpenAI 的代理服务')).toBe('relay');
		expect(routeOfProse("calling DeepSeek's OpenAI-compatible API")).toBe('deepseek');
		expect(routeOfProse('Ollama exposes an OpenAI-compatible endpoint')).toBe('ollama');
	});

	it('keeps OpenAI last and OpenRouter first', () => {
		expect(routeOfProse('the OpenAI SDK against Azure')).toBe('azure-openai');
		expect(routeOfProse('OpenAI models through OpenRouter')).toBe('openrouter');
		expect(routeOfProse('plain OpenAI call')).toBe('openai');
		expect(routeOfProse('nothing here')).toBeNull();
	});
});

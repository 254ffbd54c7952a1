import { describe, expect, it } from 'vitest';
import { resolveRoute, routeOfProse } from '../../../src/triage/route.js';

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

describe('resolveRoute', () => {
	const route = (text: string) => resolveRoute({ text, code: '', baseUrl: null, sdk: null });

	it('reads an endpoint given as a JSON key', () => {
		expect(route('{ "endpoint": "https://openrouter.ai/api/v1/chat/completions" } and I use a mistral model')).toBe(
			'openrouter',
		);
	});

	it("takes a local model server's default port over a model maker named in prose", () => {
		expect(route('status: 403 from http://192.168.1.123:11434/api/generate with mistral-nemo:latest')).toBe('ollama');
		expect(route('LM Studio at http://localhost:1234/v1 with a deepseek model')).toBe('localhost');
	});
});

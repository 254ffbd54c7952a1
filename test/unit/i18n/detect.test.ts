import { describe, expect, it } from 'vitest';
import { answerLanguage, detectLanguage, threadLanguage } from '../../../src/i18n/detect.js';
import { languageProse } from '../../../src/i18n/language-prose.js';

const ERROR_BODY =
	'{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}';

describe('languageProse', () => {
	it('keeps the poster’s own words and drops code, error bodies, URLs, quoted strings and English error lines', () => {
		const post = [
			'我在香港用 Gemini 翻译插件调用 API，一直报错：',
			'```json',
			ERROR_BODY,
			'```',
			'Error: User location is not supported for the API use.',
			'文档在 https://ai.google.dev/gemini-api/docs/available-regions 里说的 "available regions" 我也看了。',
		].join('\n');
		const prose = languageProse(post);
		expect(prose).toContain('我在香港用 Gemini 翻译插件调用 API');
		expect(prose).not.toMatch(/User location|FAILED_PRECONDITION|https:|available regions/);
	});
});

describe('detectLanguage', () => {
	it('a Chinese sentence around an English JSON error body is Chinese', () => {
		const post = `调用 Gemini 接口的时候返回了下面这个错误，换了好几个 key 都一样，怎么办？\n${ERROR_BODY}`;
		expect(detectLanguage(post).code).toBe('zh');
		expect(answerLanguage(detectLanguage(post), 'en')).toBe('zh');
	});

	it('an English post is English, error text or not', () => {
		const post = `I keep getting this error from the Gemini API since this morning, any idea why?\n${ERROR_BODY}`;
		expect(answerLanguage(detectLanguage(post), 'zh')).toBe('en');
	});

	it('a post that is only an error body says nothing about its language: the server default applies', () => {
		expect(detectLanguage(ERROR_BODY).code).toBeNull();
		expect(answerLanguage(detectLanguage(ERROR_BODY), 'zh')).toBe('zh');
		expect(answerLanguage(detectLanguage(''), 'en')).toBe('en');
		// A few words tell nothing ("model gpt-4o" reads as Romanian to the detector).
		expect(detectLanguage(`${ERROR_BODY}\nmodel gpt-4o`).code).toBeNull();
	});

	it('a language the bot has no catalogue for is answered in English, not the default', () => {
		const post = 'Olá, desde esta manhã a API do Gemini me devolve este erro e não sei o que fazer com a minha conta.';
		expect(detectLanguage(post).code).toBe('pt');
		expect(answerLanguage(detectLanguage(post), 'zh')).toBe('en');
	});

	it('a Spanish sentence that names the status ("error 403") is kept as the poster’s words, and the post is Spanish', () => {
		const post = [
			'Hola, me sale un error 403 cuando llamo a la API desde mi aplicación y no sé qué hacer.',
			'Error: User location is not supported for the API use.',
		].join('\n');
		expect(languageProse(post)).toContain(
			'Hola, me sale un error 403 cuando llamo a la API desde mi aplicación y no sé qué hacer.',
		);
		expect(answerLanguage(detectLanguage(post), 'en')).toBe('es');
	});

	it('a Spanish sentence around an English JSON error body is Spanish', () => {
		const post = `Llamo a Gemini desde mi servidor y me devuelve este error, ya probé con otra clave y nada:\n${ERROR_BODY}`;
		expect(detectLanguage(post).code).toBe('es');
		expect(answerLanguage(detectLanguage(post), 'en')).toBe('es');
	});
});

describe('threadLanguage', () => {
	const zhFirst = `Gemini 报错\n调用 Gemini 接口时一直返回这个错误，请问是什么原因？\n${ERROR_BODY}`;

	it('keeps the language of the owner’s first post through short or unclear replies', () => {
		expect(threadLanguage([zhFirst, 'ok', ERROR_BODY, 'thanks!'], 'en')).toBe('zh');
		expect(threadLanguage(['claude gives me 403 when I call it from my server', '解决了，谢谢'], 'en')).toBe('en');
	});

	it('follows a later post that is clearly in another language', () => {
		const english = 'Sorry, let me write in English: the error still happens after I enabled billing on the project.';
		expect(threadLanguage([zhFirst, english], 'en')).toBe('en');
	});

	it('uses the default when the first post does not tell', () => {
		expect(threadLanguage([ERROR_BODY], 'zh')).toBe('zh');
		expect(threadLanguage([], 'en')).toBe('en');
	});
});

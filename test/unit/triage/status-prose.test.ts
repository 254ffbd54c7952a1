import { describe, expect, it } from 'vitest';
import { triage } from './helpers.js';

// Statuses written in prose, as real reports print them (the shapes listed in the diagnosis issue).
describe('status written in prose', () => {
	it.each([
		['API request failed with status 403', 403],
		['Forbidden (403)', 403],
		["Web Api response status: 'Forbidden'", 403],
		['INFERENCE_FAIL 403 {"error":{"message":"denied"}}', 403],
		['403 该令牌无权使用模型：gpt-4o', 403],
		['调用接口一直报403', 403],
		['API Request failed,403 Invalid response body', 403],
		['请求失败，状态码：403', 403],
		['HTTP error 403 when calling the endpoint', 403],
		['the server returned 403.', 403],
		['получаю ошибка 403 при запросе', 403],
		['Recibo un error 429 al llamar la API', 429],
		['APIを叩くと403エラーになります', 403],
		['只给出模型名字会调用404', 404],
		['每次都收到 429', 429],
	])('%s → %i', (text, status) => {
		expect(triage(text).error?.status).toBe(status);
	});

	it.each([
		['I have 403 tokens left in my budget'],
		['upgraded from version 4.03 and it works'],
		['the room number is 4030'],
	])('no status in %s', (text) => {
		expect(triage(text).error?.status ?? null).toBeNull();
	});
});

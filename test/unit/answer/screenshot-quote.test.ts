import { describe, expect, it } from 'vitest';
import { ocrTexts, screenshotLine, withScreenshotQuote } from '../../../src/answer/screenshot-quote.js';

const fired = [
	{ kind: 'route' as const, value: 'openai', weight: 1, via: 'field' as const },
	{ kind: 'code' as const, value: 'unsupported_country_region_territory', weight: 10, via: 'text' as const },
];

describe('the screenshot line an answer rests on', () => {
	it('takes only text read from images', () => {
		expect(
			ocrTexts([
				{ name: 'message.txt', text: 'log' },
				{ name: 'a.png', text: 'read', source: 'ocr' },
			]),
		).toEqual(['read']);
	});

	it('quotes the line holding the strongest signal that fired', () => {
		const text = "$ python chat.py\nError code: 403 - {'error': {'code':\n'unsupported_country_region_territory',";
		expect(screenshotLine([text], fired)).toBe("'unsupported_country_region_territory',");
	});

	it('falls back to the line that reads most like an error, and redacts a key on it', () => {
		const key = `sk-proj-${'Ab3dEf6hIj9lMn2pQr5tUv8x'.repeat(2)}`;
		const line = screenshotLine([`$ ls\nopenai.AuthenticationError: Error code: 401 key=${key}`], []);
		expect(line).toMatch(/^openai\.AuthenticationError: Error code: 401 key=\[REDACTED/);
		expect(line).not.toContain('Ab3dEf6h');
		expect(screenshotLine(['nothing to see'], [])).toBeNull();
	});

	it('says the answer rests on the screenshot, as inline code that cannot break out', () => {
		const out = withScreenshotQuote('**Cause**: region', 'Error `403` <@123> @everyone');
		expect(out).toMatch(/^From your screenshot I read: `Error 403 <\u200b@123> @\u200beveryone` \(if I misread it/);
		expect(out.endsWith('**Cause**: region')).toBe(true);
		expect(withScreenshotQuote('x'.repeat(1990), 'line')).toBe('x'.repeat(1990));
	});
});

import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/triage/index.js';
import { tidyOcrText } from '../../../src/triage/ocr-text.js';

describe('tidyOcrText (text read from a screenshot)', () => {
	it('removes the spaces the Chinese model puts between ideographs, and keeps those between words', () => {
		expect(tidyOcrText('当 前 订 阅 套 餐 暂 未 开 放 GLM-5 权 限')).toBe('当前订阅套餐暂未开放 GLM-5 权限');
		expect(tidyOcrText('Request not allowed')).toBe('Request not allowed');
	});

	it('turns typographic quotes and dashes back into the ASCII of code', () => {
		expect(tidyOcrText('{‘error’: {“code”: ‘x’}} – 403')).toBe(`{'error': {"code": 'x'}} - 403`);
	});

	it('reads a status misread with letters after an error label as digits, and only there', () => {
		expect(tidyOcrText('Error code: 4O3 - {')).toBe('Error code: 403 - {');
		expect(tidyOcrText('HTTP 4Ol Unauthorized')).toBe('HTTP 401 Unauthorized');
		expect(tidyOcrText('model gpt-4o')).toBe('model gpt-4o');
	});

	it('joins an identifier broken after its underscore', () => {
		expect(tidyOcrText("'unsupported_country_region_ territory'")).toBe("'unsupported_country_region_territory'");
	});

	it('joins a key split by stray spaces, so the redaction engine removes all of it', () => {
		const read = tidyOcrText(
			'$ export OPENAI_API_KEY=sk-proj -Zq8vN3xL5tR7wY2kP9mB4cD6fH1j KOsAeUOliQ\n$ python test.py',
		);
		expect(read).toContain('sk-proj-Zq8vN3xL5tR7wY2kP9mB4cD6fH1jKOsAeUOliQ');
		const redacted = redactSecrets(read);
		expect(redacted.kinds).toEqual(['openai-project']);
		expect(redacted.text).not.toMatch(/Zq8v|KOsA/);
		expect(redacted.text).toContain('$ python test.py');
	});

	it('does not join a plain word that follows a key', () => {
		expect(tidyOcrText('sk-proj-Zq8vN3xL5tR7wY2kP9 Error here')).toBe('sk-proj-Zq8vN3xL5tR7wY2kP9 Error here');
	});
});

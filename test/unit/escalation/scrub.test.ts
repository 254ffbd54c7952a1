import { describe, expect, it } from 'vitest';
import { hasSecretShape, scrub, scrubSecrets } from '../../../src/escalation/scrub.js';
import { leakedKeys, PLANTED } from './fixtures.js';

describe('scrub', () => {
	it.each(Object.entries(PLANTED))('masks a %s key wherever it sits in the text', (_kind, key) => {
		const text = `before ${key} after\n"${key}",`;
		const out = scrub(text);
		expect(leakedKeys(out)).toEqual([]);
		expect(out).toMatch(/\[REDACTED:[a-z-]+\]/);
		expect(out).toMatch(/^before .* after/);
	});

	it('names the kinds it found, most specific first', () => {
		const { kinds } = scrubSecrets(
			`${PLANTED.anthropic} ${PLANTED.openaiProject} ${PLANTED.openrouter} ${PLANTED.aws}`,
		);
		expect(kinds).toEqual(['anthropic', 'openrouter', 'openai-project', 'aws-access-key']);
	});

	it('masks quoted values assigned to key-like names and keys in URLs', () => {
		const out = scrub(`api_key = "abcd1234efgh5678ijkl" and https://x.example/v1?key=AbCdEf123456789xyz&x=1`);
		expect(out).not.toContain('abcd1234efgh5678ijkl');
		expect(out).not.toContain('AbCdEf123456789xyz');
		expect(out).toContain('&x=1');
	});

	it('leaves ordinary support text alone', () => {
		const text =
			'Error code: 403 - {"error": {"message": "model_not_found", "type": "invalid_request_error"}} with gpt-4o-mini, task-1234, sk-learn and AKIA';
		expect(scrub(text)).toBe(text);
		expect(hasSecretShape(text)).toBe(false);
	});

	it('is idempotent: already-masked text is not masked again', () => {
		const once = scrub(`Authorization: ${PLANTED.bearer} api_key="${PLANTED.openai}"`);
		expect(scrub(once)).toBe(once);
	});
});

import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/triage/redact-secrets.js';
import { plantedKeys } from '../../support/key-formats.js';

const KEYS = plantedKeys();

describe('every planted key format is redacted by the one engine', () => {
	it('has at least 30 formats', () => {
		expect(KEYS.length).toBeGreaterThanOrEqual(30);
	});

	it.each(KEYS.map((k) => [k.format, k] as const))('%s: alone, in prose, in a title and in JSON', (_name, key) => {
		for (const text of [
			key.text,
			`403 Forbidden with ${key.text} since today`,
			`{"error": {"message": "bad request", "key": "x"}, "config": "${key.text}"}`,
		]) {
			const redacted = redactSecrets(text);
			expect(redacted.text).not.toContain(key.secret);
			expect(redacted.kinds.length).toBeGreaterThan(0);
		}
	});
});

import { describe, expect, it } from 'vitest';
import { hasSecretShape, scrub, scrubSecrets } from '../../src/llm/scrub.js';

describe('scrub', () => {
	it.each([
		['openai', 'key sk-Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nM9qW1eR3tY5u here'],
		['openai-project', 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90'],
		['openrouter', '"sk-or-v1-0123456789abcdef0123456789abcdef"'],
		['anthropic', 'x-api-key: sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe'],
		['google', '?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
		['huggingface', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345'],
		['groq', 'gsk_0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x'],
		['xai', 'xai-AbCdEf0123456789GhIjKl0123456789'],
		['aws-access-key', 'AKIAIOSFODNN7EXAMPL3'],
		['discord-token', 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GaBcDe.abcdefghijklmnopqrstuvwxyz012345'],
		['bearer', 'Authorization: Bearer abc.def-ghi_jkl123'],
	])('masks %s keys', (kind, text) => {
		const result = scrubSecrets(text);
		expect(result.kinds).toContain(kind);
		expect(hasSecretShape(result.text)).toBe(false);
	});

	it('masks a key right after a JSON escape', () => {
		expect(scrub('"line one\\nsk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"')).toBe('"line one\\n[REDACTED:openai-project]"');
	});

	it('leaves ordinary words, model ids and redaction markers alone', () => {
		const text = 'task-1234567890abcdefghij uses gpt-4o-mini and sk-learn; key [REDACTED:openai] was removed';
		expect(scrub(text)).toBe(text);
	});
});

import { describe, expect, it } from 'vitest';
import { hasSecret, redactSecrets, redactString } from '../../../src/triage/redact-secrets.js';

/**
 * One corpus for the one redaction engine: every case the three former scrubbers (triage, escalation, LLM) caught,
 * under the union of their rules. All keys are fake.
 */
const CAUGHT: readonly (readonly [string, string, string])[] = [
	// From the LLM scrubber.
	[
		'openai',
		'key sk-Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nM9qW1eR3tY5u here',
		'sk-Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nM9qW1eR3tY5u',
	],
	['openai-project', 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90', 'Ab12Cd34Ef56Gh78Ij90Kl12'],
	['openrouter', '"sk-or-v1-0123456789abcdef0123456789abcdef"', '0123456789abcdef0123456789abcdef'],
	['anthropic', 'x-api-key: sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3'],
	['google', '?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
	['huggingface', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'AbCdEfGhIjKlMnOpQrStUvWxYz012345'],
	['groq', 'gsk_0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x', '0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x'],
	['xai', 'xai-AbCdEf0123456789GhIjKl0123456789', 'AbCdEf0123456789GhIjKl0123456789'],
	['aws-access-key', 'AKIAIOSFODNN7EXAMPL3', 'IOSFODNN7EXAMPL3'],
	['discord-token', 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GaBcDe.abcdefghijklmnopqrstuvwxyz012345', 'MTA4NzY1NDMyMTA5ODc2NTQzMg'],
	['bearer-token', 'Authorization: Bearer abc.def-ghi_jkl123', 'abc.def-ghi_jkl123'],
	// From the escalation scrubber: shorter minimum lengths and GitHub fine-grained tokens.
	['openai', `sk-${'Zy9Xw8Vu7T'.repeat(2)}`, 'Zy9Xw8Vu7TZy9Xw8Vu7T'],
	['anthropic', 'sk-ant-api03-QwErTy12', 'QwErTy12'],
	['openrouter', 'sk-or-v1-0123456789ab', '0123456789ab'],
	['huggingface', `hf_${'AbCdEfGh12'.repeat(2)}`, 'AbCdEfGh12AbCdEfGh12'],
	['github-token', `github_pat_${'11ABCDEFG0'.repeat(3)}`, '11ABCDEFG011ABCDEFG0'],
	['github-token', `gho_${'0123456789'.repeat(3)}ab`, '0123456789012345678901'],
	['bearer-token', `eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.${'SflKxwRJSMeKKF2QT4fwpM'}`, 'SflKxwRJSMeKKF2QT4fwpM'],
	['generic', 'api_key = "abcd1234efgh5678ijkl"', 'abcd1234efgh5678ijkl'],
	['generic', 'https://x.example/v1?key=AbCdEf123456789xyz&x=1', 'AbCdEf123456789xyz'],
	['generic', 'https://x.example/v1?token=AbCdEfGhIjKlMnOp&x=1', 'AbCdEfGhIjKlMnOp'],
	['generic', 'github_token: "ab12cd34ef56gh78ij90"', 'ab12cd34ef56gh78ij90'],
	// A bare `sk-` key without a digit still mixes cases over a key's length.
	['openai', 'sk-QwErTyUiOpAsDfGhJkLzXcVbNm', 'QwErTyUiOpAsDfGhJkLzXcVbNm'],
	// JSON escapes right before a key (the LLM scrubber's boundary, now everywhere).
	['openai-project', '"line one\\nsk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"', 'Ab12Cd34Ef56Gh78Ij90Kl12'],
	['openai-project', '"col\\tsk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"', 'Ab12Cd34Ef56Gh78Ij90Kl12'],
	['openrouter', '{\\"k\\":\\"sk-or-v1-0123456789abcdef0123\\"}', '0123456789abcdef0123'],
	['openrouter', '\\u0022sk-or-v1-0123456789abcdef0123\\u0022', '0123456789abcdef0123'],
	['generic', '{\\"api_key\\": \\"abcd1234efgh5678ijkl\\"}', 'abcd1234efgh5678ijkl'],
	// URL-encoded.
	['bearer-token', 'q=Authorization%3A%20Bearer%20abc.def-ghi_jkl123', 'abc.def-ghi_jkl123'],
	['openai-project', 'q=key%3Dsk-proj-Ab12Cd34Ef56Gh78Ij90Kl12', 'Ab12Cd34Ef56Gh78Ij90Kl12'],
	[
		'aws-secret-key',
		`aws_secret_access_key%3D${encodeURIComponent('FAKEabcdEFGH/+abcdEFGH/+abcdEFGH/+123456')}`,
		'abcdEFGH',
	],
	// A bare Azure key in a title.
	['azure', 'Azure key 0123456789abcdef0123456789abcdef gets 401', '0123456789abcdef0123456789abcdef'],
];

const KEPT: readonly string[] = [
	'Error code: 403 - {"error": {"message": "model_not_found", "type": "invalid_request_error"}} with gpt-4o-mini, task-1234, sk-learn and AKIA',
	'task-1234567890abcdefghij uses gpt-4o-mini and sk-learn; key [REDACTED:openai] was removed',
	'see sk-learn-compatible-estimators and hf_hub_download',
	'Bearer authentication is used',
	'"max_tokens": 4096, token_limit=128000',
	'x-request-id: 0123456789abcdef0123456789abcdef',
	'Project `proj_QRf115YMnQwMUdTI9cu2sWQ8` does not have access',
];

describe('the redaction engine: one corpus', () => {
	it.each(CAUGHT)('masks %s in %s', (kind, text, secret) => {
		const result = redactSecrets(text);
		expect(result.kinds).toContain(kind);
		expect(result.text).not.toContain(secret);
		expect(hasSecret(result.text)).toBe(false);
	});

	it.each(KEPT)('leaves alone: %s', (text) => {
		expect(redactString(text)).toBe(text);
		expect(hasSecret(text)).toBe(false);
	});

	it('is idempotent', () => {
		for (const [, text] of CAUGHT) {
			const once = redactString(text);
			expect(redactString(once)).toBe(once);
		}
	});
});

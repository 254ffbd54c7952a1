import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { triagePost } from '../../../src/triage/index.js';
import { redactSecrets } from '../../../src/triage/redact-secrets.js';
import { TriageSchema } from '../../../src/triage/types.js';
import { propertyRuns } from '../../support/fast-check-setup.js';
import { KEY_FORMATS, PLACEMENTS } from './keys.js';

// Literal keys below are obviously fake: repeated digit/letter runs, or FAKE in the body.
const FAKE = {
	openai: `sk-FAKE${'0123456789'.repeat(4)}abcd`,
	openaiProject: `sk-proj-FAKE_${'A1b2C3d4E5'.repeat(6)}`,
	openrouter: `sk-or-v1-${'0123456789abcdef'.repeat(4)}`,
	anthropic: `sk-ant-api03-FAKE${'QwErTy1234'.repeat(9)}AA`,
	google: `AIzaFAKE${'0123456789'.repeat(3)}abc`,
	groq: `gsk_FAKE${'MnOpQr3456'.repeat(5)}`,
	xai: `xai-FAKE${'StUvWx7890'.repeat(8)}`,
	huggingface: `hf_FAKE${'AbCdEfGh12'.repeat(3)}`,
	awsAccess: 'AKIAFAKE234567ABCDEF',
	awsSecret: `FAKE${'abcdEFGH/+'.repeat(3)}123456`,
	azure: '0123456789abcdef0123456789abcdef',
	discord: `MTEwMDAwMDAwMDAwMDAwMDAwMQ.GhIjKl.${'aBcDeFgHiJ'.repeat(3)}12345678`,
	bearer: `FAKEtoken${'5678Xy'.repeat(5)}`,
	github: `ghp_FAKE${'0123456789'.repeat(3)}ab`,
} as const;

describe('redactSecrets: each key format', () => {
	it.each([
		['OpenAI legacy key', `OPENAI_API_KEY=${FAKE.openai}`, FAKE.openai, 'openai'],
		['OpenAI project key', `api_key="${FAKE.openaiProject}"`, FAKE.openaiProject, 'openai-project'],
		['OpenRouter key', `key ${FAKE.openrouter} here`, FAKE.openrouter, 'openrouter'],
		['Anthropic key', `x-api-key: ${FAKE.anthropic}`, FAKE.anthropic, 'anthropic'],
		[
			'Google key in a URL',
			`https://generativelanguage.googleapis.com/v1beta/models?key=${FAKE.google}`,
			FAKE.google,
			'google',
		],
		['Groq key', `GROQ_API_KEY=${FAKE.groq}`, FAKE.groq, 'groq'],
		['xAI key', `XAI_API_KEY=${FAKE.xai}`, FAKE.xai, 'xai'],
		['Hugging Face token', `HF_TOKEN=${FAKE.huggingface}`, FAKE.huggingface, 'huggingface'],
		['AWS access key id', `aws_access_key_id = ${FAKE.awsAccess}`, FAKE.awsAccess, 'aws-access-key'],
		['AWS secret key', `aws_secret_access_key = ${FAKE.awsSecret}`, FAKE.awsSecret, 'aws-secret-key'],
		['Azure key in an api-key header', `-H "api-key: ${FAKE.azure}"`, FAKE.azure, 'azure'],
		['Azure key in AZURE_OPENAI_API_KEY', `AZURE_OPENAI_API_KEY=${FAKE.azure}`, FAKE.azure, 'azure'],
		['Discord bot token', `DISCORD_TOKEN=${FAKE.discord}`, FAKE.discord, 'discord-token'],
		['bearer token in a header', `Authorization: Bearer ${FAKE.bearer}`, FAKE.bearer, 'bearer-token'],
		['GitHub token', `GITHUB_TOKEN=${FAKE.github}`, FAKE.github, 'github-token'],
	] as const)('%s', (_name, text, secret, kind) => {
		const result = redactSecrets(text);
		expect(result.text).not.toContain(secret);
		expect(result.text).toContain(`[REDACTED:${kind}]`);
		expect(result.kinds).toContain(kind);
	});

	it('keeps the text around a key', () => {
		expect(redactSecrets(`before ${FAKE.openrouter} after`).text).toBe('before [REDACTED:openrouter] after');
		expect(redactSecrets(`-H "Authorization: Bearer ${FAKE.bearer}"`).text).toBe(
			'-H "Authorization: Bearer [REDACTED:bearer-token]"',
		);
	});

	it('joins a key wrapped over two lines and redacts both halves', () => {
		const text = `OPENROUTER_API_KEY=${FAKE.openrouter.slice(0, 30)}\n${FAKE.openrouter.slice(30)}\nnext line`;
		const result = redactSecrets(text);
		expect(result.text).toBe('OPENROUTER_API_KEY=[REDACTED:openrouter]\n\nnext line');
	});

	it('reports each kind once, in a stable order', () => {
		const text = `${FAKE.google} ${FAKE.openai} ${FAKE.google}`;
		expect(redactSecrets(text).kinds).toEqual(['openai', 'google']);
	});

	it.each([
		['env var reference', 'Authorization: Bearer $OPENROUTER_API_KEY'],
		['template placeholder', 'api_key="<API_KEY>"'],
		['os.environ', "client = OpenAI(api_key=os.environ['OPENAI_API_KEY'])"],
		['process.env', 'apiKey: process.env.OPENROUTER_API_KEY,'],
		['elided key', 'my key is sk-... and sk-xxxx'],
		['env var name as value', 'Bearer YOUR_API_KEY'],
		['prose about bearer tokens', 'Bearer authentication is used'],
		['a word that starts like a key', 'see sk-learn-compatible-estimators and hf_hub_download'],
		['a token count', '"max_tokens": 4096, token_limit=128000'],
		['a model id', 'model="anthropic/claude-3.5-sonnet" and gpt-4o-mini'],
		['an OpenAI project id', 'Project `proj_QRf115YMnQwMUdTI9cu2sWQ8` does not have access'],
	])('leaves %s alone', (_name, text) => {
		const result = redactSecrets(text);
		expect(result.text).toBe(text);
		expect(result.kinds).toEqual([]);
	});
});

describe('triage never lets a key out', () => {
	const leaks = (triage: unknown, fragments: readonly string[]): string[] => {
		const json = JSON.stringify(triage);
		return fragments.filter((f) => f.length >= 8 && json.includes(f));
	};

	for (const format of KEY_FORMATS)
		describe(format.kind, () => {
			it.each(PLACEMENTS.map((p) => [p.name, p] as const))('%s', (_name, placement) => {
				fc.assert(
					fc.property(format.value, fc.constantFrom('body', 'title', 'attachment'), (value, where) => {
						const text = placement.embed(format, value);
						const post =
							where === 'body'
								? { title: '403 help', body: text, attachments: [] }
								: where === 'title'
									? { title: text.slice(0, 900), body: 'see title', attachments: [] }
									: { title: '403', body: 'log attached', attachments: [{ name: 'message.txt', text }] };
						if (where === 'title' && text.length > 900) return;
						const triage = triagePost(post);
						expect(leaks(triage, [value, value.slice(format.prefix.length)])).toEqual([]);
						expect(triage.secrets.length).toBeGreaterThan(0);
						TriageSchema.parse(triage);
					}),
					{ numRuns: propertyRuns(25) },
				);
			});

			it('split over a line break', () => {
				fc.assert(
					fc.property(
						format.value.chain((value) =>
							fc.tuple(fc.constant(value), fc.integer({ min: format.prefix.length + 1, max: value.length - 1 })),
						),
						fc.constantFrom('', '  '),
						([value, at], indent) => {
							const text = `key:\n${format.lead}${value.slice(0, at)}\n${indent}${value.slice(at)}\nthen a 403`;
							const triage = triagePost({ title: '', body: text, attachments: [] });
							expect(leaks(triage, [value, value.slice(format.prefix.length, at), value.slice(at)])).toEqual([]);
							expect(triage.secrets).toContain(format.kind);
						},
					),
					{ numRuns: propertyRuns(Number(process.env.SPLIT_RUNS ?? 40)) },
				);
			});
		});

	it('keeps the kinds of every key found, and no key, when a post holds them all', () => {
		const values = Object.values(FAKE);
		const body = [
			`OPENAI_API_KEY=${FAKE.openai}`,
			`api_key="${FAKE.openaiProject}"`,
			FAKE.openrouter,
			`x-api-key: ${FAKE.anthropic}`,
			`?key=${FAKE.google}`,
			FAKE.groq,
			FAKE.xai,
			FAKE.huggingface,
			FAKE.awsAccess,
			`aws_secret_access_key=${FAKE.awsSecret}`,
			`api-key: ${FAKE.azure}`,
			FAKE.discord,
			`Authorization: Bearer ${FAKE.bearer}`,
			FAKE.github,
		].join('\n');
		const triage = triagePost({ title: 'keys', body, attachments: [] });
		expect(leaks(triage, values)).toEqual([]);
		expect(new Set(triage.secrets)).toEqual(
			new Set([
				'openai',
				'openai-project',
				'openrouter',
				'anthropic',
				'google',
				'groq',
				'xai',
				'huggingface',
				'aws-access-key',
				'aws-secret-key',
				'azure',
				'discord-token',
				'bearer-token',
				'github-token',
			]),
		);
	});

	it('drops a key cut in half by the size bound instead of keeping its first half', () => {
		const filler = 'x'.repeat(256 * 1024 - 40);
		const triage = triagePost({ title: '', body: `${filler} ${FAKE.openaiProject}`, attachments: [] });
		expect(triage.truncated).toBe(true);
		expect(triage.text).not.toContain('sk-proj-FAKE');
	});
});

describe('a Discord token whose random part contains a vendor prefix', () => {
	it('is redacted whole, even split over a line break (found by the property test above)', () => {
		const value = 'MTAwMDAwMDAwMDAwMDAwMDAw.A00000.sk-D0000000000000000000000000000000000';
		for (const text of [`token ${value} here`, `key:\n${value.slice(0, 1)}\n${value.slice(1)}\nthen a 403`]) {
			const triage = triagePost({ title: '', body: text, attachments: [] });
			expect(JSON.stringify(triage)).not.toContain('TAwMDAwMDAwMDAwMDAwMDAw');
			expect(triage.secrets).toContain('discord-token');
		}
	});
});

describe('redactSecrets: a placeholder word inside a key (regression)', () => {
	// Found by the JSON-escape property below: `Your` inside a 40-character AWS secret made it a "placeholder".
	const awsSecret = 'A000000000000Your00000000000000000000000';

	it.each(['\\n', '\\"', '\\u0022', ''])('redacts an AWS secret holding "Your" inside JSON (escape %j)', (esc) => {
		const text = `{"error": {"message": "Incorrect API key provided:${esc}aws_secret_access_key = ${awsSecret}${esc}", "code": 401}}`;
		const result = redactSecrets(text);
		expect(result.text).not.toContain(awsSecret);
		expect(result.kinds).toContain('aws-secret-key');
	});

	it.each([
		['a placeholder word at the start', 'aws_secret_access_key = YourSecretAccessKeyGoesHere0000000000000'],
		['a placeholder word at the end', 'aws_secret_access_key = 00000000000000000000000000000000/EXAMPLE'],
		['a placeholder word after a separator', 'api_key="my-own-api-key/your-key-here"'],
	])('still leaves %s alone', (_name, text) => {
		expect(redactSecrets(text).text).toBe(text);
	});
});

describe('redactSecrets: keys in escaped, encoded and wrapped text (property)', () => {
	const leaks = (text: string, fragments: readonly string[]): string[] =>
		fragments.filter((f) => f.length >= 8 && text.includes(f));
	/** The secret part of a key: the whole value, and the value after its vendor prefix. */
	const secretParts = (format: (typeof KEY_FORMATS)[number], value: string): string[] => [
		value,
		value.slice(format.prefix.length),
	];

	for (const format of KEY_FORMATS)
		describe(format.kind, () => {
			it('right after a JSON string escape (\\n, \\t, \\", \\u0022)', () => {
				fc.assert(
					fc.property(format.value, fc.constantFrom('\\n', '\\t', '\\"', '\\u0022', '\\r\\n'), (value, esc) => {
						const text = `{"error": {"message": "Incorrect API key provided:${esc}${format.lead}${value}${esc}", "code": 401}}`;
						const result = redactSecrets(text);
						expect(leaks(result.text, secretParts(format, value))).toEqual([]);
						expect(result.kinds).toContain(format.kind);
					}),
					{ numRuns: propertyRuns(30) },
				);
			});

			it('URL-encoded in a query string', () => {
				fc.assert(
					fc.property(format.value, (value) => {
						const text = `GET https://relay.example/v1/log?q=${encodeURIComponent(`my config ${format.lead}${value} then 403`)}&x=1`;
						const result = redactSecrets(text);
						const encoded = secretParts(format, value).map(encodeURIComponent);
						expect(leaks(result.text, [...secretParts(format, value), ...encoded])).toEqual([]);
						expect(result.kinds).toContain(format.kind);
					}),
					{ numRuns: propertyRuns(30) },
				);
			});

			it('hard-wrapped by a terminal at any column', () => {
				fc.assert(
					fc.property(format.value, fc.integer({ min: 40, max: 100 }), (value, width) => {
						const head = `error: ${format.lead}`;
						// The key starts on the first line and goes on at the start of the next ones, as a terminal wraps it.
						const first = Math.max(format.prefix.length + 1, width - head.length);
						const lines = [head + value.slice(0, first)];
						for (let at = first; at < value.length; at += width) lines.push(value.slice(at, at + width));
						if (lines.length > 5) return;
						const text = `${lines.join('\n')}\nHTTP 403`;
						const triage = triagePost({ title: '', body: text, attachments: [] });
						const pieces = lines.slice(1);
						expect(leaks(JSON.stringify(triage), [...secretParts(format, value), ...pieces])).toEqual([]);
						expect(triage.secrets).toContain(format.kind);
					}),
					{ numRuns: propertyRuns(30) },
				);
			});
		});
});

describe('redactSecrets: a key in a title or an attachment name', () => {
	it('redacts a bare Azure key in a title that names Azure and a key', () => {
		const title = 'Azure OpenAI 401 with key 0123456789abcdef0123456789abcdef';
		const result = redactSecrets(title);
		expect(result.text).toBe('Azure OpenAI 401 with key [REDACTED:azure]');
		expect(result.kinds).toEqual(['azure']);
	});

	it('leaves a 32-hex request id alone when nothing names an Azure key', () => {
		const text = 'x-request-id: 0123456789abcdef0123456789abcdef';
		expect(redactSecrets(text).text).toBe(text);
	});

	it('redacts an attachment name holding a key', () => {
		const triage = triagePost({
			title: 't',
			body: 'see log',
			attachments: [{ name: `log-${FAKE.openrouter}.txt`, text: '403 Forbidden' }],
		});
		expect(JSON.stringify(triage)).not.toContain(FAKE.openrouter);
	});
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PostText } from '../../../src/model.js';
import { MAX_INPUT_CHARS, triagePost } from '../../../src/triage/index.js';
import {
	MAX_ATTACHMENT_CHARS,
	MAX_EXCERPT_CHARS,
	MAX_FIELD_CHARS,
	MAX_MODELS,
	MAX_SNIPPET_CHARS,
} from '../../../src/triage/limits.js';
import { type Triage, TriageSchema } from '../../../src/triage/types.js';
import { propertyRuns } from '../../support/fast-check-setup.js';

/** Every bound the result promises. */
function expectBounded(t: Triage): void {
	TriageSchema.parse(t);
	expect(t.text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
	expect(t.models.length).toBeLessThanOrEqual(MAX_MODELS);
	if (t.model !== null) expect(t.models[0]).toBe(t.model);
	if (t.error !== null) {
		expect(t.error.excerpt.length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
		expect(t.error.message?.length ?? 0).toBeLessThanOrEqual(MAX_FIELD_CHARS);
		expect(JSON.stringify(t.error.providerError?.raw ?? null).length).toBeLessThanOrEqual(MAX_FIELD_CHARS * 3);
	}
	if (t.snippet !== null) expect(t.snippet.code.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS);
}

/** Pieces of what people paste, so generated posts reach deep into every extractor. */
const PIECES = [
	'{',
	'}',
	'[',
	']',
	'"error"',
	"'error'",
	':',
	',',
	'"',
	"'",
	'\\',
	'\\"',
	'None',
	'...',
	'…',
	'\n',
	'\n\n',
	'  ',
	'```',
	'```json\n',
	'Error code: 403 - ',
	'PermissionDeniedError: ',
	'HTTP/1.1 403 Forbidden\n',
	'server: cloudflare\n',
	'cf-ray: 8f1b2c3d4e5f6a7b\n',
	'<title>',
	'</title>',
	'<!DOCTYPE html>',
	'error code: 1020',
	'"message": ',
	'"code": 403',
	'"metadata": {"raw": "',
	'model="',
	'model: ',
	'openai/o3',
	'gpt-4o',
	'models/',
	'arn:aws:bedrock:us-east-1::foundation-model/',
	'base_url="https://',
	'openrouter.ai/api/v1',
	'localhost:11434',
	'curl ',
	'-H "Authorization: Bearer ',
	'sk-',
	'sk-proj-',
	'AIza',
	'Traceback (most recent call last):\n',
	'  File "x.py", line 1, in <module>\n',
	'    at f (x.js:1:1)\n',
	'from openai import OpenAI\n',
	'403',
	'PERMISSION_DENIED',
	'An error occurred (AccessDeniedException) when calling the X operation: ',
];

const pastes = fc
	.array(
		fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 8 })),
		{
			maxLength: 80,
		},
	)
	.map((parts) => parts.join(''));

const posts: fc.Arbitrary<PostText> = fc.record({
	title: fc.oneof(fc.string(), pastes),
	body: fc.oneof(fc.string({ unit: 'binary' }), pastes),
	attachments: fc.array(fc.record({ name: fc.string({ maxLength: 30 }), text: fc.oneof(fc.string(), pastes) }), {
		maxLength: 3,
	}),
});

describe('triagePost on any input', () => {
	it('never throws and stays within its bounds (any strings)', () => {
		fc.assert(
			fc.property(posts, (post) => {
				expectBounded(triagePost(post));
			}),
			{ numRuns: propertyRuns(300) },
		);
	});

	it('never throws on malformed posts at runtime', () => {
		const malformed = [
			{},
			{ title: null, body: undefined, attachments: null },
			{ title: 42, body: { not: 'text' }, attachments: [null, { name: 1, text: 2 }, 'x'] },
			null,
		] as unknown as PostText[];
		for (const post of malformed) expectBounded(triagePost(post));
	});

	it.each([
		['a megabyte of open braces', '{'.repeat(1 << 20)],
		['a megabyte of quotes', '"'.repeat(1 << 20)],
		['nested arrays', `{"a":${'['.repeat(200_000)}`],
		['a megabyte of one letter', 'a'.repeat(1 << 20)],
		['key prefixes without keys', 'sk-'.repeat(300_000)],
		['a key-like run with no end', `sk-proj-${'A1b2'.repeat(200_000)}`],
		['lines of M (Discord token starts)', 'M\n'.repeat(300_000)],
		['backslashes', '\\'.repeat(1 << 20)],
		['long words ending in Error', `${'Permission'.repeat(100_000)}DeniedError: 403`],
		['dotted names', 'a.'.repeat(400_000)],
		['status-looking numbers', '403 '.repeat(250_000)],
		['unclosed fences', '```\n'.repeat(250_000)],
		['unclosed strings over lines', `{"message": "${'x\n'.repeat(200_000)}`],
		['spaces then a colon', `${' '.repeat(500_000)}:`],
		['html openers', '<title>'.repeat(100_000)],
		['model labels', 'Model: '.repeat(100_000)],
		['bearer headers', 'Authorization: Bearer '.repeat(40_000)],
		[
			'bodies nested in the messages of bodies',
			`{"error":{"message":"${'{\\"error\\":{\\"message\\":\\"{ {\\"}} '.repeat(400)}"}} `.repeat(60),
		],
		['binary noise', String.fromCharCode(...Array.from({ length: 60_000 }, (_, i) => (i * 7919) % 256))],
	])('completes on %s', (_name, body) => {
		const t = triagePost({ title: 'x', body, attachments: [{ name: 'message.txt', text: body }] });
		expectBounded(t);
		// The body is also attached, and an attachment is cut at 64 KB.
		expect(t.truncated).toBe(body.length > MAX_ATTACHMENT_CHARS);
	});

	it('marks a post cut at the bound, and bounds many attachments', () => {
		const attachments = Array.from({ length: 20 }, (_, i) => ({
			name: `part${i}.log`,
			text: 'log line\n'.repeat(2000),
		}));
		const t = triagePost({ title: 't', body: 'b', attachments });
		expect(t.truncated).toBe(true);
		expectBounded(t);
	});

	it('is deterministic', () => {
		fc.assert(
			fc.property(posts, (post) => {
				expect(triagePost(post)).toEqual(triagePost(post));
			}),
			{ numRuns: propertyRuns(50) },
		);
	});
});

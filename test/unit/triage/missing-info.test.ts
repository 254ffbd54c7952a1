import { describe, expect, it } from 'vitest';
import { isThinMessage } from '../../../src/triage/missing-info.js';
import type { MissingInfo } from '../../../src/triage/types.js';
import { triage } from './helpers.js';

const CODE = '```python\nfrom openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")\n```';

describe('missing info', () => {
	it.each<[string, string, MissingInfo[]]>([
		['a bare status asks for everything', '403', ['error_body', 'model', 'code']],
		['a status and its reason phrase are thin', 'Getting 403 Forbidden on openai/o3', ['error_body', 'code']],
		['"403 status code (no body)" is thin', 'Error: 403 status code (no body) with gpt-4o', ['error_body', 'code']],
		['a screenshot only', "See below 403 error when it's needed [screenshot]", ['error_body', 'model', 'code']],
		[
			'a full body, model and code ask for nothing',
			`${CODE}\n{"error":{"message":"OpenAI is requiring a key to access this model","code":403}}\nmodel="openai/o3"`,
			[],
		],
		[
			'a message beyond the status is a body',
			'403 Key limit exceeded. Manage it using https://openrouter.ai/keys',
			['model', 'code'],
		],
		['a Cloudflare code is a body', 'Observe a `403` with Cloudflare `error code: 1010`', ['model', 'code']],
		[
			'telling headers are a body',
			'HTTP/1.1 403 Forbidden\nCf-Mitigated: challenge\nServer: cloudflare',
			['model', 'code'],
		],
		['an empty body shown by Content-Length: 0', 'HTTP/1.1 403 Forbidden\nContent-Length: 0', ['model', 'code']],
		[
			'a prose error message is a body',
			'Your API key was reported as leaked. Please use another API key.',
			['model', 'code'],
		],
		[
			'code without a client or endpoint is thin',
			'```\nx = 1\ny = compute(x)\n```\n403 Forbidden',
			['error_body', 'model', 'code'],
		],
		[
			'config naming the endpoint is enough code',
			'Base URL: https://ai.bytemetrix.com/v1\nModel: gpt-5.5\nPermissionDeniedError [HTTP 403]: Your request was blocked.',
			[],
		],
	])('%s', (_name, body, missing) => expect(triage(body).missing).toEqual(missing));

	it.each([
		[null, true],
		['Forbidden', true],
		['403 Forbidden', true],
		['HTTP/1.1 403 Forbidden', true],
		['(Unauthorized)', true],
		['Request failed with status code 403', true],
		['Request not', true],
		['Key limit exceeded. Manage it using https://openrouter.ai/keys', false],
		['Country, region, or territory not supported', false],
	])('isThinMessage(%j) is %s', (message, thin) => expect(isThinMessage(message)).toBe(thin));
});

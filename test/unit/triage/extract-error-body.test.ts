import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../../src/triage/types.js';
import { errorOf, triage } from './helpers.js';

/** The facts a case checks; fields left out are not checked. */
type Expect = Partial<Pick<ErrorBody, 'status' | 'message' | 'type' | 'code' | 'param' | 'provider' | 'layer'>> & {
	shapes?: string[];
	exceptionClass?: string | null;
	messageIncludes?: string;
};

function check(body: string, want: Expect): void {
	const error = errorOf(body);
	const { shapes, messageIncludes, ...fields } = want;
	expect(error).toMatchObject(fields);
	if (shapes !== undefined) for (const shape of shapes) expect(error.shapes).toContain(shape);
	if (messageIncludes !== undefined) expect(error.message).toContain(messageIncludes);
	expect(error.excerpt.length).toBeLessThanOrEqual(4096);
}

// Strings below are verbatim from ../shared/kb/causes.md, ../shared/kb/sdk-error-shapes.md and ../shared/eval/dev.jsonl.
describe('raw JSON bodies', () => {
	it.each<[string, string, Expect]>([
		[
			'OpenAI region block',
			'{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory not supported","param":null,"type":"request_forbidden"}}',
			{
				status: null,
				code: 'unsupported_country_region_territory',
				type: 'request_forbidden',
				message: 'Country, region, or territory not supported',
				provider: 'OpenAI',
				layer: 'provider',
				shapes: ['json'],
			},
		],
		[
			'OpenAI model access, pretty-printed after a status',
			'Unable to add OpenAI BYO key\n\n(status code 403)\n{\n    "error": {\n        "message": "Project `proj_QRf115YMnQwMUdTI9cu2sWQ8` does not have access to model `gpt-4o-mini`",\n        "type": "invalid_request_error",\n        "param": null,\n        "code": "model_not_found"\n    }\n}',
			{ status: 403, code: 'model_not_found', type: 'invalid_request_error', param: null, layer: 'provider' },
		],
		[
			'Anthropic body with a request id',
			'{"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."},"request_id":"req_x"}',
			{ type: 'permission_error', provider: 'Anthropic', messageIncludes: 'does not have permission' },
		],
		[
			'Anthropic region block after a leading status',
			'403 {"error":{"type":"forbidden","message":"Request not allowed"}}\n\nanyone has this issue ？ [screenshot]',
			{ status: 403, type: 'forbidden', message: 'Request not allowed', provider: 'Anthropic' },
		],
		[
			'Azure firewall body with a string code',
			'{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}',
			{ status: 403, code: '403', message: 'Access denied due to Virtual Network/Firewall rules.' },
		],
		[
			'Azure content filter (a 400 look-alike) with innererror',
			'{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI\'s content management policy.","param":"prompt","code":"content_filter","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}}',
			{ status: 400, code: 'content_filter', param: 'prompt', provider: 'Azure' },
		],
		[
			'Google body inside code fences',
			'```\n{"error":{"code":403,"message":"Your API key was reported as leaked. Please use another API key.","status":"PERMISSION_DENIED"}}\n```',
			{ status: 403, code: 'PERMISSION_DENIED', provider: 'Google', messageIncludes: 'reported as leaked' },
		],
		[
			'a body whose strings the terminal wrapped over lines',
			"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country,\nregion, or territory not supported', 'param': None, 'type': 'request_forbidden'}}",
			{
				status: 403,
				message: 'Country, region, or territory not supported',
				code: 'unsupported_country_region_territory',
			},
		],
		[
			'a truncated body (cut mid-string by the paste)',
			'API Error: 403 {"error":{"type":"forbidden","message":"Request not\n\n**Environment Info**\n- Platform: macos',
			{ status: 403, type: 'forbidden', message: 'Request not' },
		],
		[
			'a body whose message is itself a JSON body (Gemini through an app), truncated',
			'{"error":{"message":"{\\n  \\"error\\": {\\n    \\"code\\": 403,\\n    \\"message\\": \\"Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.StreamGenerateContent are blocked.\\",\\n    \\"status\\": \\"PERMISSION_DENIED\\",\\n    \\"details\\": [\\n      {\\n        \\"@type\\": \\"type.googleapis.com/google.rpc.ErrorInfo\\",\\n        \\"reason\\": \\"API_KEY_SERVICE_BLOCKED\\",\\n        \\"domain\\": \\"googleapis.com\\", ...\n```',
			{
				status: 403,
				code: 'PERMISSION_DENIED',
				provider: 'Google',
				messageIncludes: 'are blocked.',
			},
		],
		[
			'a body quoted in a JSON log line (escaped twice)',
			'```json\n[{"error":"Error: 403 {\\"error\\":{\\"type\\":\\"forbidden\\",\\"message\\":\\"Request not allowed\\"}}\\n\n```',
			{ status: 403, type: 'forbidden', message: 'Request not allowed' },
		],
		[
			'a fragment of a body without its braces',
			'```\n          "message": "Gemini for Google Cloud API has not been used in project\n  qwiklabs-gcp-00-5e816f6e4398 before or it is disabled. Enable it by visiting\n  https://console.developers.google.com/apis/api/cloudaicompanion.googleapis.com/overview then retry.",\n          "domain": "usageLimits",\n          "reason": "accessNotConfigured",\n      "status": "PERMISSION_DENIED",\n          "reason": "SERVICE_DISABLED",\n```',
			{ status: 403, code: 'PERMISSION_DENIED', messageIncludes: 'has not been used in project qwiklabs' },
		],
	])('%s', (_name, body, want) => check(body, want));

	it('keeps Google ErrorInfo reasons in the excerpt for matching', () => {
		const error = errorOf(
			'{"error":{"code":403,"message":"Requests from referer <empty> are blocked.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_HTTP_REFERRER_BLOCKED"}]}}',
		);
		expect(error.excerpt).toContain('API_KEY_HTTP_REFERRER_BLOCKED');
	});

	it('shows a body once when the line that holds it is in the excerpt too', () => {
		const line =
			"PermissionDeniedError: Error code: 403 - {'error': {'code': 'unsupported_country_region_territory', 'message': 'Country, region, or territory not supported'}} model gpt-4o";
		const error = errorOf(line);
		expect(error.excerpt).toBe(line);
		expect(error.excerpt.split('Country, region, or territory not supported')).toHaveLength(2);
	});
});

describe('Python SDK tracebacks (dict literals)', () => {
	it.each<[string, string, Expect]>([
		[
			'openai-python model access',
			"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'Project `proj_9KoeXdtHe0YQJbsF2FQAKmzl` does not have access to model `gpt-4o-mini`', 'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found'}}",
			{
				status: 403,
				code: 'model_not_found',
				param: null,
				exceptionClass: 'PermissionDeniedError',
				shapes: ['python-dict', 'exception'],
				layer: 'provider',
			},
		],
		[
			'Anthropic SDK region block',
			"anthropic.PermissionDeniedError: Error code: 403 - {'error': {'type': 'forbidden', 'message': 'Request not allowed'}}",
			{ status: 403, type: 'forbidden', message: 'Request not allowed', provider: 'Anthropic' },
		],
		[
			'Azure key auth disabled',
			"Error code: 403 - {'error': {'code': 'AuthenticationTypeDisabled', 'message': 'Key based authentication is disabled for this resource.'}}",
			{ status: 403, code: 'AuthenticationTypeDisabled', provider: 'Azure', shapes: ['python-dict'] },
		],
		[
			'xAI, mixed quotes and an apostrophe',
			"Error code: 403 - {'code': 'The caller does not have permission to execute the specified operation', 'error': \"Your newly created teams doesn't have any credits yet. You can purchase credits on https://console.x.ai/team/c853730f-fe0f-4537-b8a2-0e6e33c8342d.\"}\nTraceback (most recent call last):\n  File \".../griptape/tasks/base_task.py\", line 177, in run\n    self.output = self.try_run()",
			{
				status: 403,
				code: 'The caller does not have permission to execute the specified operation',
				messageIncludes: "doesn't have any credits yet",
				provider: 'xAI',
			},
		],
		[
			'escaped quotes inside a single-quoted string',
			"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'it\\'s \"blocked\"', 'code': None, 'flag': True}}",
			{ status: 403, message: 'it\'s "blocked"', code: null },
		],
		[
			'LiteLLM wrapper whose class lies about the status',
			'litellm.BadRequestError: Vertex_aiException BadRequestError - [{"error": {"code": 403, "message": "Permission denied on resource project default.", "status": "PERMISSION_DENIED"}}]',
			{ status: 403, code: 'PERMISSION_DENIED', exceptionClass: 'BadRequestError' },
		],
		[
			'an app wrapping an OpenRouter 403 in its own 400',
			"fastapi.exceptions.HTTPException: 400: {'error': {'message': 'OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to gpt-5-chat or gpt-5-mini.', 'code': 403}}",
			{ status: 403, code: '403', layer: 'router' },
		],
	])('%s', (_name, body, want) => check(body, want));
});

describe('Node SDK output', () => {
	it.each<[string, string, Expect]>([
		[
			'PermissionDeniedError one-liner',
			'PermissionDeniedError: 403 Project `proj_abc` does not have access to model `gpt-4o`',
			{
				status: 403,
				message: 'Project `proj_abc` does not have access to model `gpt-4o`',
				exceptionClass: 'PermissionDeniedError',
				shapes: ['node-sdk'],
			},
		],
		[
			'String(e) form',
			'Error: 403 Project `proj_JMo3Q9spNIEWhSxusokLegJY` does not have access to model `gpt-4.1-2025-04-14`',
			{ status: 403, messageIncludes: 'does not have access', shapes: ['node-sdk'] },
		],
		[
			'403 status code (no body)',
			'Error: 403 status code (no body)\n    at APIError.generate (node_modules/openai/error.js:54:20)',
			{ status: 403, message: null, exceptionClass: null, shapes: ['node-sdk'] },
		],
		[
			'a 401 whose error is a string',
			'AuthenticationError: 401 "You have insufficient permissions for this operation. Missing scopes: model.request."',
			{ status: 401, messageIncludes: 'Missing scopes: model.request.' },
		],
		[
			'a 400 look-alike printed as status and message',
			'400 Your organization must be verified to stream this model. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.',
			{ status: 400, messageIncludes: 'must be verified to stream' },
		],
		[
			'util.inspect of the error with headers and metadata',
			"PermissionDeniedError: 403 openai/gpt-4o requires moderation on OpenAI.\n    at APIError.generate (file:///app/node_modules/openai/core/error.mjs:48:20) {\n  status: 403,\n  headers: Headers { 'cf-ray': '8f1b2c3d4e5f6a7b-FRA', server: 'cloudflare', 'x-request-id': 'req_0123456789abcdef' },\n  requestID: 'req_0123456789abcdef',\n  error: {\n    code: 403,\n    message: 'openai/gpt-4o requires moderation on OpenAI.',\n    metadata: { reasons: [ 'harassment' ], flagged_input: 'you are a ...idiot', provider_name: 'OpenAI', model_slug: 'openai/gpt-4o' }\n  }\n}",
			{ status: 403, code: '403', layer: 'router', shapes: ['node-sdk'] },
		],
	])('%s', (_name, body, want) => check(body, want));

	it('reads headers and the request id printed by util.inspect', () => {
		const error = errorOf(
			"PermissionDeniedError: 403 blocked\n  at x {\n  status: 403,\n  headers: Headers { 'cf-ray': '8f1b2c3d4e5f6a7b-FRA', server: 'cloudflare' },\n  requestID: 'req_0123456789abcdef',\n  error: { message: 'blocked' }\n}",
		);
		expect(error.headers).toMatchObject({ 'cf-ray': '8f1b2c3d4e5f6a7b-FRA', server: 'cloudflare' });
		expect(error.requestId).toBe('req_0123456789abcdef');
	});
});

describe('Anthropic, Google, Bedrock and Azure exceptions', () => {
	it.each<[string, string, Expect]>([
		[
			'Bedrock AccessDeniedException',
			"botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.",
			{
				status: 403,
				code: 'AccessDeniedException',
				exceptionClass: 'AccessDeniedException',
				provider: 'AWS',
				message: "You don't have access to the model with the specified model ID.",
				shapes: ['exception'],
			},
		],
		[
			'Bedrock explicit deny',
			'botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException) when calling the ConverseStream operation: User: arn:aws:sts::123456789012:assumed-role/dev is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0 with an explicit deny in a service control policy',
			{ status: 403, messageIncludes: 'explicit deny in a service control policy' },
		],
		[
			'google-generativeai PermissionDenied',
			'google.api_core.exceptions.PermissionDenied: 403 Generative Language API has not been used in project 123 before or it is disabled. [links {...}, reason: "SERVICE_DISABLED"]',
			{ status: 403, exceptionClass: 'PermissionDenied', provider: 'Google', code: 'SERVICE_DISABLED' },
		],
		[
			'Gemini PERMISSION_DENIED in a PHP client message',
			"Fatal error: Uncaught Exception: Error Code: 403, Message: Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/gemini-xxxxxx/locations/us-central1/publishers/google/models/gemini-pro' (or it may not exist)., Status: PERMISSION_DENIED in ../composer/vendor/rpurinton/gemini-php/src/GeminiResponse.php:19",
			{
				status: 403,
				code: 'PERMISSION_DENIED',
				message:
					"Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/gemini-xxxxxx/locations/us-central1/publishers/google/models/gemini-pro' (or it may not exist).",
			},
		],
		[
			'Gemini suspended consumer, status only as PERMISSION_DENIED',
			"Permission denied: Consumer 'api_key:AIza...' has been suspended. (code: 403, status: PERMISSION_DENIED)",
			{ status: 403 },
		],
		[
			'azure-core ClientAuthenticationError (a 401)',
			'azure.core.exceptions.ClientAuthenticationError: (PermissionDenied) The principal abc lacks the required data action',
			{ status: 401, code: 'PermissionDenied', provider: 'Azure', exceptionClass: 'ClientAuthenticationError' },
		],
		[
			'Hermes wrapping an SDK class with an HTTP status',
			'PermissionDeniedError [HTTP 403]: Your request was blocked.',
			{ status: 403, message: 'Your request was blocked.', exceptionClass: 'PermissionDeniedError' },
		],
	])('%s', (_name, body, want) => check(body, want));
});

describe('curl and HTTP dumps', () => {
	it.each<[string, string, Expect & { headers?: Record<string, string> }]>([
		[
			'Cloudflare challenge behind a VPN',
			'```\n$ curl -sI https://chatgpt.com/backend-api/codex\nHTTP/1.1 403 Forbidden\nCf-Mitigated: challenge\nServer: cloudflare\n```',
			{
				status: 403,
				layer: 'cdn_waf',
				shapes: ['http-dump'],
				headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' },
			},
		],
		[
			'Squid proxy',
			'HTTP/1.1 403 Forbidden\nServer: squid/5.2\nX-Squid-Error: ERR_ACCESS_DENIED 0\n\n<!-- ERR_ACCESS_DENIED -->',
			{ status: 403, layer: 'proxy', headers: { 'x-squid-error': 'ERR_ACCESS_DENIED 0', server: 'squid/5.2' } },
		],
		[
			'Azure firewall with policy-id',
			'< HTTP/2 403\n< policy-id: ThrowExceptionDueToTrafficDenied\n< apim-request-id: 0f0e0d0c-0b0a-0908-0706-050403020100\n<\n{"error":{"code":"403","message": "Access denied due to Virtual Network/Firewall rules."}}',
			{ status: 403, layer: 'provider', headers: { 'policy-id': 'ThrowExceptionDueToTrafficDenied' } },
		],
		[
			'Ollama rejecting an Origin header',
			'```\ncurl http://localhost:5310/v1/chat/completions \\\n    -H "Content-Type: application/json" \\\n    -H "Origin: chrome-extension://bpoadfkcbjbfhfodiogcnhade..f" \\\n    -d \'{"model":"gpt-3.5-turbo-1106", ...}\'\n```\nwhich returns:\n```\nHTTP/1.1 403 Forbidden\nContent-Length: 0\n```\nOllama server log:\n```\n[GIN] 2024/02/09 - 09:21:34 | 403 |      14.458µs |      172.19.0.1 | POST     "/v1/chat/completions"\n```',
			{ status: 403, layer: 'local_server', headers: { 'content-length': '0' } },
		],
	])('%s', (_name, body, want) => {
		const { headers, ...rest } = want;
		check(body, rest);
		if (headers !== undefined) expect(errorOf(body).headers).toMatchObject(headers);
	});

	it('does not take request headers of a curl command for response headers', () => {
		const error = errorOf(
			'curl https://openrouter.ai/api/v1/chat/completions -H "Content-Type: application/json" -H "Server: fake"\nHTTP/1.1 403 Forbidden',
		);
		expect(error.headers).toEqual({});
	});

	it('picks the error status line over a success one', () => {
		expect(errorOf('curl GET /v1/models\nHTTP/1.1 200 OK\n\ncurl POST\nHTTP/1.1 403 Forbidden').status).toBe(403);
		expect(triage('HTTP/1.1 200 OK\nserver: cloudflare').error?.status ?? null).toBeNull();
	});
});

describe('HTML error pages', () => {
	const page = readFileSync(new URL('../../fixtures/triage/cloudflare-1020.html', import.meta.url), 'utf8');

	it('keeps the title, code and server of a Cloudflare block page, not the page', () => {
		const error = errorOf(`PermissionDeniedError: 403 ${page}`);
		expect(error.html).toEqual({
			title: 'Attention Required! | Cloudflare',
			errorCode: '1020',
			server: 'cloudflare',
			isCloudflare: true,
		});
		expect(error).toMatchObject({
			status: 403,
			code: '1020',
			layer: 'cdn_waf',
			message: 'Attention Required! | Cloudflare',
		});
		expect(error.shapes).toContain('html');
		expect(error.excerpt).not.toContain('<div');
		expect(error.excerpt.length).toBeLessThan(300);
	});

	it('reads the Access denied page of error 1010', () => {
		const error = errorOf(
			'<title>Access denied | tokenwork.app used Cloudflare to restrict access | tokenwork.app | Cloudflare</title>\n<div>errorCode: 1010</div>',
		);
		expect(error.html).toMatchObject({ errorCode: '1010', isCloudflare: true });
		expect(error.layer).toBe('cdn_waf');
	});

	it.each([
		['error code: 1020', '1020'],
		['PermissionDeniedError: 403 error code: 1010', '1010'],
		['Observe a `403` with Cloudflare `error code: 1010` on the blocked path.', '1010'],
	])('reads Cloudflare plain-text block %j', (body, code) => {
		const error = errorOf(body);
		expect(error.html).toMatchObject({ errorCode: code, isCloudflare: true, title: null });
		expect(error.code).toBe(code);
		expect(error.layer).toBe('cdn_waf');
	});

	it('reads an nginx page', () => {
		const error = errorOf(
			'<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx/1.25.3</center></body></html>',
		);
		expect(error.html).toMatchObject({ title: '403 Forbidden', server: 'nginx/1.25.3', isCloudflare: false });
		expect(error.status).toBe(403);
	});
});

describe('OpenRouter envelopes', () => {
	it('parses metadata.raw (a JSON string) into the upstream error', () => {
		const error = errorOf(
			'{"error":{"message":"Provider returned error","code":403,"metadata":{"raw":"{\\"error\\":{\\"code\\":\\"unsupported_country_region_territory\\",\\"message\\":\\"Country, region, or territory not supported\\",\\"param\\":null,\\"type\\":\\"request_forbidden\\"}}","provider_name":"OpenAI"}},"user_id":"user_***"}',
		);
		expect(error).toMatchObject({ status: 403, code: '403', message: 'Provider returned error', provider: 'OpenAI' });
		expect(error.layer).toBe('provider');
		expect(error.providerError).toEqual({
			providerName: 'OpenAI',
			raw: {
				error: {
					code: 'unsupported_country_region_territory',
					message: 'Country, region, or territory not supported',
					param: null,
					type: 'request_forbidden',
				},
			},
			message: 'Country, region, or territory not supported',
			code: 'unsupported_country_region_territory',
			type: 'request_forbidden',
			reasons: [],
			flaggedInput: null,
			modelSlug: null,
		});
	});

	it('keeps moderation reasons, flagged input and model slug (Python repr)', () => {
		const error = errorOf(
			"openai.PermissionDeniedError: Error code: 403 - {'error': {'message': 'openai/gpt-4 requires moderation on OpenAI. Your input was flagged for \"harassment\". No credits were charged.', 'code': 403, 'metadata': {'reasons': ['harassment'], 'flagged_input': 'you are a ...idiot', 'provider_name': 'OpenAI', 'model_slug': 'openai/gpt-4'}}, 'user_id': 'user_2abc'}",
		);
		expect(error.layer).toBe('router');
		expect(error.providerError).toMatchObject({
			providerName: 'OpenAI',
			raw: null,
			reasons: ['harassment'],
			flaggedInput: 'you are a ...idiot',
			modelSlug: 'openai/gpt-4',
		});
	});

	it('reads a provider ToS block with a null provider name', () => {
		const error = errorOf(
			'{"error":{"message":"The request is prohibited due to a violation of provider Terms Of Service.","code":403,"metadata":{"provider_name":null}}}',
		);
		expect(error.providerError).toMatchObject({ providerName: null, raw: null });
		expect(error.layer).toBe('router');
	});

	it("treats OpenRouter's own 403s as the router's", () => {
		for (const body of [
			'{"error":{"message":"OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to o3-mini.","code":403}}',
			'403 Key limit exceeded. Manage it using https://openrouter.ai/keys',
		])
			expect(errorOf(body)).toMatchObject({ status: 403, layer: 'router' });
	});

	it('routes the post to OpenRouter when the body is its envelope', () => {
		const t = triage(
			'{"error":{"message":"Provider returned error","code":403,"metadata":{"raw":"oops","provider_name":"Azure"}},"user_id":"user_1"}',
		);
		expect(t.route).toBe('openrouter');
		expect(t.error?.providerError).toMatchObject({ raw: 'oops', message: 'oops' });
	});
});

describe('status from the exception class alone', () => {
	it.each<[string, number]>([
		['openai.PermissionDeniedError: Request not allowed', 403],
		['openai.AuthenticationError: Incorrect API key provided: sk-abc**********.', 401],
		['openai.RateLimitError: You exceeded your current quota, please check your plan and billing details.', 429],
		['openai.BadRequestError: The model `gpt-5` does not exist.', 400],
		['AccessDeniedException: User is not authorized to perform: bedrock:InvokeModel', 403],
		['Permission denied on resource project default. status: PERMISSION_DENIED', 403],
	])('%s → %d', (body, status) => expect(errorOf(body).status).toBe(status));

	it('prefers the status written out to the one the class implies', () => {
		expect(errorOf('openai.BadRequestError: Error code: 403 - {}').status).toBe(403);
	});
});

describe('prose and status words', () => {
	it.each<[string, number | null]>([
		['Receiving a 403:Public access is disabled error when trying to connect', 403],
		['See below 403 error when it is needed [screenshot]', 403],
		['Status: 401 (Unauthorized)', 401],
		["Bad request: The server couldn't process your request. Please check your input.", 400],
		['API error (403): This service has been disabled in this account', 403],
		['Causes the frontend pod to produce 403 errors.', 403],
		['I set max_tokens to 500 and it works with 400 tokens', null],
	])('%j → %s', (body, status) => {
		expect(triage(body).error?.status ?? null).toBe(status);
	});

	it('finds a quoted message after an error verb', () => {
		expect(errorOf('Run main(), errors with "Must have \'models\' permissions..."').message).toBe(
			"Must have 'models' permissions...",
		);
	});

	it("takes a provider message over the poster's own words", () => {
		const error = errorOf(
			'power-toys always says:  Invalid API key or endpoint\n```txt\nYou have insufficient permissions for this operation. Missing scopes: model.request.\nStatus: 401 (Unauthorized)\n```',
		);
		expect(error.status).toBe(401);
		expect(error.message).toContain('Missing scopes: model.request.');
	});

	it('returns no error for a post that shows none', () => {
		expect(triage('How do I set up BYOK for o3 on OpenRouter?').error).toBeNull();
	});
});

describe('other clients and relays', () => {
	it('reads the body a Vercel AI SDK error holds (responseBody, data, statusCode)', () => {
		const error = errorOf(`APICallError [AI_APICallError]: Forbidden
    at file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:431:14 {
  url: 'https://openrouter.ai/api/v1/chat/completions',
  statusCode: 403,
  responseHeaders: { 'cf-ray': '8f1b2c3d4e5f6a7b-AMS', server: 'cloudflare' },
  responseBody: '{"error":{"message":"OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to o3-mini.","code":403}}',
  isRetryable: false
}`);
		expect(error).toMatchObject({ status: 403, code: '403', layer: 'router', exceptionClass: 'APICallError' });
		expect(error.message).toContain('requiring a key');
		expect(error.headers).toMatchObject({ 'cf-ray': '8f1b2c3d4e5f6a7b-AMS' });
	});

	it("reads a Python wrapper's status_code around a Google error", () => {
		const error = errorOf(
			`{'error': 'fetch_gemini_response_stream HTTP Error', 'status_code': 400, 'details': [{'error': {'code': 400, 'message': 'Invalid JSON payload received. Unknown name "stream_options": Cannot find field.', 'status': 'INVALID_ARGUMENT'}}]}`,
		);
		expect(error.status).toBe(400);
	});

	it('reads the body an axios error holds (response.data)', () => {
		const error = errorOf(`AxiosError: Request failed with status code 403
    at settle (node_modules/axios/lib/core/settle.js:19:12) {
  code: 'ERR_BAD_REQUEST',
  response: {
    status: 403,
    data: { error: { message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' } }
  }
}`);
		expect(error).toMatchObject({
			status: 403,
			code: 'unsupported_country_region_territory',
			type: 'request_forbidden',
		});
	});

	it('reads a relay pass-through with a bracketed status', () => {
		expect(errorOf('Upstream request failed: [403] This model is not available in your region.')).toMatchObject({
			status: 403,
			message: 'This model is not available in your region.',
		});
	});

	it('reads an OpenRouter mid-stream error chunk', () => {
		const t = triage(
			'data: {"id":"gen-abc123","object":"chat.completion.chunk","model":"openai/gpt-4o","provider":"OpenAI","error":{"code":429,"message":"Rate limit exceeded","metadata":{"error_type":"rate_limit_exceeded"}},"choices":[]}',
		);
		expect(t.error).toMatchObject({ status: 429, message: 'Rate limit exceeded', provider: 'OpenAI', layer: 'router' });
		expect(t.route).toBe('openrouter');
	});

	it('reads a localised relay error and its request id', () => {
		const t = triage('该令牌无权使用模型：m3e (request id: 2024061203123456789)');
		expect(t.error).toMatchObject({
			message: '该令牌无权使用模型：m3e (request id: 2024061203123456789)',
			requestId: '2024061203123456789',
		});
		expect(t.model).toBe('m3e');
	});
});

import { describe, expect, it } from 'vitest';
import { isModelLike, normaliseModelId } from '../../../src/triage/model-id.js';
import { triage } from './helpers.js';

describe('normaliseModelId', () => {
	it.each([
		['  GPT-4o ', 'gpt-4o'],
		['`gpt-4o-mini`', 'gpt-4o-mini'],
		['"openai/o3".', 'openai/o3'],
		['Anthropic/Claude-3.5-Sonnet', 'anthropic/claude-3.5-sonnet'],
		['Gemini 3.1 Pro', 'gemini-3.1-pro'],
		['claude  3.5', 'claude-3.5'],
		['gpt-5.1-chat', 'gpt-5.1-chat'],
		['models/gemini-1.5-pro', 'gemini-1.5-pro'],
		['projects/p/locations/us-central1/publishers/google/models/gemini-pro:generateContent', 'gemini-pro'],
		[
			'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
			'anthropic.claude-3-5-sonnet-20240620-v1:0',
		],
		[
			'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
			'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
		],
		['meta-llama/llama-3.1-70b-instruct:free', 'meta-llama/llama-3.1-70b-instruct:free'],
		['gpt-4.1-mini_Classification_Documents', 'gpt-4.1-mini_classification_documents'],
	])('%j → %j', (raw, id) => expect(normaliseModelId(raw)).toBe(id));

	it.each([
		'',
		'x',
		'https://api.openai.com/v1',
		'your-model-name',
		'<MODEL>',
		// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal `${…}` placeholder is the input under test
		'${MODEL}',
		'azure.py',
		'[REDACTED:openai]',
	])('rejects %j', (raw) => expect(normaliseModelId(raw)).toBeNull());
});

describe('isModelLike', () => {
	it.each(['gpt-4o', 'o3', 'o4-mini', 'gemini-pro', 'claude-3.5', 'deepseek-chat', 'openai/o3', 'text-davinci-003'])(
		'accepts %s',
		(id) => expect(isModelLike(id)).toBe(true),
	);
	it.each(['claude-code', 'gemini-cli', 'gemini', 'litellm/llms', 'anthropic.permissiondeniederror', 'hello-world'])(
		'rejects %s',
		(id) => expect(isModelLike(id)).toBe(false),
	);
});

describe('model id in a post', () => {
	it.each<[string, string, string | null]>([
		['model= argument', 'client.chat.completions.create(model="gpt-4o", messages=m)', 'gpt-4o'],
		['JSON "model"', 'curl ... -d \'{"model":"gpt-3.5-turbo-1106", ...}\'', 'gpt-3.5-turbo-1106'],
		['JS object', "await client.chat.completions.create({ model: 'openai/o3', messages })", 'openai/o3'],
		['YAML config', '   - `model: anthropic/claude-sonnet-4-6`', 'anthropic/claude-sonnet-4-6'],
		[
			'env var',
			'ANTHROPIC_MODEL=us.anthropic.claude-3-7-sonnet-20250219-v1:0 claude',
			'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
		],
		['CLI flag', 'aider --model openrouter/anthropic/claude-3.5-sonnet', 'openrouter/anthropic/claude-3.5-sonnet'],
		[
			'error message (access to model)',
			'Project `proj_xxx` does not have access to model `text-moderation-007`',
			'text-moderation-007',
		],
		['error message (no quotes)', "{'message': 'You do not have access to model: gpt-4o'}", 'gpt-4o'],
		['label', 'LLM Model: GPT-4o', 'gpt-4o'],
		['label with spaces', 'Model: Gemini 3.1 Pro\nProvider: gemini', 'gemini-3.1-pro'],
		['issue-template question', 'Which Model are you using? claude 3.5\n\n403 Key limit exceeded.', 'claude-3.5'],
		['a tried-models list', 'tried models:\n* text-davinci-003\n* gpt-3.5-turbo', 'text-davinci-003'],
		[
			'vendor-prefixed in a log',
			'Error: API error (google/gemini-2.5-flash): 403 {"error":{}}',
			'google/gemini-2.5-flash',
		],
		['prose', "I'm using o3 via OpenRouter and get a 403", 'o3'],
		[
			'Google resource name',
			"denied on resource '//aiplatform.googleapis.com/projects/p/publishers/google/models/gemini-pro'",
			'gemini-pro',
		],
		[
			'Bedrock ARN',
			'modelId="arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"',
			'anthropic.claude-3-5-sonnet-20240620-v1:0',
		],
		[
			'Bedrock id',
			'Could not call anthropic.claude-3-haiku-20240307-v1:0 in eu-west-1',
			'anthropic.claude-3-haiku-20240307-v1:0',
		],
		[
			'Azure deployment label',
			'Model: gpt-4.1-mini_Classification_Documents (azure)',
			'gpt-4.1-mini_classification_documents',
		],
		['no model', 'CLAUDE_CODE_USE_BEDROCK=1 npx @anthropic-ai/claude-code\nAPI Error: 403', null],
		['not a product name', 'Using Claude Code and gemini-cli, both fail with 403', null],
		['not a traceback class', 'anthropic.PermissionDeniedError: Error code: 403', null],
	])('%s', (_name, body, model) => expect(triage(body).model).toBe(model));

	it('ranks the model named by the error above the ones mentioned', () => {
		const t = triage(
			'LLM Provider - OpenAI\nworkspace chat model - gpt-4o\n\nOpenAI::CreateModeration failed with: 403 Project `proj_xxx` does not have access to model `text-moderation-007`',
		);
		expect(t.models).toEqual(['text-moderation-007', 'gpt-4o']);
	});

	it('ranks a vendor-prefixed id above a bare one suggested by the error', () => {
		const t = triage(
			'When selecting the openai/o3 model it fails\n{"error":{"message":"OpenAI is requiring a key to access this model, which you can add in https://openrouter.ai/settings/integrations - you can also switch to o3-mini.","code":403}}',
		);
		expect(t.model).toBe('openai/o3');
		expect(t.models).toContain('o3-mini');
	});

	it('takes the model slug of a moderation envelope first', () => {
		const t = triage(
			'I use gpt-4o\n{"error":{"code":403,"message":"flagged","metadata":{"reasons":["violence"],"flagged_input":"x","provider_name":"OpenAI","model_slug":"openai/gpt-4o-mini"}}}',
		);
		expect(t.model).toBe('openai/gpt-4o-mini');
	});

	it('lists each model once', () => {
		expect(triage('gpt-4o, GPT-4o and `gpt-4o`').models).toEqual(['gpt-4o']);
	});
});

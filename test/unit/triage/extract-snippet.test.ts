import { describe, expect, it } from 'vitest';
import { routeOfUrl } from '../../../src/triage/route.js';
import type { CodeSnippet, Route } from '../../../src/triage/types.js';
import { readShared } from '../../fixtures/triage/dev-set.js';
import { triage } from './helpers.js';

function snippetOf(body: string): CodeSnippet {
	const snippet = triage(body).snippet;
	if (snippet === null) throw new Error('expected a snippet');
	return snippet;
}

const OPENROUTER_KEY = `sk-or-v1-${'0123456789abcdef'.repeat(4)}`;

describe('code snippet', () => {
	it('reads openai-python pointed at OneRouter with BYOK (seed page, unfenced)', () => {
		const snippet = snippetOf(readShared('seeds/003_9d4c674a32d0adf1.txt'));
		expect(snippet).toMatchObject({
			language: 'python',
			sdk: 'openai-python',
			baseUrl: 'https://llm.onerouter.pro/v1',
			host: 'llm.onerouter.pro',
			hasHardcodedKey: false,
		});
		expect(snippet.routingOptions).toContain('byok_conf');
		expect(snippet.routingOptions).not.toContain('provider');
		expect(snippet.headers).toEqual(expect.arrayContaining(['authorization', 'content-type']));
		expect(snippet.code).toContain('client.chat.completions.create(');
	});

	it('reads openai-node with baseURL, headers, provider routing and a literal key', () => {
		const body = `\`\`\`ts
import OpenAI from 'openai';
const client = new OpenAI({
  baseURL: 'https://openrouter.ai/api/v1',
  apiKey: '${OPENROUTER_KEY}',
  defaultHeaders: { 'HTTP-Referer': 'https://example.dev', 'X-Title': 'demo' },
});
const r = await client.chat.completions.create({ model: 'openai/o3', messages, provider: { order: ['openai'], allow_fallbacks: false } });
\`\`\`
PermissionDeniedError: 403 OpenAI is requiring a key to access this model`;
		const t = triage(body);
		expect(t.snippet).toMatchObject({
			language: 'typescript',
			sdk: 'openai-node',
			baseUrl: 'https://openrouter.ai/api/v1',
			host: 'openrouter.ai',
			hasHardcodedKey: true,
		});
		expect(t.snippet?.routingOptions).toEqual(['provider']);
		expect(t.snippet?.headers).toEqual(['http-referer', 'x-title']);
		expect(t.snippet?.code).toContain('[REDACTED:openrouter]');
		expect(t.secrets).toEqual(['openrouter']);
		expect(t.route).toBe('openrouter');
	});

	it('reads a curl command, its host and headers, without a hard-coded key', () => {
		const t = triage(
			'```sh\ncurl https://openrouter.ai/api/v1/chat/completions \\\n  -H "Content-Type: application/json" \\\n  -H "Authorization: Bearer $OPENROUTER_API_KEY" \\\n  -d \'{\n  "model": "openai/gpt-4.1",\n  "messages": [ ... ]\n}\'\n```',
		);
		expect(t.snippet).toMatchObject({
			sdk: 'curl',
			language: 'shell',
			baseUrl: null,
			host: 'openrouter.ai',
			hasHardcodedKey: false,
		});
		expect(t.snippet?.headers).toEqual(['content-type', 'authorization']);
		expect(t.route).toBe('openrouter');
		expect(t.model).toBe('openai/gpt-4.1');
	});

	it('flags a key pasted into a curl header as hard-coded', () => {
		const t = triage(`curl https://api.openai.com/v1/chat/completions -H "Authorization: Bearer ${OPENROUTER_KEY}"`);
		expect(t.snippet?.hasHardcodedKey).toBe(true);
		expect(t.secrets).toEqual(['openrouter']);
	});

	it.each<[string, string, Partial<CodeSnippet>]>([
		[
			'requests',
			"import requests\nr = requests.post('https://api.groq.com/openai/v1/chat/completions', json=body)",
			{ sdk: 'requests', host: 'api.groq.com' },
		],
		['httpx', 'import httpx\nresp = httpx.post(url, json=payload)', { sdk: 'httpx' }],
		[
			'fetch',
			"const res = await fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST' });",
			{ sdk: 'fetch', language: 'javascript' },
		],
		['axios', "const axios = require('axios');\nconst r = await axios.post(url, body);", { sdk: 'axios' }],
		[
			'LangChain',
			'from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o", base_url="https://api.example-relay.com/v1")',
			{ sdk: 'langchain', baseUrl: 'https://api.example-relay.com/v1' },
		],
		['LiteLLM', 'import litellm\nresponse = litellm.completion(model="azure/gpt-4o", messages=m)', { sdk: 'litellm' }],
		[
			'Anthropic python',
			'import anthropic\nclient = anthropic.Anthropic()\nmsg = client.messages.create(model="claude-3-5-sonnet-latest")',
			{ sdk: 'anthropic-python' },
		],
		[
			'Anthropic node',
			"import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();",
			{ sdk: 'anthropic-node' },
		],
		['Google genai', 'from google import genai\nclient = genai.Client(api_key=key)', { sdk: 'google-genai' }],
		['boto3', "import boto3\nclient = boto3.client('bedrock-runtime', region_name='us-east-1')", { sdk: 'aws-sdk' }],
		[
			'Vercel AI SDK',
			"import { generateText } from 'ai';\nconst { text } = await generateText({ model });",
			{ sdk: 'vercel-ai' },
		],
		[
			'extra_body routing',
			'resp = client.chat.completions.create(model="openai/o3", extra_body={"models": ["openai/o3", "openai/o4-mini"], "route": "fallback"})',
			{ routingOptions: ['extra_body', 'models', 'route'] },
		],
		[
			'config lines naming the endpoint',
			'Provider: openai-api\nModel: gpt-5.5\nBase URL: https://ai.bytemetrix.com/v1',
			{ baseUrl: 'https://ai.bytemetrix.com/v1', host: 'ai.bytemetrix.com' },
		],
		[
			'env file',
			'export OPENAI_BASE_URL=https://api.example-relay.com/v1\nexport OPENAI_API_KEY=$KEY',
			{ baseUrl: 'https://api.example-relay.com/v1', language: 'shell' },
		],
	])('%s', (_name, body, want) => expect(snippetOf(body)).toMatchObject(want));

	it('knows the SDK from the traceback when the code does not show it', () => {
		const body =
			'```python\nresp = client.chat.completions.create(model="gpt-4o", messages=m)\n```\n```\nTraceback (most recent call last):\n  File "/venv/lib/python3.11/site-packages/openai/_base_client.py", line 1047, in request\n    raise self._make_status_error_from_response(err.response) from None\nopenai.PermissionDeniedError: Error code: 403\n```';
		expect(snippetOf(body).sdk).toBe('openai-python');
	});

	it('does not take traceback frames or stack lines for code', () => {
		const t = triage(
			'Error code: 403 - {}\nTraceback (most recent call last):\n  File ".../griptape/tasks/base_task.py", line 177, in run\n    self.output = self.try_run()\n    at PaneAnalyzer.tryModel (.../dist/services/PaneAnalyzer.js:84:19)',
		);
		expect(t.snippet).toBeNull();
	});

	it('is null without code', () => {
		expect(triage('Getting 403 Forbidden on every request since this morning.').snippet).toBeNull();
	});

	it('bounds the code', () => {
		const body = `\`\`\`python\n${'x = client.call(model="gpt-4o")\n'.repeat(2000)}\`\`\``;
		expect(snippetOf(body).code.length).toBeLessThanOrEqual(8192);
	});
});

describe('route', () => {
	it.each<[string, Route | null]>([
		['https://openrouter.ai/api/v1', 'openrouter'],
		['https://llm.onerouter.pro/v1', 'onerouter'],
		['https://api.openai.com/v1', 'openai'],
		['https://my-resource.openai.azure.com/openai/deployments/gpt-4o', 'azure-openai'],
		['https://api.anthropic.com/v1/messages', 'anthropic'],
		['https://generativelanguage.googleapis.com/v1beta', 'gemini'],
		['https://us-central1-aiplatform.googleapis.com/v1/projects/p', 'vertex'],
		['https://bedrock-runtime.us-east-1.amazonaws.com/model/x/invoke', 'aws-bedrock'],
		['https://models.github.ai/inference', 'github-models'],
		['https://api.groq.com/openai/v1', 'groq'],
		['https://api.x.ai/v1', 'xai'],
		['https://api.mistral.ai/v1', 'mistral'],
		['https://api.deepseek.com', 'deepseek'],
		['http://localhost:11434/v1', 'ollama'],
		['http://127.0.0.1:11434/api/chat', 'ollama'],
		['http://localhost:1234/v1', 'localhost'],
		['http://192.168.1.20:8000/v1', 'localhost'],
		['https://ai.bytemetrix.com/v1', 'relay'],
		['https://api.routermint.com/v1', 'relay'],
		['https://github.com/openai/openai-python', null],
		['not a url', null],
	])('%s → %s', (url, route) => expect(routeOfUrl(url)).toBe(route));

	it.each<[string, string, Route]>([
		[
			'base_url wins over prose',
			'I use OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1")',
			'openrouter',
		],
		[
			'an unknown base_url is a relay',
			'client = OpenAI(base_url="https://api.example-relay.com/v1", api_key=k)',
			'relay',
		],
		['prose naming OpenRouter', "I'm using o3 via OpenRouter and get 403", 'openrouter'],
		['routers win over providers in prose', 'OpenAI models fail through OpenRouter', 'openrouter'],
		['Azure OpenAI in prose', 'I cannot use Azure OpenAI in browser use', 'azure-openai'],
		['Bedrock env var', 'CLAUDE_CODE_USE_BEDROCK=1 npx @anthropic-ai/claude-code\nAPI Error: 403', 'aws-bedrock'],
		[
			'request URL of a browser dump',
			'Request URL: http://localhost:3000/api/generate\nStatus Code: 403 Forbidden',
			'localhost',
		],
		[
			'Ollama mentioned with a local URL',
			'curl http://localhost:5310/v1/chat/completions\nOllama server log: 403',
			'ollama',
		],
		[
			'SDK default when nothing else says',
			'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="gpt-4o")',
			'openai',
		],
		[
			'Anthropic SDK over a stray OpenAI mention',
			'OpenAI-compatible? no:\nimport anthropic\nclient = anthropic.Anthropic()',
			'anthropic',
		],
		['nothing', 'Getting 403 Forbidden', 'unknown'],
	])('%s', (_name, body, route) => expect(triage(body).route).toBe(route));
});

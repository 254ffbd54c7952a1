import type { Sdk } from './types.js';

/** Most specific first: wrappers (LiteLLM, LangChain, the AI SDK) before vendor SDKs before HTTP clients. */
const SDK_RULES: readonly { sdk: Sdk; re: RegExp }[] = [
	{ sdk: 'litellm', re: /\blitellm\b/i },
	{ sdk: 'langchain', re: /\blangchain|@langchain\/|\bChatOpenAI\(|\bChatAnthropic\(/ },
	{ sdk: 'vercel-ai', re: /from ['"]ai['"]|@ai-sdk\/|\b(?:generateText|streamText|createOpenAI)\(/ },
	{ sdk: 'anthropic-node', re: /@anthropic-ai\/sdk|\bnew Anthropic\(/ },
	{
		sdk: 'anthropic-python',
		re: /\bfrom anthropic import\b|\bimport anthropic\b|\banthropic\.(?:Anthropic|AnthropicBedrock)\(/,
	},
	{
		sdk: 'google-genai',
		re: /google\.generativeai|from google import genai|google\.genai|@google\/genai|@google\/generative-ai|GoogleGenerativeAI|\bgenai\.(?:Client|configure)\(/,
	},
	{ sdk: 'aws-sdk', re: /\bboto3\b|\bbotocore\b|@aws-sdk\/|BedrockRuntimeClient/ },
	{
		sdk: 'openai-node',
		re: /from ['"]openai['"]|require\(\s{0,4}['"]openai['"]\s{0,4}\)|\bnew (?:Azure)?OpenAI\(/,
	},
	{
		sdk: 'openai-python',
		re: /\bfrom openai import\b|\bimport openai\b|\bopenai\.(?:OpenAI|AzureOpenAI|ChatCompletion|Completion)\b|(?<!new )\b(?:Azure)?OpenAI\(/,
	},
	{ sdk: 'curl', re: /(?:^|[\s$`])curl[ \t]/m },
	{ sdk: 'requests', re: /\brequests\.(?:post|get|request|Session)\b|\bimport requests\b/ },
	{ sdk: 'httpx', re: /\bhttpx\.|\bimport httpx\b/ },
	{ sdk: 'axios', re: /\baxios\b/ },
	{ sdk: 'fetch', re: /\bfetch\(/ },
];

/** Hints in tracebacks and stack traces when the code itself does not show its SDK. */
const TRACE_RULES: readonly { sdk: Sdk; re: RegExp }[] = [
	{ sdk: 'litellm', re: /\blitellm[./]/ },
	{ sdk: 'langchain', re: /\blangchain[_./]/ },
	{ sdk: 'anthropic-python', re: /\banthropic\.[A-Z]\w{0,60}Error\b|[/\\]anthropic[/\\]_base_client\.py/ },
	{ sdk: 'openai-python', re: /\bopenai\.[A-Z]\w{0,60}Error\b|[/\\]openai[/\\]_base_client\.py/ },
	{ sdk: 'openai-node', re: /node_modules[/\\]openai[/\\]/ },
	{ sdk: 'anthropic-node', re: /node_modules[/\\]@anthropic-ai[/\\]sdk/ },
	{ sdk: 'aws-sdk', re: /\bbotocore\.|\bboto3\b/ },
	{ sdk: 'google-genai', re: /google\.(?:genai|generativeai|api_core)\b/ },
];

/** The SDK or HTTP client of the code, else of the traceback; `other` when there is code but no known client. */
export function detectSdk(code: string, wholeText: string): Sdk | null {
	for (const rule of SDK_RULES) if (rule.re.test(code)) return rule.sdk;
	for (const rule of TRACE_RULES) if (rule.re.test(wholeText)) return rule.sdk;
	return code.trim().length > 0 ? 'other' : null;
}

/** The language of the code: the fence's info string, else from its syntax. */
export function detectLanguage(code: string, fenceLang: string | null): string | null {
	const aliases: Record<string, string> = {
		py: 'python',
		python3: 'python',
		js: 'javascript',
		jsx: 'javascript',
		mjs: 'javascript',
		ts: 'typescript',
		tsx: 'typescript',
		sh: 'shell',
		bash: 'shell',
		zsh: 'shell',
		console: 'shell',
		yml: 'yaml',
		rb: 'ruby',
		cs: 'csharp',
		ps1: 'powershell',
	};
	if (fenceLang !== null && fenceLang.length > 0) return aliases[fenceLang] ?? fenceLang;
	if (/^\s{0,8}(?:\$\s{0,2})?curl\s/m.test(code) || /^\s{0,8}export\s+[A-Z_]{2,60}=/m.test(code)) return 'shell';
	if (/<\?php|\$\w{1,40}\s{0,2}->/.test(code)) return 'php';
	if (
		/^\s{0,8}(?:from\s+[\w.]{1,80}\s+import|import\s+\w{1,80}\s*$|def\s|print\()/m.test(code) ||
		/\bNone\b|\bTrue\b/.test(code)
	)
		return 'python';
	if (
		/\b(?:interface|type)\s+\w{1,60}\s{0,2}[={]|:\s{0,2}(?:string|number|boolean)\b/.test(code) &&
		/\bconst\b/.test(code)
	)
		return 'typescript';
	if (/\b(?:const|let|var)\s|=>|require\(|\bimport\s[^\n]{0,200}\sfrom\s['"]/.test(code)) return 'javascript';
	if (/^\s{0,8}\w[\w.-]{0,60}:\s/m.test(code)) return 'yaml';
	return null;
}

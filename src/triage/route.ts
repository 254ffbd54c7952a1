import type { Route, Sdk } from './types.js';

/** API hosts of providers and routers (suffix match on the host name). */
const HOST_ROUTES: readonly [RegExp, Route][] = [
	[/(?:^|\.)openrouter\.ai$/, 'openrouter'],
	[/(?:^|\.)onerouter\.pro$/, 'onerouter'],
	[
		/(?:^|\.)openai\.azure\.com$|(?:^|\.)cognitiveservices\.azure\.com$|(?:^|\.)services\.ai\.azure\.com$/,
		'azure-openai',
	],
	[/^models\.inference\.ai\.azure\.com$|^models\.github\.ai$/, 'github-models'],
	[/(?:^|\.)openai\.com$|^chatgpt\.com$/, 'openai'],
	[/(?:^|\.)anthropic\.com$/, 'anthropic'],
	[/^generativelanguage\.googleapis\.com$/, 'gemini'],
	[/aiplatform\.googleapis\.com$/, 'vertex'],
	[/^(?:cloudcode-pa|cloudaicompanion)\.googleapis\.com$/, 'gemini'],
	[/^bedrock(?:-runtime)?(?:-fips)?\.[\w-]{1,30}\.amazonaws\.com$/, 'aws-bedrock'],
	[/(?:^|\.)groq\.com$/, 'groq'],
	[/(?:^|\.)x\.ai$/, 'xai'],
	[/(?:^|\.)mistral\.ai$/, 'mistral'],
	[/(?:^|\.)deepseek\.com$/, 'deepseek'],
];

/** Hosts that are never where an API call went: docs, consoles, code hosting. */
const NOT_API =
	/(?:^|\.)(?:github\.com|githubusercontent\.com|gitlab\.com|stackoverflow\.com|discord\.com|discord\.gg|google\.com|youtube\.com|aka\.ms|microsoft\.com|npmjs\.com|pypi\.org|console\.developers\.google\.com|cloud\.google\.com|learn\.microsoft\.com)$|^(?:platform|help|docs|community|status)\./;

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1|host\.docker\.internal)$/;
const PRIVATE =
	/^(?:10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|[\w-]{1,60}\.local)$/;

/** Host name and port of a URL, or null when it does not parse. */
export function parseUrl(url: string): { host: string; port: string; path: string } | null {
	try {
		const u = new URL(url);
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
		return { host: u.hostname.toLowerCase(), port: u.port, path: u.pathname };
	} catch {
		return null;
	}
}

/**
 * The route of a URL the request was sent to: a known provider or router by host, `ollama` for port 11434 (or a local
 * server when the post mentions Ollama), `localhost` for other loopback and private hosts, `relay` for any other
 * third-party host. Null for hosts that are not APIs (docs, consoles) and for unparsable URLs.
 */
export function routeOfUrl(url: string, mentionsOllama = false): Route | null {
	const parsed = parseUrl(url);
	if (parsed === null) return null;
	const { host, port } = parsed;
	if (LOOPBACK.test(host) || PRIVATE.test(host)) return port === '11434' || mentionsOllama ? 'ollama' : 'localhost';
	for (const [re, route] of HOST_ROUTES) if (re.test(host)) return route;
	if (NOT_API.test(host) || !host.includes('.')) return null;
	return 'relay';
}

/** Whether a URL looks like an API endpoint (as opposed to a page mentioned in prose). */
export function isApiUrl(url: string): boolean {
	const parsed = parseUrl(url);
	if (parsed === null) return false;
	if (HOST_ROUTES.some(([re]) => re.test(parsed.host)) && !NOT_API.test(parsed.host)) return true;
	return /\/(?:v\d[\w.]{0,8}|api|openai|chat\/completions|completions|responses|messages|models)(?:\/|$)/.test(
		parsed.path,
	);
}

/**
 * Relays named in prose: relay software, relay sites and their error envelopes, and the words people use for a
 * third-party endpoint ("中转站", "reverse proxy", "custom OpenAI-compatible provider"). No `\b` around CJK words:
 * between two CJK characters there is no word boundary.
 */
const RELAY_PROSE =
	/\b(?:one-?api|new-?api|sub2api|claude-relay-service|cc[- ]?switch|cliproxyapi|api relay|relay (?:service|station|site|server|api|provider|key)|reverse[- ]proxy|third[- ]party (?:openai[- ]compatible )?(?:api|relay|proxy|provider|service|endpoint|gateway|base[ _]?url|key)|(?:new|one)_api_error)\b|中转|反向代理|反代|转发代理|第三方(?:的)? ?(?:OpenAI ?)?(?:API|接口|服务|平台|代理|key|密钥|地址|渠道)|聚合(?:平台|API|接口)/i;

/** A custom OpenAI-compatible endpoint: a relay unless a provider is named (DeepSeek's own compatible API). */
const COMPATIBLE_PROSE =
	/\b(?:custom|self[- ]hosted|own) (?:openai[- ]compatible |openai |api )?(?:provider|endpoint|gateway|proxy|base[ _]?url|api (?:url|address|endpoint|base))\b|\bopenai[- ]compatible (?:provider|endpoint|service|api|gateway|proxy|url|server|base[ _]?url)\b|兼容 ?OpenAI|OpenAI ?兼容|自定义(?:的)? ?(?:API|接口)? ?(?:地址|端点|供应商|提供商)/i;

/** Providers and routers named in prose, with their rank: lower wins, then the earliest in the text. */
const PROSE_ROUTES: readonly [RegExp, Route, number][] = [
	[/\bopen ?router\b/i, 'openrouter', 0],
	[/\bone ?router\b/i, 'onerouter', 0],
	[RELAY_PROSE, 'relay', 0],
	[/\bazure\b/i, 'azure-openai', 1],
	[/\bbedrock\b|_BEDROCK\b/i, 'aws-bedrock', 1],
	[/\bvertex(?:[ _-]?ai)?\b|\baiplatform\b/i, 'vertex', 1],
	[/\bgithub models\b/i, 'github-models', 1],
	[/\bgemini api\b|\bgoogle ai studio\b|\bgenerativelanguage\b|\bprovider:[ \t]{0,4}gemini\b/i, 'gemini', 1],
	[/\bgroq\b/i, 'groq', 1],
	[/\bx\.ai\b|\bxai\b/i, 'xai', 1],
	[/\bmistral\b/i, 'mistral', 1],
	[/\bdeepseek\b/i, 'deepseek', 1],
	[/\bollama\b/i, 'ollama', 1],
	[/\banthropic\b/i, 'anthropic', 1],
	[/\bgemini\b/i, 'gemini', 1],
	[COMPATIBLE_PROSE, 'relay', 2],
	[/\bopenai\b/i, 'openai', 3],
];

/**
 * The route named in prose: routers and relays first, then the earliest provider named, then a custom
 * OpenAI-compatible endpoint, then OpenAI ("OpenAI-compatible" names OpenAI's protocol, not where the call went).
 */
export function routeOfProse(text: string): Route | null {
	let best: { route: Route; rank: number; index: number } | null = null;
	for (const [re, route, rank] of PROSE_ROUTES) {
		const m = re.exec(text);
		if (m === null) continue;
		if (best === null || rank < best.rank || (rank === best.rank && m.index < best.index))
			best = { route, rank, index: m.index };
	}
	return best?.route ?? null;
}

/** The route an SDK goes to when no `base_url` is set. */
export function routeOfSdk(sdk: Sdk | null): Route | null {
	switch (sdk) {
		case 'openai-python':
		case 'openai-node':
			return 'openai';
		case 'anthropic-python':
		case 'anthropic-node':
			return 'anthropic';
		case 'google-genai':
			return 'gemini';
		case 'aws-sdk':
			return 'aws-bedrock';
		default:
			return null;
	}
}

const URL_IN_TEXT = /https?:\/\/[^\s"'`<>)\]},]{1,300}/g;

/** URLs in the text, trailing punctuation removed (at most `max`). */
export function urlsIn(text: string, max = 50): string[] {
	const urls: string[] = [];
	const re = new RegExp(URL_IN_TEXT.source, URL_IN_TEXT.flags);
	for (let m = re.exec(text); m !== null && urls.length < max; m = re.exec(text))
		urls.push(m[0].replace(/[.,;:!?]{1,4}$/, ''));
	return urls;
}

/** `Request URL: …`, `POST https://…`, and the same as a JSON or YAML key (`"endpoint": "http://…"`). */
const REQUEST_LINE =
	/\b(?:Request URL|URL|url|Endpoint|endpoint|POST|GET|PUT)\b["']?[:=\s]{1,4}["']?(https?:\/\/[^\s"'`<>)\]},]{1,300})/g;

/** Ports only local model servers listen on by default (Ollama, LM Studio): such a URL says where the call went. */
const LOCAL_SERVER_PORT = /^(?:11434|1234)$/;

export interface RouteInput {
	readonly text: string;
	readonly code: string;
	readonly baseUrl: string | null;
	readonly sdk: Sdk | null;
	/** The error body is OpenRouter's envelope (`metadata`, `user_id`). */
	readonly viaRouter?: boolean;
}

/**
 * Where the request went: the code's `base_url`, else an API URL in the code (curl, fetch), else a request URL in the
 * text (`Request URL: …`, `POST https://…`), else OpenRouter when the error body is its envelope, else providers and
 * routers named in prose, else an API URL anywhere,
 * else the SDK's default endpoint. `unknown` when nothing says.
 */
export function resolveRoute(input: RouteInput): Route {
	const ollama = /\bollama\b/i.test(input.text);
	const fromUrl = (url: string | null): Route | null => (url === null ? null : routeOfUrl(url, ollama));
	const fromBase = fromUrl(input.baseUrl);
	if (fromBase !== null) return fromBase;
	for (const url of urlsIn(input.code)) {
		const route = isApiUrl(url) ? fromUrl(url) : null;
		if (route !== null) return route;
	}
	const requestLines = new RegExp(REQUEST_LINE.source, REQUEST_LINE.flags);
	for (let m = requestLines.exec(input.text); m !== null; m = requestLines.exec(input.text)) {
		const url = (m[1] ?? '').replace(/[.,;:!?]{1,4}$/, '');
		const route = isApiUrl(url) ? fromUrl(url) : null;
		if (route !== null) return route;
	}
	// The text's URLs are read once: for a local server's port here, and as any API URL after the prose.
	const textUrls = urlsIn(input.text);
	for (const url of textUrls) {
		const parsed = parseUrl(url);
		if (parsed !== null && LOCAL_SERVER_PORT.test(parsed.port)) {
			const route = fromUrl(url);
			if (route === 'ollama' || route === 'localhost') return route;
		}
	}
	const sdkRoute = routeOfSdk(input.sdk);
	const prose = routeOfProse(input.text);
	if (input.viaRouter === true && prose !== 'onerouter') return 'openrouter';
	if (prose !== null && !(prose === 'openai' && sdkRoute !== null)) return prose;
	for (const url of textUrls) {
		const route = isApiUrl(url) ? fromUrl(url) : null;
		if (route !== null) return route;
	}
	return sdkRoute ?? 'unknown';
}

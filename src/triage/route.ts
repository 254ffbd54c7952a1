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

/** Providers and routers named in prose; routers win (a post naming OpenRouter and OpenAI went through OpenRouter). */
const PROSE_ROUTES: readonly [RegExp, Route][] = [
	[/\bopen ?router\b/i, 'openrouter'],
	[/\bone ?router\b/i, 'onerouter'],
	[/\b(?:one-api|new-api|api relay|relay service|中转)\b/i, 'relay'],
	[/\bazure\b/i, 'azure-openai'],
	[/\bbedrock\b|_BEDROCK\b/i, 'aws-bedrock'],
	[/\bvertex(?:[ _-]?ai)?\b|\baiplatform\b/i, 'vertex'],
	[/\bgithub models\b/i, 'github-models'],
	[/\bgemini api\b|\bgoogle ai studio\b|\bgenerativelanguage\b|\bprovider:[ \t]{0,4}gemini\b/i, 'gemini'],
	[/\bgroq\b/i, 'groq'],
	[/\bx\.ai\b|\bxai\b/i, 'xai'],
	[/\bmistral\b/i, 'mistral'],
	[/\bdeepseek\b/i, 'deepseek'],
	[/\bollama\b/i, 'ollama'],
	[/\banthropic\b/i, 'anthropic'],
	[/\bgemini\b/i, 'gemini'],
	[/\bopenai\b/i, 'openai'],
];

const ROUTERS: ReadonlySet<Route> = new Set<Route>(['openrouter', 'onerouter', 'relay']);

/** The route named in prose: routers first, then the earliest provider named (OpenAI last: "OpenAI-compatible"). */
export function routeOfProse(text: string): Route | null {
	let best: { route: Route; rank: number; index: number } | null = null;
	for (const [re, route] of PROSE_ROUTES) {
		const m = re.exec(text);
		if (m === null) continue;
		const rank = ROUTERS.has(route) ? 0 : route === 'openai' ? 2 : 1;
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

const REQUEST_LINE =
	/\b(?:Request URL|URL|url|Endpoint|endpoint|POST|GET|PUT)\b[:\s]{1,4}(https?:\/\/[^\s"'`<>)\]},]{1,300})/g;

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
	const sdkRoute = routeOfSdk(input.sdk);
	const prose = routeOfProse(input.text);
	if (input.viaRouter === true && prose !== 'onerouter') return 'openrouter';
	if (prose !== null && !(prose === 'openai' && sdkRoute !== null)) return prose;
	for (const url of urlsIn(input.text)) {
		const route = isApiUrl(url) ? fromUrl(url) : null;
		if (route !== null) return route;
	}
	return sdkRoute ?? 'unknown';
}

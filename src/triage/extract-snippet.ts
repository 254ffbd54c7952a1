import { detectLanguage, detectSdk } from './detect-sdk.js';
import { clip, MAX_SNIPPET_CHARS } from './limits.js';
import { isApiUrl, parseUrl, urlsIn } from './route.js';
import { isPlaceholder } from './secret-rules.js';
import type { TextRegions } from './text-regions.js';
import type { CodeSnippet } from './types.js';

const BASE_URL =
	/(?:\b[A-Z][A-Z0-9_]{0,40}(?:BASE_URL|API_BASE|ENDPOINT)|\bbase[_ ]?url|\bbaseURL|\bapi_base|\bazure_endpoint|\bendpoint)["'`]?[ \t]{0,4}[:=][ \t]{0,4}["'`]?(https?:\/\/[^\s"'`<>)\]},]{1,300})/gi;

/** Routing and BYOK options of routers (OpenRouter provider routing, OneRouter `byok_conf`, the OpenAI SDK's `extra_body`). */
const ROUTING_OPTIONS: readonly [string, RegExp][] = [
	['provider', /["']?\bprovider["']?[ \t]{0,4}[:=][ \t]{0,4}(?:dict\(|\{)/],
	['byok_conf', /\bbyok_conf\b["']?[ \t]{0,4}[:=]/],
	['extra_body', /\bextra_body[ \t]{0,4}[:=]/],
	['models', /["']?\bmodels["']?[ \t]{0,4}[:=][ \t]{0,4}\[/],
	['route', /["']route["'][ \t]{0,4}:[ \t]{0,4}["']|\broute[ \t]{0,2}=[ \t]{0,2}["']/],
	['transforms', /["']?\btransforms["']?[ \t]{0,4}[:=][ \t]{0,4}\[/],
];

const CURL_HEADER = /(?:^|\s)(?:-H|--header)[ \t]{1,4}["']?([A-Za-z][\w-]{0,60})[ \t]{0,2}:/g;
const HEADERS_BLOCK =
	/\b(?:headers|default_headers|extra_headers|defaultHeaders)["']?[ \t]{0,4}[=:][ \t]{0,4}(?:dict\()?[{(]/g;
const QUOTED_KEY = /["']([A-Za-z][\w-]{0,60})["'][ \t]{0,4}[:=]/g;
const BARE_KEY = /(?:^|[{,\s])([A-Za-z][\w]{0,60})[ \t]{0,2}[:=](?!=)/g;
const LITERAL_KEY =
	/\b(?:api[_-]?key|apiKey|token|authorization)["']?[ \t]{0,4}[:=][ \t]{0,4}["']([^"'\s]{8,200})["']/gi;

/** Every `base_url` (and `OPENAI_BASE_URL=`, `baseURL:`, `Base URL: …` in prose) in the text, in order. */
export function findBaseUrls(text: string): string[] {
	const urls: string[] = [];
	const re = new RegExp(BASE_URL.source, BASE_URL.flags);
	for (let m = re.exec(text); m !== null && urls.length < 10; m = re.exec(text))
		if (m[1]) urls.push(m[1].replace(/[.,;:!?]{1,4}$/, ''));
	return urls;
}

/** The contents of a `{…}` / `(…)` opened just before `from` (bounded), for reading header names. */
function blockFrom(code: string, from: number): string {
	let depth = 1;
	const stop = Math.min(code.length, from + 2000);
	for (let i = from; i < stop; i += 1) {
		const c = code.charCodeAt(i);
		if (c === 123 || c === 40) depth += 1;
		else if (c === 125 || c === 41) depth -= 1;
		if (depth === 0) return code.slice(from, i);
	}
	return code.slice(from, stop);
}

function headerNames(code: string): string[] {
	const names: string[] = [];
	const add = (name: string | undefined): void => {
		const n = name?.toLowerCase();
		if (n && !names.includes(n) && names.length < 20) names.push(n);
	};
	for (const m of code.matchAll(new RegExp(CURL_HEADER.source, CURL_HEADER.flags))) add(m[1]);
	const blocks = new RegExp(HEADERS_BLOCK.source, HEADERS_BLOCK.flags);
	for (let m = blocks.exec(code); m !== null; m = blocks.exec(code)) {
		const block = blockFrom(code, m.index + m[0].length);
		for (const k of block.matchAll(new RegExp(QUOTED_KEY.source, QUOTED_KEY.flags))) add(k[1]);
		for (const k of block.matchAll(new RegExp(BARE_KEY.source, BARE_KEY.flags))) add(k[1]);
	}
	return names;
}

function hasHardcodedKey(code: string): boolean {
	if (/\[REDACTED:[a-z-]{2,30}\]/.test(code)) return true;
	for (const m of code.matchAll(new RegExp(LITERAL_KEY.source, LITERAL_KEY.flags)))
		if (m[1] !== undefined && !isPlaceholder(m[1]) && !/^Bearer$/i.test(m[1])) return true;
	return false;
}

/**
 * The code that made the call: fenced and bare code joined (redacted, bounded), its language and SDK, the
 * `base_url` (from the code, else from a `Base URL:` line in the post) and its host, routing/BYOK options, the
 * header names it sets, and whether it holds a key literally. Null when the post has no code.
 */
export function extractSnippet(regions: TextRegions): CodeSnippet | null {
	const code = clip(regions.code.trim(), MAX_SNIPPET_CHARS);
	if (code.length === 0) return null;
	const fenceLang = regions.blocks.find((b) => b.role === 'code' && b.kind === 'fence')?.lang ?? null;
	const baseUrl = findBaseUrls(code)[0] ?? findBaseUrls(regions.text)[0] ?? null;
	const apiUrl = baseUrl ?? urlsIn(code).find(isApiUrl) ?? null;
	return {
		code,
		language: detectLanguage(code, fenceLang),
		sdk: detectSdk(code, regions.text),
		baseUrl,
		host: apiUrl === null ? null : (parseUrl(apiUrl)?.host ?? null),
		routingOptions: ROUTING_OPTIONS.filter(([, re]) => re.test(code)).map(([name]) => name),
		headers: headerNames(code),
		hasHardcodedKey: hasHardcodedKey(code),
	};
}

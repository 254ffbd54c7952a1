import { clip, MAX_HEADERS } from './limits.js';

/** Response headers that help a diagnosis, by exact name. */
const HEADER_NAMES = new Set([
	'server',
	'cf-ray',
	'cf-mitigated',
	'cf-cache-status',
	'x-squid-error',
	'policy-id',
	'content-type',
	'content-length',
	'x-request-id',
	'request-id',
	'apim-request-id',
	'openai-organization',
	'openai-project',
	'via',
	'x-cache',
	'www-authenticate',
	'proxy-authenticate',
	'retry-after',
	'x-should-retry',
	'x-error-code',
]);
/** …and by prefix. */
const HEADER_PREFIXES = ['x-ratelimit-', 'x-ms-', 'x-amzn-', 'x-amz-', 'x-zscaler', 'x-openrouter-', 'x-goog-'];

/** Whether a lower-cased header name is one triage keeps. */
export const isKeptHeader = (name: string): boolean =>
	HEADER_NAMES.has(name) || HEADER_PREFIXES.some((prefix) => name.startsWith(prefix));

/** `Name: value` as curl `-i`/`-v` (`< Name: value`) and browsers print response headers; never `-H` lines. */
const HEADER_LINE = /^[ \t]{0,8}(?:<[ \t])?([A-Za-z][A-Za-z0-9-]{1,60}):[ \t]{0,4}(\S[^\n]{0,300})$/gm;
const STATUS_LINE = /^[ \t]{0,8}(?:<[ \t])?HTTP\/\d(?:\.\d)?[ \t]{1,4}[1-5]\d\d\b[^\n]{0,100}$/gm;

/** Headers and status lines of the HTTP dumps in the text. */
export interface HttpDump {
	readonly headers: Record<string, string>;
	/** Status lines and kept header lines, for the excerpt. */
	readonly lines: readonly string[];
	/** Offset of the first status line or kept header, or -1. */
	readonly index: number;
}

/**
 * Reads response headers worth keeping (`server`, `cf-ray`, `cf-mitigated`, `x-squid-error`, `policy-id`,
 * request ids …) from curl / HTTP dumps and browser network panels. Names are lower-cased; the first value wins.
 */
export function readHttpDump(text: string): HttpDump {
	const headers: Record<string, string> = {};
	const lines: { index: number; line: string }[] = [];
	const status = new RegExp(STATUS_LINE.source, STATUS_LINE.flags);
	for (let m = status.exec(text); m !== null && lines.length < 8; m = status.exec(text))
		lines.push({ index: m.index, line: m[0].trim() });
	const header = new RegExp(HEADER_LINE.source, HEADER_LINE.flags);
	let count = 0;
	for (let m = header.exec(text); m !== null && count < MAX_HEADERS; m = header.exec(text)) {
		const name = (m[1] ?? '').toLowerCase();
		if (!isKeptHeader(name) || name in headers) continue;
		headers[name] = clip((m[2] ?? '').trim(), 300);
		lines.push({ index: m.index, line: m[0].trim() });
		count += 1;
	}
	lines.sort((a, b) => a.index - b.index);
	return { headers, lines: lines.map((l) => l.line), index: lines[0]?.index ?? -1 };
}

import { clip } from './limits.js';
import type { HtmlPage } from './types.js';

/** The facts of an HTML (or plain-text edge) error page, with a short excerpt instead of the page. */
export interface HtmlFacts {
	readonly page: HtmlPage;
	readonly excerpt: string;
	readonly index: number;
}

const HTML_START = /<!doctype html|<html[\s>]|<head>|<title[\s>]|<body[\s>]/i;
/** Cloudflare's plain-text block (`error code: 1020`) and its 1xxx codes in pages. */
const CF_CODE = /\berror[ _-]?code[ \t]{0,2}[:=]?[ \t]{0,2}["']?(1\d{3})\b/i;
const PAGE_CODES: readonly RegExp[] = [
	CF_CODE,
	/cf-error-code[^>]{0,80}>[ \t]{0,4}(\d{3,4})/i,
	/\berrorCode["']?[ \t]{0,2}[:=][ \t]{0,2}["']?(\d{3,4})/,
	/\bError[ \t]{1,2}(1\d{3})\b/,
	/<!--[ \t]{0,4}(ERR_[A-Z_]{3,40})[ \t]{0,4}-->/,
	/\b(ERR_[A-Z_]{3,40})\b/,
];
const WINDOW = 64 * 1024;

const ENTITIES: Readonly<Record<string, string>> = {
	'&amp;': '&',
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'",
	'&#124;': '|',
	'&#x7c;': '|',
	'&nbsp;': ' ',
};

function decode(text: string): string {
	return text.replace(/&(?:amp|lt|gt|quot|nbsp|#39|#124|#x7c);/gi, (e) => ENTITIES[e.toLowerCase()] ?? e);
}

function serverOf(page: string, headerServer: string | null): string | null {
	if (headerServer !== null) return headerServer;
	const center = /<center>[ \t]{0,4}((?:nginx|openresty|Apache|Microsoft-IIS|squid)[^<\n]{0,60})<\/center>/i.exec(page);
	if (center?.[1]) return center[1].trim();
	const squid = /\b(squid\/[\d.]{1,20})/i.exec(page);
	if (squid?.[1]) return squid[1];
	return /cloudflare/i.test(page) ? 'cloudflare' : null;
}

/**
 * Detects an HTML error page (Cloudflare "Attention Required", "Access denied … used Cloudflare to restrict access",
 * nginx, Squid) or Cloudflare's plain `error code: 1020`, and keeps only its title, error code and server.
 * @see https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/
 */
export function readHtmlPage(text: string, headers: Readonly<Record<string, string>>): HtmlFacts | null {
	const start = text.search(HTML_START);
	const cf = CF_CODE.exec(text);
	if (start === -1 && cf === null) return null;
	const index = start === -1 ? (cf?.index ?? 0) : start;
	const page = text.slice(index, index + WINDOW);
	const titleMatch = /<title[^>]{0,100}>([^<]{0,500})<\/title>/i.exec(page);
	const title = titleMatch?.[1] ? clip(decode(titleMatch[1]).replace(/\s+/g, ' ').trim(), 300) || null : null;
	let errorCode: string | null = null;
	for (const re of PAGE_CODES) {
		const m = re.exec(start === -1 ? page.slice(0, 2000) : page);
		if (m?.[1]) {
			errorCode = m[1];
			break;
		}
	}
	const server = serverOf(page, headers.server ?? null);
	const isCloudflare =
		/cloudflare|cf-ray|cf-error|__cf_bm|cdn-cgi|cf-mitigated/i.test(page) ||
		'cf-ray' in headers ||
		/^1\d{3}$/.test(errorCode ?? '');
	const excerpt = [
		title === null ? null : `<title>${title}</title>`,
		errorCode === null ? null : `error code: ${errorCode}`,
		server === null ? null : `server: ${server}`,
	]
		.filter((l): l is string => l !== null)
		.join('\n');
	return { page: { title, errorCode, server, isCloudflare }, excerpt, index };
}

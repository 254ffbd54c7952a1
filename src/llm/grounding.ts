import { hasSecret } from '../triage/redact-secrets.js';
import { PHRASED_REPLY_LIMIT, type RenderOptions, renderPhrased } from './render.js';
import type { PhrasedAnswer, PhrasedJson } from './schemas.js';
import type { GroundingEntry, LlmRejectReason } from './types.js';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>()[\]"'`]+/gi;
// Bare domains on common web TLDs (`evil.example.com`, `free-keys.xyz`); file names and code (`message.txt`,
// `os.environ`) do not end in these.
const DOMAIN_PATTERN =
	/(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|ai|dev|co|app|xyz|info|me|gg|ru|cn|biz|site|online|top|link|ly|to|cc|tk)(?![\w-])/gi;
const EMAIL_PATTERN = /[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
const INJECTION_PATTERNS = [
	/\b(?:ignore|disregard|forget)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all)\b[^.\n]{0,20}\b(?:instructions?|prompts?|rules|messages?)\b/i,
	/\bsystem prompt\b/i,
	/\byou are now\b/i,
	/\bdeveloper mode\b/i,
];

const trimUrl = (url: string): string => url.replace(/[.,;:!?*_~]+$/, '');
const hostOf = (url: string): string | null => {
	try {
		return new URL(url).hostname.toLowerCase();
	} catch {
		return null;
	}
};

/** What the reply may cite and mention: the matched entry's citations, and what it names. */
interface Allowed {
	readonly citations: Set<string>;
	readonly urls: Set<string>;
	readonly hosts: Set<string>;
	readonly emails: Set<string>;
}

function grounding(entries: readonly GroundingEntry[]): Allowed {
	const citations = new Set(entries.flatMap((e) => e.citations.map((c) => c.url)));
	const text = entries.flatMap((e) => [e.title, e.diagnosis, ...e.fix]).join('\n');
	const emails = new Set([...text.matchAll(EMAIL_PATTERN)].map((m) => m[0].toLowerCase()));
	const urls = new Set([...citations, ...[...text.matchAll(URL_PATTERN)].map((m) => trimUrl(m[0]))]);
	const hosts = new Set<string>();
	for (const url of urls) {
		const host = hostOf(url);
		if (host !== null) hosts.add(host);
	}
	for (const m of text.matchAll(DOMAIN_PATTERN)) hosts.add(m[0].toLowerCase());
	return { citations, urls, hosts, emails };
}

// A domain is fine when the entries name it or one of its subdomains (`openai.com` when `developers.openai.com` is
// cited); a subdomain the entries never name is not.
const isAllowedDomain = (domain: string, hosts: Set<string>): boolean =>
	hosts.has(domain) || [...hosts].some((h) => h.endsWith(`.${domain}`));

/** True when the text names a URL, domain or email address that the entries do not. */
function mentionsForeignPlace(text: string, allowed: Allowed): boolean {
	const urls = [...text.matchAll(URL_PATTERN)].map((m) => trimUrl(m[0]));
	if (urls.some((u) => !allowed.urls.has(u))) return true;
	const rest = text.replace(URL_PATTERN, ' ');
	if ([...rest.matchAll(EMAIL_PATTERN)].some((m) => !allowed.emails.has(m[0].toLowerCase()))) return true;
	const withoutEmails = rest.replace(EMAIL_PATTERN, ' ');
	return [...withoutEmails.matchAll(DOMAIN_PATTERN)].some((m) => !isAllowedDomain(m[0].toLowerCase(), allowed.hosts));
}

export type CheckResult = { ok: true; answer: PhrasedAnswer } | { ok: false; reason: LlmRejectReason };

/**
 * Everything a phrasing must satisfy before it may replace the KB answer: the decided cause; citations only from the
 * matched entry, the first entry of that cause, which the caller gives with the steps and pages of the user's route
 * (`entryForRoute`), so only pages the KB answer would show can be cited (at least one when it has any); no URL,
 * domain or email address in the text that the matched entry does not name; no echoed injection or key-shaped string;
 * and a rendered reply within `PHRASED_REPLY_LIMIT`. Other entries, of this cause (another vendor's or route's
 * version of it) or of others, are context, never sources. Pure.
 */
export function checkPhrased(
	phrased: PhrasedJson,
	entries: readonly GroundingEntry[],
	matchedCause: string,
	options: RenderOptions = {},
): CheckResult {
	if (phrased.cause !== matchedCause) return { ok: false, reason: 'CAUSE_MISMATCH' };
	const matched = entries.find((e) => e.cause === matchedCause) ?? entries[0];
	const allowed = grounding(matched === undefined ? [] : [matched]);
	if (phrased.citations.some((url) => !allowed.citations.has(url))) return { ok: false, reason: 'FOREIGN_CITATION' };
	if (allowed.citations.size > 0 && phrased.citations.length === 0) return { ok: false, reason: 'NO_CITATION' };
	const prose = [phrased.diagnosis, ...phrased.steps].join('\n');
	if (mentionsForeignPlace(prose, allowed)) return { ok: false, reason: 'FOREIGN_URL' };
	if (INJECTION_PATTERNS.some((p) => p.test(prose))) return { ok: false, reason: 'INJECTION_ECHO' };
	if (hasSecret(prose)) return { ok: false, reason: 'SECRET_IN_OUTPUT' };
	const content = renderPhrased(phrased, entries, options);
	if (content.length > PHRASED_REPLY_LIMIT) return { ok: false, reason: 'TOO_LONG' };
	return { ok: true, answer: { ...phrased, content } };
}

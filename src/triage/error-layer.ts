import type { ErrorRecord } from './error-record.js';
import { type ErrorLayer, type HtmlPage, type Route, VENDOR_ROUTES } from './types.js';

export interface LayerEvidence {
	readonly record: ErrorRecord | null;
	readonly html: HtmlPage | null;
	readonly headers: Readonly<Record<string, string>>;
	readonly status: number | null;
	readonly message: string | null;
	/** The error text (excerpt), for middlebox signatures. */
	readonly excerpt: string;
	readonly route: Route;
	/** An exception class of a provider SDK was seen. */
	readonly sdkException: boolean;
}

const PROXY_SIGNATURE = /\b(?:squid|zscaler|bluecoat|blue coat|fortiguard|fortigate|forcepoint|websense|netskope)\b/i;
/** WAF block pages and messages (Cloudflare, Azure Front Door, AWS WAF, generic relays). */
const WAF_WORDING =
	/\b(?:you have been blocked|request (?:was|has been|is) blocked|attention required|access denied \| [^\n]{0,80}cloudflare|cf-mitigated|cloudflare ray id)\b/i;
const ROUTER_WORDING = /openrouter\.ai|onerouter\.pro|\bprovider returned error\b/i;
const DIRECT_ROUTES: ReadonlySet<Route> = new Set<Route>(VENDOR_ROUTES);

/**
 * Which layer answered: a proxy (Squid and other middleboxes), a CDN/WAF (Cloudflare pages, `error code: 10xx`,
 * `cf-mitigated`), the router itself (OpenRouter-shaped body without an upstream `raw`), the upstream provider (its
 * own body, or the router's `metadata.raw`), or a local server (request to localhost / Ollama with no provider body).
 */
export function decideLayer(e: LayerEvidence): ErrorLayer {
	const server = (e.headers.server ?? e.html?.server ?? '').toLowerCase();
	if (
		'x-squid-error' in e.headers ||
		'proxy-authenticate' in e.headers ||
		server.includes('squid') ||
		e.status === 407 ||
		/^ERR_/.test(e.html?.errorCode ?? '') ||
		PROXY_SIGNATURE.test(e.excerpt)
	)
		return 'proxy';
	const bodyFromProvider = e.record !== null && !e.record.routerShaped;
	if (
		e.html?.isCloudflare === true ||
		(e.html !== null && e.record === null) ||
		'cf-mitigated' in e.headers ||
		(!bodyFromProvider && WAF_WORDING.test(`${e.message ?? ''}\n${e.excerpt}`)) ||
		(server === 'cloudflare' && e.record === null && e.status === 403)
	)
		return 'cdn_waf';
	const upstream = e.record?.providerError ?? null;
	if (upstream !== null) return upstream.raw !== null ? 'provider' : 'router';
	if (e.record?.routerShaped === true || ROUTER_WORDING.test(e.message ?? '')) return 'router';
	if ((e.route === 'ollama' || e.route === 'localhost') && !bodyFromProvider) return 'local_server';
	if (e.record !== null || e.sdkException) return 'provider';
	if (e.message !== null && DIRECT_ROUTES.has(e.route)) return 'provider';
	return 'unknown';
}

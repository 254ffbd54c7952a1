import type { ErrorLayer, Route, Triage } from '../triage/types.js';
import { normaliseText } from './normalise.js';

/** Everything the matcher compares signals against, derived once per post from its `Triage`. */
export interface Evidence {
	/** Post and error text, normalised (see `normaliseText`), case kept. */
	readonly text: string;
	/** `text` lower-cased, for substring signals. */
	readonly lower: string;
	readonly status: number | null;
	/** Lower-cased error codes: top level, nested provider error, HTML error page code. */
	readonly codes: ReadonlySet<string>;
	readonly types: ReadonlySet<string>;
	/** Lower-cased router moderation reasons. */
	readonly reasons: ReadonlySet<string>;
	/** Lower-cased provider names from the body or router envelope. */
	readonly providers: ReadonlySet<string>;
	readonly exceptions: ReadonlySet<string>;
	readonly layer: ErrorLayer | null;
	readonly route: Route;
	/** Lower-cased hosts from `base_url` and API URLs in the code. */
	readonly hosts: readonly string[];
	/** Lower-cased response header names → values, and request header names (value ''). */
	readonly headers: ReadonlyMap<string, string>;
	readonly models: readonly string[];
	readonly shapes: ReadonlySet<string>;
	readonly routingOptions: ReadonlySet<string>;
}

/** Bound on the text the matcher scans, so one huge paste cannot slow every signal down. */
export const MAX_EVIDENCE_CHARS = 24_000;

const lowerSet = (values: readonly (string | null | undefined)[]): Set<string> =>
	new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0).map((v) => v.toLowerCase()));

function hostOf(url: string | null): string | null {
	if (url === null) return null;
	try {
		return new URL(url).hostname.toLowerCase();
	} catch {
		return null;
	}
}

function rawText(raw: unknown): string {
	if (raw === null || raw === undefined) return '';
	if (typeof raw === 'string') return raw;
	try {
		return JSON.stringify(raw);
	} catch {
		return '';
	}
}

/** Gathers the evidence of one triaged post. Pure. */
export function buildEvidence(triage: Triage): Evidence {
	const error = triage.error;
	const upstream = error?.providerError ?? null;
	const extras = [error?.excerpt, error?.message, upstream?.message, rawText(upstream?.raw), upstream?.flaggedInput]
		.filter((e): e is string => typeof e === 'string' && e.length > 0)
		.map((e) => e.slice(0, MAX_EVIDENCE_CHARS / 4));
	// A long post gives up the end of its text within the bound, never its error (a log's error is often last).
	const room = Math.max(0, MAX_EVIDENCE_CHARS - extras.reduce((n, e) => n + e.length + 1, 0));
	const post = triage.text.length > room ? triage.text.slice(0, room) : triage.text;
	const parts = [post, ...extras.filter((e) => !post.includes(e))];
	const text = normaliseText(parts.join('\n')).slice(0, MAX_EVIDENCE_CHARS);

	const headers = new Map<string, string>();
	for (const name of triage.snippet?.headers ?? []) headers.set(name.toLowerCase(), '');
	for (const [name, value] of Object.entries(error?.headers ?? {})) headers.set(name.toLowerCase(), value);

	const hosts = [triage.snippet?.host ?? null, hostOf(triage.snippet?.baseUrl ?? null)].filter(
		(h): h is string => h !== null,
	);
	return {
		text,
		lower: text.toLowerCase(),
		status: error?.status ?? null,
		codes: lowerSet([error?.code, upstream?.code, error?.html?.errorCode]),
		types: lowerSet([error?.type, upstream?.type]),
		reasons: lowerSet(upstream?.reasons ?? []),
		providers: lowerSet([error?.provider, upstream?.providerName]),
		exceptions: lowerSet([error?.exceptionClass]),
		layer: error?.layer ?? null,
		route: triage.route,
		hosts: [...new Set(hosts.map((h) => h.toLowerCase()))],
		headers,
		models: [...new Set([triage.model, ...triage.models].filter((m): m is string => m !== null))],
		shapes: new Set(error?.shapes ?? []),
		routingOptions: lowerSet(triage.snippet?.routingOptions ?? []),
	};
}

import type { z } from 'zod';
import type { Route, Triage } from '../triage/types.js';
import { type Citation, type KbEntry, RouteKindSchema } from './entry-schema.js';
import { ROUTE_VENDOR, vendorIdOfName } from './vendors.js';

/** The kinds of route an entry can give its own steps and pages for (`routes` in an entry's front matter). */
export type RouteKind = z.infer<typeof RouteKindSchema>;
export const ROUTE_KINDS: readonly RouteKind[] = RouteKindSchema.options;

/**
 * The kind of route a triaged route is: `router` for OpenRouter and OneRouter; `cloud` for the cloud platforms that
 * host other vendors' models (Azure OpenAI, Bedrock, Vertex, and GitHub Models, whose quotas and access are GitHub's
 * rather than the model vendor's); `relay` for a third-party relay and for a server on the user's own machine or
 * network (`localhost`: a self-hosted proxy such as LiteLLM or new-api that forwards to a vendor; an error it passes
 * on is fixed where a relay's is); `direct` for a vendor's own API. Null when triage found no route (`unknown`) and
 * for Ollama, which serves models itself and forwards to no vendor.
 */
export function routeKindOf(route: Route): RouteKind | null {
	switch (route) {
		case 'openrouter':
		case 'onerouter':
			return 'router';
		case 'azure-openai':
		case 'aws-bedrock':
		case 'vertex':
		case 'github-models':
			return 'cloud';
		case 'relay':
		case 'localhost':
			return 'relay';
		case 'openai':
		case 'anthropic':
		case 'gemini':
		case 'groq':
		case 'xai':
		case 'mistral':
		case 'deepseek':
			return 'direct';
		case 'ollama':
		case 'unknown':
			return null;
	}
}

/**
 * The vendor whose error the post shows (a router's `provider_name`, else the provider the error body names), as a
 * vendor id; null when the error names none. Pure.
 */
export function errorVendorOf(triage: Pick<Triage, 'error'>): string | null {
	return vendorIdOfName(triage.error?.provider ?? triage.error?.providerError?.providerName);
}

/**
 * The vendor that refused a request on `route`: on a vendor's own API or a cloud, the route's vendor; behind a router
 * or relay, or where triage found no route, the vendor the error names (`errorVendor`, see `errorVendorOf`), if any.
 */
export function refusingVendor(route: Route, errorVendor: string | null): string | null {
	const kind = routeKindOf(route);
	return kind === 'direct' || kind === 'cloud' ? (ROUTE_VENDOR[route] ?? null) : errorVendor;
}

/**
 * True when `citation` holds for an answer on `route` whose advice is for `kind`: it names no routes, or names the
 * route itself or its kind (the assumed `direct` when triage found no route); and it names no `upstream` vendors, or
 * names the one that refused the request (`refusingVendor`), or no vendor is known.
 */
export function citationHolds(
	citation: Citation,
	route: Route,
	kind: RouteKind | null,
	errorVendor: string | null = null,
): boolean {
	const scopes = citation.routes;
	const onRoute = scopes === undefined || scopes.includes(route) || (kind !== null && scopes.includes(kind));
	const upstream = citation.upstream;
	const vendor = upstream === undefined ? null : refusingVendor(route, errorVendor);
	return onRoute && (upstream === undefined || vendor === null || upstream.includes(vendor));
}

/** The steps and pages an entry gives on one route, before any wording is added. */
export interface RouteSelection {
	readonly fix: readonly string[];
	readonly citations: readonly Citation[];
	/** The route kind whose advice is given; null when the entry's defaults are given. */
	readonly kind: RouteKind | null;
	/** Triage found no route and the entry's advice differs by route, so a direct call was assumed. */
	readonly assumedDirect: boolean;
}

/**
 * The fix steps and citations for `entry` on `route`. When the entry has advice for the route's kind, its steps, and
 * its pages (the entry's default pages when that advice cites none); otherwise the defaults. When triage found no
 * route and the entry's advice differs by route, a direct call is assumed (its `direct` advice, else the defaults,
 * which are written for the vendor's own API when the entry has no `direct` advice). Either way only the pages that
 * hold on this route, for the vendor whose error the post shows (`vendor`, see `errorVendorOf`), are given (`citationHolds`);
 * lint checks that no route is left without one. Pure.
 */
export function selectForRoute(
	entry: Pick<KbEntry, 'fix' | 'citations' | 'routes'>,
	route: Route,
	vendor: string | null = null,
): RouteSelection {
	const hasRoutes = ROUTE_KINDS.some((k) => entry.routes?.[k] !== undefined);
	const found = routeKindOf(route);
	const assumedDirect = found === null && route === 'unknown' && hasRoutes;
	const kind: RouteKind | null = assumedDirect ? 'direct' : found;
	const advice = kind === null ? undefined : entry.routes?.[kind];
	const holding = (citations: readonly Citation[]) => citations.filter((c) => citationHolds(c, route, kind, vendor));
	if (advice === undefined) return { fix: entry.fix, citations: holding(entry.citations), kind: null, assumedDirect };
	return {
		fix: advice.fix,
		citations: holding(advice.citations.length > 0 ? advice.citations : entry.citations),
		kind,
		assumedDirect,
	};
}

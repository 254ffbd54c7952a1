import { joinList, type PosterLanguage, t } from '../i18n/messages.js';
import type { Citation, KbEntry } from '../kb/entry-schema.js';
import type { Route } from '../triage/types.js';

/** The kinds of route an entry can give its own steps and pages for (`routes` in an entry's front matter). */
export type RouteKind = 'direct' | 'router' | 'cloud' | 'relay';
export const ROUTE_KINDS: readonly RouteKind[] = ['direct', 'router', 'cloud', 'relay'];

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

/** The steps and pages an answer gives for one entry on one route. */
export interface ChosenAdvice {
	readonly fix: readonly string[];
	/** Exactly the pages the answer shows and lists in `ComposedReply.citations`. */
	readonly citations: readonly Citation[];
	/** The route kind whose advice is given; null when the entry's defaults are given. */
	readonly kind: RouteKind | null;
	/** One short line saying which route was assumed (triage found none and the entry's advice differs by route). */
	readonly assumption: string | null;
}

const otherRoute = (kind: Exclude<RouteKind, 'direct'>, lang: PosterLanguage): string =>
	t(lang, `answer.route.${kind}`);

/** The line an answer adds when it assumed a direct call because triage found no route. */
export function assumptionLine(entry: Pick<KbEntry, 'routes'>, lang: PosterLanguage = 'en'): string {
	const others = ROUTE_KINDS.flatMap((k) =>
		k !== 'direct' && entry.routes?.[k] !== undefined ? [otherRoute(k, lang)] : [],
	);
	const via = joinList(
		lang,
		others.length > 0 ? others : [otherRoute('router', lang), otherRoute('relay', lang)],
		'or',
	);
	return t(lang, 'answer.assumedDirect', { via });
}

/**
 * The fix steps and citations for `entry` on `route`. When the entry has advice for the route's kind, its steps, and
 * its pages (the entry's default pages when that advice cites none); otherwise the defaults. When triage found no
 * route and the entry's advice differs by route, a direct call is assumed (its `direct` advice, else the defaults,
 * which are written for the vendor's own API when the entry has no `direct` advice) and the answer says so. Pure.
 */
export function chooseAdvice(
	entry: Pick<KbEntry, 'fix' | 'citations' | 'routes'>,
	route: Route,
	lang: PosterLanguage = 'en',
): ChosenAdvice {
	const hasRoutes = ROUTE_KINDS.some((k) => entry.routes?.[k] !== undefined);
	const found = routeKindOf(route);
	const assumed = found === null && route === 'unknown' && hasRoutes;
	const kind: RouteKind | null = assumed ? 'direct' : found;
	const advice = kind === null ? undefined : entry.routes?.[kind];
	const assumption = assumed ? assumptionLine(entry, lang) : null;
	if (advice === undefined) return { fix: entry.fix, citations: entry.citations, kind: null, assumption };
	return {
		fix: advice.fix,
		citations: advice.citations.length > 0 ? advice.citations : entry.citations,
		kind,
		assumption,
	};
}

/**
 * The entry as the answer for `route` presents it: fix steps and citations replaced by the route's (what the LLM may
 * phrase and cite). Pure.
 */
export function entryForRoute<E extends Pick<KbEntry, 'fix' | 'citations' | 'routes'>>(entry: E, route: Route): E {
	const chosen = chooseAdvice(entry, route);
	return { ...entry, fix: [...chosen.fix], citations: [...chosen.citations] };
}

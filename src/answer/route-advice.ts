import { joinList, type PosterLanguage, t } from '../i18n/messages.js';
import type { Citation, KbEntry } from '../kb/entry-schema.js';
import { ROUTE_KINDS, type RouteKind, selectForRoute } from '../kb/route-scope.js';
import type { Route } from '../triage/types.js';

export { errorVendorOf, ROUTE_KINDS, type RouteKind, routeKindOf } from '../kb/route-scope.js';

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
 * The fix steps and citations for `entry` on `route` (`selectForRoute`: the advice for the route's kind, else the
 * defaults, with only the pages that hold on this route for the vendor whose error it is, `vendor`), and one line
 * saying which route was assumed when triage found none and the entry's advice differs by route. Pure.
 */
export function chooseAdvice(
	entry: Pick<KbEntry, 'fix' | 'citations' | 'routes'>,
	route: Route,
	lang: PosterLanguage = 'en',
	vendor: string | null = null,
): ChosenAdvice {
	const chosen = selectForRoute(entry, route, vendor);
	return {
		fix: chosen.fix,
		citations: chosen.citations,
		kind: chosen.kind,
		assumption: chosen.assumedDirect ? assumptionLine(entry, lang) : null,
	};
}

/**
 * The entry as the answer for `route` presents it: fix steps and citations replaced by the route's (what the LLM may
 * phrase and cite). Pure.
 */
export function entryForRoute<E extends Pick<KbEntry, 'fix' | 'citations' | 'routes'>>(
	entry: E,
	route: Route,
	vendor: string | null = null,
): E {
	const chosen = chooseAdvice(entry, route, 'en', vendor);
	return { ...entry, fix: [...chosen.fix], citations: [...chosen.citations] };
}

import { describe, expect, it } from 'vitest';
import { composeAnswer } from '../../../src/answer/compose-answer.js';
import { FOOTER } from '../../../src/answer/limits.js';
import {
	assumptionLine,
	chooseAdvice,
	entryForRoute,
	errorVendorOf,
	ROUTE_KINDS,
	routeKindOf,
} from '../../../src/answer/route-advice.js';
import type { Citation, KbEntry } from '../../../src/kb/entry-schema.js';
import { DISCORD_MESSAGE_LIMIT } from '../../../src/message-text.js';
import { type Route, RouteSchema, VENDOR_ROUTES } from '../../../src/triage/types.js';
import { aRankedMatch } from '../kb/a-ranked-match.js';
import { anError, aTriage } from '../kb/a-triage.js';
import { anEntry } from '../kb/an-entry.js';

const match = aRankedMatch({ entryId: 'rate-limited', cause: 'rate_limited' });

const page = (url: string, title: string): Citation => ({
	url,
	title,
	section: 'Overview',
	states: `Says what ${title} says.`,
});
const ROUTER_PAGE = page('https://openrouter.ai/docs/api/errors', 'OpenRouter API errors');
const VENDOR_PAGE = page('https://developers.openai.com/api/docs/guides/rate-limits', 'OpenAI rate limits');
const CLOUD_PAGE = page('https://learn.microsoft.com/en-us/azure/ai-foundry/openai/quotas-limits', 'Azure quotas');

/** A 429 entry whose defaults are the router's steps, with its own steps for the other kinds of route. */
const rateLimited = (routes: KbEntry['routes']): KbEntry =>
	anEntry({
		id: 'rate-limited',
		cause: 'rate_limited',
		statuses: [429],
		fix: ['Buy credits to raise the free-model allowance.', 'Add your own provider key (BYOK).'],
		citations: [ROUTER_PAGE],
		...(routes === undefined ? {} : { routes }),
	});
const withAllRoutes = rateLimited({
	direct: { fix: ['Back off and retry; your tier sets the limit.'], citations: [VENDOR_PAGE] },
	router: { fix: ['Buy credits to raise the free-model allowance.'], citations: [ROUTER_PAGE] },
	cloud: { fix: ['Ask for more quota on the deployment.'], citations: [CLOUD_PAGE] },
	relay: { fix: ['Ask the relay operator; its upstream key is rate-limited.'], citations: [] },
});

const links = (content: string) => [...content.matchAll(/\]\(<(https:[^>]+)>\)/g)].map((m) => m[1]);
const answer = (entry: KbEntry, route: Route, status = 429) =>
	composeAnswer(entry, match, aTriage({ route, error: anError({ status }) }));

describe('routeKindOf', () => {
	it('maps routers, clouds, relays and vendors to their kind', () => {
		expect(routeKindOf('openrouter')).toBe('router');
		expect(routeKindOf('onerouter')).toBe('router');
		for (const r of ['azure-openai', 'aws-bedrock', 'vertex', 'github-models'] as const)
			expect(routeKindOf(r)).toBe('cloud');
		expect(routeKindOf('relay')).toBe('relay');
		// A server on the user's own machine that forwards to a vendor (LiteLLM, new-api) is fixed like a relay.
		expect(routeKindOf('localhost')).toBe('relay');
		for (const r of ['openai', 'anthropic', 'gemini', 'groq', 'xai', 'mistral', 'deepseek'] as const)
			expect(routeKindOf(r)).toBe('direct');
		expect(routeKindOf('ollama')).toBeNull();
		expect(routeKindOf('unknown')).toBeNull();
	});

	it('gives every route a decision, and every vendor route a kind', () => {
		for (const route of RouteSchema.options) {
			const kind = routeKindOf(route);
			expect(kind === null || ROUTE_KINDS.includes(kind)).toBe(true);
		}
		for (const route of VENDOR_ROUTES) expect(routeKindOf(route)).not.toBeNull();
	});
});

describe('chooseAdvice', () => {
	it('gives the defaults, without a line about routes, when the entry has no per-route advice', () => {
		const entry = rateLimited(undefined);
		for (const route of ['openai', 'openrouter', 'unknown', 'ollama'] as const)
			expect(chooseAdvice(entry, route)).toEqual({
				fix: entry.fix,
				citations: entry.citations,
				kind: null,
				assumption: null,
			});
	});

	it("gives the advice for the route's kind, and the defaults for a kind the entry has no advice for", () => {
		expect(chooseAdvice(withAllRoutes, 'openai')).toMatchObject({ kind: 'direct', citations: [VENDOR_PAGE] });
		expect(chooseAdvice(withAllRoutes, 'vertex')).toMatchObject({ kind: 'cloud', citations: [CLOUD_PAGE] });
		const onlyRouter = rateLimited({ router: { fix: ['Pick another provider.'], citations: [ROUTER_PAGE] } });
		expect(chooseAdvice(onlyRouter, 'azure-openai')).toEqual({
			fix: onlyRouter.fix,
			citations: onlyRouter.citations,
			kind: null,
			assumption: null,
		});
	});

	it("cites the entry's default pages when the route's advice cites none", () => {
		expect(chooseAdvice(withAllRoutes, 'relay')).toEqual({
			fix: ['Ask the relay operator; its upstream key is rate-limited.'],
			citations: [ROUTER_PAGE],
			kind: 'relay',
			assumption: null,
		});
	});

	it('assumes a direct call when triage found no route, and says so naming the routes the entry has advice for', () => {
		const chosen = chooseAdvice(withAllRoutes, 'unknown');
		expect(chosen).toMatchObject({ kind: 'direct', citations: [VENDOR_PAGE] });
		expect(chosen.assumption).toBe(
			"I assumed you call the vendor's API directly; if you go through a router such as OpenRouter, a cloud platform (Azure, Bedrock, Vertex) or a relay, say so.",
		);
		// No `direct` advice: the defaults are the vendor's own steps.
		const onlyRouter = rateLimited({ router: { fix: ['Pick another provider.'], citations: [] } });
		expect(chooseAdvice(onlyRouter, 'unknown')).toEqual({
			fix: onlyRouter.fix,
			citations: onlyRouter.citations,
			kind: null,
			assumption:
				"I assumed you call the vendor's API directly; if you go through a router such as OpenRouter, say so.",
		});
		expect(assumptionLine(rateLimited({ direct: { fix: ['x'], citations: [] } }))).toBe(
			"I assumed you call the vendor's API directly; if you go through a router such as OpenRouter or a relay, say so.",
		);
		// A known route that is no kind (Ollama serves models itself) is not an assumption.
		expect(chooseAdvice(withAllRoutes, 'ollama').assumption).toBeNull();
	});

	it('leaves out a page scoped to other routes, from the defaults and from the advice alike', () => {
		const azurePage = { ...CLOUD_PAGE, routes: ['azure-openai' as const] };
		const awsPage = {
			...page('https://docs.aws.amazon.com/bedrock/quotas', 'Bedrock quotas'),
			routes: ['aws-bedrock' as const],
		};
		const routerPage = { ...ROUTER_PAGE, routes: ['router' as const] };
		const entry = anEntry({
			fix: ['Back off and retry.'],
			citations: [VENDOR_PAGE, routerPage],
			routes: { cloud: { fix: ['Ask for more quota.'], citations: [azurePage, awsPage] } },
		});
		// A route named by itself, and one named by its kind.
		expect(chooseAdvice(entry, 'azure-openai').citations).toEqual([azurePage]);
		expect(chooseAdvice(entry, 'aws-bedrock').citations).toEqual([awsPage]);
		expect(chooseAdvice(entry, 'openrouter').citations).toEqual([VENDOR_PAGE, routerPage]);
		expect(chooseAdvice(entry, 'openai').citations).toEqual([VENDOR_PAGE]);
		// No route found: a direct call is assumed (the entry has route advice), so `direct` scopes hold.
		const directOnly = { ...VENDOR_PAGE, routes: ['direct' as const] };
		expect(chooseAdvice({ ...entry, citations: [directOnly, routerPage] }, 'unknown').citations).toEqual([directOnly]);
		// Without route advice nothing is assumed: only unscoped pages and pages scoped to `unknown` hold.
		const plain = anEntry({
			fix: ['Back off.'],
			citations: [directOnly, { ...ROUTER_PAGE, routes: ['unknown', 'router'] }],
		});
		expect(chooseAdvice(plain, 'unknown').citations.map((c) => c.url)).toEqual([ROUTER_PAGE.url]);
		expect(chooseAdvice(plain, 'groq').citations).toEqual([directOnly]);
	});

	it('keeps a page scoped to upstream vendors only when the vendor that refused is one of them, or is unknown', () => {
		const openaiList = { ...page('https://help.openai.com/countries', 'OpenAI countries'), upstream: ['openai'] };
		const claudeList = {
			...page('https://platform.claude.com/docs/api/supported-regions', 'Claude regions'),
			upstream: ['anthropic'],
		};
		const routerPage = { ...ROUTER_PAGE, routes: ['openrouter' as const, 'unknown' as const] };
		const entry = anEntry({ fix: ['Serve from a supported region.'], citations: [openaiList, claudeList, routerPage] });
		// Behind a router: the vendor the error names (OpenRouter's provider_name) picks its own list.
		expect(chooseAdvice(entry, 'openrouter', 'en', 'anthropic').citations).toEqual([claudeList, routerPage]);
		expect(chooseAdvice(entry, 'openrouter', 'en', 'openai').citations).toEqual([openaiList, routerPage]);
		// A vendor with no list of its own gets the pages that hold for any vendor, never another vendor's list.
		expect(chooseAdvice(entry, 'openrouter', 'en', 'groq').citations).toEqual([routerPage]);
		// No vendor named: every list holds, the reader finds theirs.
		expect(chooseAdvice(entry, 'openrouter').citations).toEqual([openaiList, claudeList, routerPage]);
		expect(chooseAdvice(entry, 'relay', 'en', 'openai').citations).toEqual([openaiList]);
		// On a vendor's own API the route names the vendor, whatever the error body is taken for.
		expect(chooseAdvice(entry, 'anthropic', 'en', 'openai').citations).toEqual([claudeList]);
		expect(chooseAdvice(entry, 'aws-bedrock').citations).toEqual([]);
	});

	it('errorVendorOf names the vendor behind a router, else the provider the error body names', () => {
		const routed = aTriage({
			route: 'openrouter',
			error: anError({
				status: 403,
				provider: 'Anthropic',
				providerError: {
					providerName: 'Anthropic',
					raw: null,
					message: 'Request not allowed',
					code: null,
					type: 'forbidden',
					reasons: [],
					flaggedInput: null,
					modelSlug: null,
				},
			}),
		});
		expect(errorVendorOf(routed)).toBe('anthropic');
		expect(errorVendorOf(aTriage({ error: anError({ provider: 'Google AI Studio' }) }))).toBe('google-gemini');
		expect(errorVendorOf(aTriage({ error: anError({ provider: null }) }))).toBeNull();
		expect(errorVendorOf(aTriage({}))).toBeNull();
	});

	it('entryForRoute replaces only the steps and the pages', () => {
		const shown = entryForRoute(withAllRoutes, 'openai');
		expect(shown).toEqual({
			...withAllRoutes,
			fix: ['Back off and retry; your tier sets the limit.'],
			citations: [VENDOR_PAGE],
		});
		expect(entryForRoute(rateLimited(undefined), 'openai')).toEqual(rateLimited(undefined));
	});
});

describe('composeAnswer with per-route advice', () => {
	it("shows the route's steps, and links and lists exactly the route's pages", () => {
		const direct = answer(withAllRoutes, 'openai');
		expect(direct.content).toContain('**Fix**\n1. Back off and retry; your tier sets the limit.');
		expect(direct.content).not.toMatch(/free-model|BYOK/);
		expect(direct.citations).toEqual([VENDOR_PAGE.url]);
		expect(links(direct.content)).toEqual([VENDOR_PAGE.url]);
		expect(direct.content).not.toContain('openrouter.ai');
		expect(direct.routeKind).toBe('direct');

		const router = answer(withAllRoutes, 'openrouter');
		expect(router.content).toContain('1. Buy credits to raise the free-model allowance.');
		expect(router.citations).toEqual([ROUTER_PAGE.url]);
		expect(links(router.content)).toEqual([ROUTER_PAGE.url]);

		const cloud = answer(withAllRoutes, 'aws-bedrock');
		expect(cloud.content).toContain('1. Ask for more quota on the deployment.');
		expect(links(cloud.content)).toEqual([CLOUD_PAGE.url]);
		expect(cloud.citations).toEqual([CLOUD_PAGE.url]);
	});

	it('says which route it assumed, under the diagnosis, only when triage found none', () => {
		const assumed = answer(withAllRoutes, 'unknown');
		const lines = assumed.content.split('\n');
		expect(lines[0]).toBe(`**${withAllRoutes.diagnosis}**`);
		expect(lines).toContain(assumptionLine(withAllRoutes));
		expect(assumed.citations).toEqual([VENDOR_PAGE.url]);
		expect(answer(withAllRoutes, 'openai').content).not.toContain('I assumed');
		expect(answer(rateLimited(undefined), 'unknown').content).not.toContain('I assumed');
	});

	it('keeps the entry defaults where the route has no advice', () => {
		const reply = answer(rateLimited({ direct: { fix: ['Back off.'], citations: [VENDOR_PAGE] } }), 'openrouter');
		expect(reply.content).toContain('1. Buy credits to raise the free-model allowance.\n2. Add your own provider key');
		expect(reply.citations).toEqual([ROUTER_PAGE.url]);
		expect(reply.routeKind).toBeNull();
	});

	it("never exceeds 2000 characters with long route advice, and keeps the route's pages and the footer", () => {
		const long = 'word '.repeat(90).trim();
		const pages = Array.from({ length: 6 }, (_, i) => ({
			url: `https://developers.openai.com/api/docs/guides/rate-limits#${i}`,
			title: `Title ${i}`,
			section: long.slice(0, 150),
			states: long.slice(0, 300),
		}));
		const entry = rateLimited({
			direct: { fix: Array.from({ length: 8 }, () => long.slice(0, 399)), citations: pages },
			router: { fix: ['x'], citations: [ROUTER_PAGE] },
		});
		for (const route of ['openai', 'unknown'] as const) {
			const reply = composeAnswer(
				{ ...entry, diagnosis: long.slice(0, 290) },
				match,
				aTriage({ route, secrets: ['openai'], error: anError({ status: 401 }) }),
			);
			expect(reply.content.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
			expect(reply.content.endsWith(FOOTER)).toBe(true);
			expect(links(reply.content)).toEqual(pages.map((p) => p.url));
			expect(reply.citations).toEqual(pages.map((p) => p.url));
		}
	});
});

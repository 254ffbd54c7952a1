import { z } from 'zod';
import { ErrorLayerSchema, RouteSchema } from '../triage/types.js';
import type { EntryTranslation, PosterLanguage } from './entry-translation.js';

const Weight = z
	.number()
	.min(-20)
	.max(20)
	.refine((w) => w !== 0, 'must not be 0');
const Text = z.string().trim().min(1);

/** Case-insensitive substring of the post and error text (whitespace-normalised, JSON escapes undone). */
const TextCheck = z.strictObject({ kind: z.literal('text'), value: z.string().min(3) });
/** Case-insensitive regular expression over the same text; must match one of the entry's `examples`. */
const RegexCheck = z.strictObject({ kind: z.literal('regex'), value: z.string().min(3) });
/** Error `code` (top level, nested provider error, or HTML error code); also found as a token in the text. */
const CodeCheck = z.strictObject({ kind: z.literal('code'), value: Text });
/** Error `type` (top level or nested provider error); also found as `"type": "<value>"` in the text. */
const TypeCheck = z.strictObject({ kind: z.literal('type'), value: Text });
/** Provider reason: router moderation `reasons`, Google `ErrorInfo.reason` token. `*` = any router reason present. */
const ReasonCheck = z.strictObject({ kind: z.literal('reason'), value: Text });
/** HTTP status of the error. */
const StatusCheck = z.strictObject({ kind: z.literal('status'), value: z.number().int().min(100).max(599) });
/** Which layer produced the error. */
const LayerCheck = z.strictObject({ kind: z.literal('layer'), value: ErrorLayerSchema });
/** Where the request was sent. */
const RouteCheck = z.strictObject({ kind: z.literal('route'), value: RouteSchema });
/** The post names a direct provider that is not one of this entry's `providers` (the body came from elsewhere). */
const RouteMismatchCheck = z.strictObject({ kind: z.literal('route_mismatch'), value: z.literal(true) });
/** Host in `base_url` or any URL of the post (suffix match). */
const HostCheck = z.strictObject({ kind: z.literal('host'), value: Text });
/** Request or response header name, optionally with a case-insensitive value pattern. */
const HeaderCheck = z.strictObject({ kind: z.literal('header'), value: Text, pattern: z.string().min(1).optional() });
/** Regular expression over the model ids the post mentions. */
const ModelCheck = z.strictObject({ kind: z.literal('model'), value: Text });
/** Provider named by the error body or router envelope (`OpenAI`, `Azure` …). */
const ProviderCheck = z.strictObject({ kind: z.literal('provider'), value: Text });
/** Exception class or SDK error name (`AccessDeniedException`). */
const ExceptionCheck = z.strictObject({ kind: z.literal('exception'), value: Text });
/** Error body shape recognised by triage (`html`, `prose`, `json` …). */
const ShapeCheck = z.strictObject({ kind: z.literal('shape'), value: Text });
/** Routing / BYOK option set in the code (`provider`, `byok_conf`, `extra_body` …). */
const RoutingOptionCheck = z.strictObject({ kind: z.literal('routing_option'), value: Text });

const CHECKS = [
	TextCheck,
	RegexCheck,
	CodeCheck,
	TypeCheck,
	ReasonCheck,
	StatusCheck,
	LayerCheck,
	RouteCheck,
	RouteMismatchCheck,
	HostCheck,
	HeaderCheck,
	ModelCheck,
	ProviderCheck,
	ExceptionCheck,
	ShapeCheck,
	RoutingOptionCheck,
] as const;

/** Evidence a signal looks for in a triaged post (without its weight). */
export const CheckSchema = z.discriminatedUnion('kind', CHECKS);
export type Check = z.infer<typeof CheckSchema>;

/** Kinds that only describe the context of a post; an entry needs some other evidence before they count. */
export const CONTEXT_KINDS: ReadonlySet<string> = new Set(['status', 'layer', 'route', 'route_mismatch', 'host']);

const weighted = { weight: Weight };

/**
 * One piece of evidence an entry looks for, with how much it counts (negative weights are counter-evidence).
 * Guide: 10 = only this cause produces it, 5 = strong, 2–3 = supporting, 1 = weak. `all` fires when every check in
 * `of` does (e.g. an Anthropic-shaped body AND a post configured for another provider).
 */
export const SignalSchema = z.discriminatedUnion('kind', [
	TextCheck.extend(weighted),
	RegexCheck.extend(weighted),
	CodeCheck.extend(weighted),
	TypeCheck.extend(weighted),
	ReasonCheck.extend(weighted),
	StatusCheck.extend(weighted),
	LayerCheck.extend(weighted),
	RouteCheck.extend(weighted),
	RouteMismatchCheck.extend(weighted),
	HostCheck.extend(weighted),
	HeaderCheck.extend(weighted),
	ModelCheck.extend(weighted),
	ProviderCheck.extend(weighted),
	ExceptionCheck.extend(weighted),
	ShapeCheck.extend(weighted),
	RoutingOptionCheck.extend(weighted),
	z.strictObject({ kind: z.literal('all'), of: z.array(CheckSchema).min(2), weight: Weight }),
]);
export type Signal = z.infer<typeof SignalSchema>;
export type SignalKind = Signal['kind'];

/** The kinds of route an entry can give its own steps and pages for. */
export const RouteKindSchema = z.enum(['direct', 'router', 'cloud', 'relay']);

/**
 * Where a page holds: a kind of route (`direct`, `router`, `cloud`, `relay`) or one route as triage names it
 * (`openai`, `openrouter`, `aws-bedrock`, `unknown` …).
 */
export const CitationScopeSchema = z.union([RouteKindSchema, RouteSchema]);
export type CitationScope = z.infer<typeof CitationScopeSchema>;

/**
 * A page that supports the fix: where it is (URL, title, the section or heading read) and what that section states,
 * in our own words. The page must have a source record (`kb/sources/*.yaml`) listing that section.
 */
export const CitationSchema = z.strictObject({
	url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }),
	title: Text,
	/** The heading or section of the page that supports the fix (as the page names it). */
	section: Text.max(160),
	/** What that section states, in our own words (never the page's sentences). */
	states: Text.max(320),
	/**
	 * The routes the page supports the steps for, where it does not hold on every route the list is given for (a
	 * vendor's page under steps shared by several vendors; a router's page beside a cloud's). An answer for any other
	 * route leaves it out. Absent: every route.
	 */
	routes: z.array(CitationScopeSchema).min(1).optional(),
	/**
	 * Vendor ids (`kb/vendors/<id>.yaml`) whose refusal the page is about, for a page that holds only when one of them
	 * refused the request (one vendor's supported-countries list under steps shared by several). The refusing vendor
	 * is the route's own on a vendor's API or a cloud; behind a router or relay, or with no route found, the vendor the
	 * error names (a router's `provider_name`, the error body's provider). An answer for another vendor leaves the page
	 * out; when no vendor is known, it holds. Absent: any vendor.
	 */
	upstream: z
		.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a vendor id (kebab-case)'))
		.min(1)
		.optional(),
});
export type Citation = z.infer<typeof CitationSchema>;

/** The route kinds in the order an entry's route citations are listed for translators. */
const ROUTE_ORDER = ['direct', 'router', 'cloud', 'relay'] as const;

/**
 * The distinct pages an entry cites (its own citations, then each route's in ROUTE_ORDER; one citation cited twice
 * counted once): what `kb/i18n/<lang>/<id>.yaml` translates under `citations`, in this order. Pure.
 */
export function translatableCitations(entry: Pick<KbEntry, 'citations' | 'routes'>): Citation[] {
	const seen = new Map<string, Citation>();
	const all = [...entry.citations, ...ROUTE_ORDER.flatMap((kind) => entry.routes?.[kind]?.citations ?? [])];
	for (const c of all) {
		const key = citationKey(c);
		if (!seen.has(key)) seen.set(key, c);
	}
	return [...seen.values()];
}

/** One citation's identity: the page, its section and what it states (a section may be cited for two facts). */
export const citationKey = (c: Citation): string => `${c.url}\u0000${c.section}\u0000${c.states}`;

/** Steps and pages for one kind of route (see `EntryFrontMatterSchema.routes`). */
export const RouteAdviceSchema = z.strictObject({
	fix: z.array(Text.max(400)).min(1).max(8),
	citations: z.array(CitationSchema).default([]),
});
export type RouteAdvice = z.infer<typeof RouteAdviceSchema>;

export const EscalateSchema = z.strictObject({
	/** When the user should go to the vendor (e.g. "you believe the block is a false positive"). */
	when: Text,
	/** Why only the vendor can fix it. */
	why: Text,
});

/** The YAML front matter of one `kb/*.md` file. */
export const EntryFrontMatterSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)'),
	cause: z.string().regex(/^[a-z0-9_]+$/, 'must be a cause id (snake_case)'),
	title: Text.max(120),
	/** One line naming the cause, as the reply's first line. */
	diagnosis: Text.max(300),
	providers: z.array(Text).min(1),
	/** HTTP statuses this shows up as, look-alikes included. */
	statuses: z.array(z.number().int().min(100).max(599)).min(1),
	signals: z.array(SignalSchema).min(1),
	fix: z.array(Text.max(400)).min(1).max(8),
	citations: z.array(CitationSchema).default([]),
	/** Why no public page can be cited (only for behaviour no page documents, such as one relay's own message). */
	uncitable: Text.max(300).optional(),
	/**
	 * Steps and pages for one kind of route, where they differ from the entry's defaults: the same cause is fixed in
	 * different places when the request went straight to the vendor, through a router, a cloud platform or a relay.
	 */
	routes: z.partialRecord(RouteKindSchema, RouteAdviceSchema).optional(),
	escalate: EscalateSchema.optional(),
	/**
	 * Retired: who to contact comes from the vendor records (`kb/vendors/<id>.yaml`, one home per support contact),
	 * chosen for the route the answer is about. Kept only to say so to whoever still writes it.
	 */
	support: z
		.never({
			error: 'support contacts live in kb/vendors/<id>.yaml (one record per vendor); remove `support` from the entry',
		})
		.optional(),
	/** Short error strings seen for this cause; every `regex` signal must match at least one. */
	examples: z.array(Text).min(1),
});
export type EntryFrontMatter = z.infer<typeof EntryFrontMatterSchema>;

/** A loaded entry: front matter, the Markdown prose after it, and where it came from. */
export interface KbEntry extends EntryFrontMatter {
	readonly body: string;
	readonly file: string;
	/** What the poster reads, in other languages (`kb/i18n/<lang>/<id>.yaml`); absent where none is written yet. */
	readonly translations?: Readonly<Partial<Record<PosterLanguage, EntryTranslation>>>;
}

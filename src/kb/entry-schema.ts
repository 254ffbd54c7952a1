import { z } from 'zod';
import { ErrorLayerSchema, RouteSchema } from '../triage/types.js';

const Weight = z
	.number()
	.min(-20)
	.max(20)
	.refine((w) => w !== 0, 'must not be 0');
const Text = z.string().trim().min(1);

/**
 * One piece of evidence an entry looks for in a triaged post. `weight` is how much it counts (negative weights are
 * counter-evidence). Guide: 10 = only this cause produces it, 5 = strong, 2–3 = supporting, 1 = weak.
 */
export const SignalSchema = z.discriminatedUnion('kind', [
	/** Case-insensitive substring of the post and error text (whitespace-normalised, JSON escapes undone). */
	z.strictObject({ kind: z.literal('text'), value: z.string().min(3), weight: Weight }),
	/** Case-insensitive regular expression over the same text; must match one of the entry's `examples`. */
	z.strictObject({ kind: z.literal('regex'), value: z.string().min(3), weight: Weight }),
	/** Error `code` (top level, nested provider error, or HTML error code); also found as a token in the text. */
	z.strictObject({ kind: z.literal('code'), value: Text, weight: Weight }),
	/** Error `type` (top level or nested provider error); also found as `"type": "<value>"` in the text. */
	z.strictObject({ kind: z.literal('type'), value: Text, weight: Weight }),
	/** Provider reason: router moderation `reasons`, Google `ErrorInfo.reason`. `*` = any router reason present. */
	z.strictObject({ kind: z.literal('reason'), value: Text, weight: Weight }),
	/** HTTP status of the error. */
	z.strictObject({ kind: z.literal('status'), value: z.number().int().min(100).max(599), weight: Weight }),
	/** Which layer produced the error. */
	z.strictObject({ kind: z.literal('layer'), value: ErrorLayerSchema, weight: Weight }),
	/** Where the request was sent. */
	z.strictObject({ kind: z.literal('route'), value: RouteSchema, weight: Weight }),
	/** The post names a direct provider that is not one of this entry's `providers` (the body came from elsewhere). */
	z.strictObject({ kind: z.literal('route_mismatch'), value: z.literal(true), weight: Weight }),
	/** Host in `base_url` or any URL of the post (suffix match). */
	z.strictObject({ kind: z.literal('host'), value: Text, weight: Weight }),
	/** Request or response header name, optionally with a case-insensitive value pattern. */
	z.strictObject({ kind: z.literal('header'), value: Text, pattern: z.string().min(1).optional(), weight: Weight }),
	/** Regular expression over the model ids the post mentions. */
	z.strictObject({ kind: z.literal('model'), value: Text, weight: Weight }),
	/** Provider named by the error body or router envelope (`OpenAI`, `Azure` …). */
	z.strictObject({ kind: z.literal('provider'), value: Text, weight: Weight }),
	/** Exception class or SDK error name (`AccessDeniedException`). */
	z.strictObject({ kind: z.literal('exception'), value: Text, weight: Weight }),
	/** Error body shape recognised by triage (`html`, `prose`, `json` …). */
	z.strictObject({ kind: z.literal('shape'), value: Text, weight: Weight }),
	/** Routing / BYOK option set in the code (`provider`, `byok_conf`, `extra_body` …). */
	z.strictObject({ kind: z.literal('routing_option'), value: Text, weight: Weight }),
]);
export type Signal = z.infer<typeof SignalSchema>;
export type SignalKind = Signal['kind'];

export const CitationSchema = z.strictObject({
	url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }),
	title: Text,
	/** The sentence on that page that supports the fix, verbatim. */
	quote: z.string().trim().min(10),
});
export type Citation = z.infer<typeof CitationSchema>;

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
	escalate: EscalateSchema.optional(),
	/** Vendor support address or page. */
	support: Text.optional(),
	/** Short error strings seen for this cause; every `regex` signal must match at least one. */
	examples: z.array(Text).min(1),
});
export type EntryFrontMatter = z.infer<typeof EntryFrontMatterSchema>;

/** A loaded entry: front matter, the Markdown prose after it, and where it came from. */
export interface KbEntry extends EntryFrontMatter {
	readonly body: string;
	readonly file: string;
}
